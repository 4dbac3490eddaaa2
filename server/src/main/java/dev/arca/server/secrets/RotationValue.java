package dev.arca.server.secrets;

import dev.arca.api.ErrorCode;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The value a rotation makes current, from its request: the given {@code value} or {@code fields}, a generated
 * single value ({@code generate}), or — for a structured secret — the current version's fields with those named in
 * {@code generate_fields} generated anew. Every refusal is a 400 naming the part of the request to change, raised
 * before anything is stored.
 */
final class RotationValue {
    private static final int MAX_QUOTED = 64;

    private final SecretVersions versions;
    private final PasswordGenerator generator;

    RotationValue(SecretVersions versions, PasswordGenerator generator) {
        this.versions = versions;
        this.generator = generator;
    }

    /** The new value of {@code row} that {@code request} asks for, of the secret's own type. */
    SecretValue of(SecretStore.Row row, Secret.Rotate request) {
        List<String> generateFields = request.generateFields();
        if (generateFields != null) {
            if (request.value() != null || request.fields() != null) {
                throw ArcaException.invalid("generate_fields", "'generate_fields' generates fields anew and keeps the "
                        + "others from the current version; give it without 'value' and 'fields'");
            }
            return withGeneratedFields(row, generateFields, request.generate());
        }
        int given = (request.value() != null ? 1 : 0) + (request.fields() != null ? 1 : 0)
                + (request.generate() != null ? 1 : 0);
        if (given != 1) {
            throw ArcaException.invalid("value", "give exactly one of 'value', 'fields' and 'generate' (or "
                    + "'generate_fields' for fields of a structured secret)");
        }
        if (request.generate() == null) {
            return SecretValue.of(row.type(), SecretText.revealOrNull(request.value()),
                    SecretText.revealAll(request.fields()));
        }
        if (SecretValue.isStructured(row.type())) {
            throw new ArcaException(ErrorCode.SECRET_STRUCTURE, "secret " + row.path() + " holds fields, not a "
                    + "single value; rotate it with 'fields', or name the fields to generate in 'generate_fields'",
                    Map.of("field", "generate"));
        }
        return SecretValue.of(row.type(), generator.generate(request.generate()), null);
    }

    private SecretValue withGeneratedFields(SecretStore.Row row, List<String> names,
            Secret.@Nullable Generate options) {
        if (!SecretValue.isStructured(row.type())) {
            throw new ArcaException(ErrorCode.SECRET_STRUCTURE, "secret " + row.path() + " holds a single value, "
                    + "not fields; rotate it with 'generate' instead of 'generate_fields'",
                    Map.of("field", "generate_fields"));
        }
        checkNames(names);
        Map<String, String> current = Objects.requireNonNull(
                SecretText.revealAll(versions.reveal(row, Optional.empty(), Optional.empty()).fields()),
                "a structured secret's version has fields");
        var next = new TreeMap<>(current);
        for (String name : names) {
            if (!current.containsKey(name)) {
                throw new ArcaException(ErrorCode.INVALID_REQUEST, "secret " + row.path() + " has no field '"
                        + quoted(name) + "' to generate; its fields are: " + String.join(", ", next.keySet())
                        + " (add a field by rotating with 'fields')",
                        Map.of("field", "generate_fields", "available", List.copyOf(next.keySet())));
            }
            next.put(name, generator.generate(options));
        }
        return SecretValue.of(row.type(), null, next);
    }

    private static void checkNames(List<String> names) {
        if (names.isEmpty()) {
            throw ArcaException.invalid("generate_fields", "generate_fields names at least one field to generate");
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (name == null) {
                throw ArcaException.invalid("generate_fields", "generate_fields holds field names, not null");
            }
            if (!seen.add(name)) {
                throw ArcaException.invalid("generate_fields", "field '" + quoted(name) + "' is named twice in "
                        + "generate_fields");
            }
        }
    }

    /** A name as a message quotes it: a field name is not secret, but an unknown one may be any length. */
    private static String quoted(String name) {
        return name.length() > MAX_QUOTED ? name.substring(0, MAX_QUOTED) + "…" : name;
    }
}
