package dev.arca.server.rotation;

import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.server.secrets.PasswordGenerator;
import dev.arca.server.secrets.SecretValue;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A generate policy: a new single value, or new values for the named fields of a structured secret (the others
 * kept). Nothing outside Arca holds the value, so setting and testing are nothing.
 */
final class GenerateTarget implements RotationTarget {
    private final Secret.@Nullable Generate options;
    private final List<String> fields;
    private final PasswordGenerator generator;

    GenerateTarget(Secret.@Nullable Generate options, List<String> fields, PasswordGenerator generator) {
        this.options = options;
        this.fields = List.copyOf(fields);
        this.generator = generator;
    }

    @Override
    public Candidate candidate(Secret current) {
        if (!SecretValue.isStructured(current.type())) {
            return Candidate.single(current.type(), generator.generate(options));
        }
        Map<String, String> next = new TreeMap<>(java.util.Objects.requireNonNull(
                SecretText.revealAll(current.fields()), "a structured secret has fields"));
        for (String field : fields) {
            if (!next.containsKey(field)) {
                throw RunFailure.lasting("secret " + current.path() + " has no field '" + field + "' to generate; "
                        + "its fields are " + String.join(", ", next.keySet()));
            }
            next.put(field, generator.generate(options));
        }
        return Candidate.fields(current.type(), next);
    }

    @Override
    public void set(Secret current, Candidate candidate) {}

    @Override
    public boolean test(Secret current, Candidate candidate) {
        return true;
    }

    @Override
    public boolean holds(Secret current, Candidate candidate) {
        return false;
    }

    @Override
    public boolean finishesFromBase() {
        return true;
    }

    @Override
    public boolean setMayLinger() {
        return false;
    }
}
