package dev.arca.cli;

import dev.arca.api.Export;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The environment {@code arca run} gives its program: arca's own environment without arca's credentials, plus the
 * variables that secrets and the env file offer.
 *
 * <p>Guarantees, each unless the caller's {@link Rules} relax it by name or explicitly:
 * <ul>
 *   <li>no variable on {@link UnsafeVariableNames} comes from a secret or an env file ({@code --allow-env NAME});
 *   <li>none of {@link UnsafeVariableNames#ARCA_CREDENTIALS} is inherited ({@code --allow-env NAME});
 *   <li>no variable is replaced or dropped because two sources give the same name: a secret or env-file line over
 *       a variable already in the environment, the env file over a secret, or several secrets the export leaves
 *       out ({@code --allow-collisions}, and then each with a warning).
 * </ul>
 * What breaks a rule is refused as a whole: every offending variable is named with where it came from (never its
 * value) and nothing is started.
 */
final class ChildEnvironment {
    private ChildEnvironment() {}

    /** A variable a secret or an env-file line offers; {@code origin} names its source for messages, lazily. */
    record Offered(String name, String value, Supplier<String> origin) {
        @Override
        public String toString() {
            return "Offered[name=" + name + ", value=<redacted>]";
        }
    }

    /** What the caller allowed: unsafe names or credentials by exact name, and collisions. */
    record Rules(Set<String> allowedNames, boolean allowCollisions) {
        Rules {
            allowedNames = Set.copyOf(allowedNames);
        }
    }

    /**
     * The program's environment.
     *
     * @param offered the secrets' and env file's variables, in the order they apply (a later one would win)
     * @param exportCollisions the names the export left out because several secrets share them
     * @param warn told each relaxed rule (a collision let through), one line without the {@code warning: } prefix
     * @throws CommandFailure naming every variable that breaks a rule, and where it came from
     */
    static Map<String, String> build(Map<String, String> inherited, List<Offered> offered,
            List<Export.Collision> exportCollisions, Rules rules, Consumer<String> warn) {
        var environment = new LinkedHashMap<>(inherited);
        UnsafeVariableNames.ARCA_CREDENTIALS.stream().filter(name -> !rules.allowedNames().contains(name))
                .forEach(environment::remove);
        var problems = new ArrayList<String>();
        unsafe(offered, rules).ifPresent(problems::add);
        var collisions = new ArrayList<String>();
        for (Export.Collision collision : exportCollisions) {
            collisions.add(collision.name() + " left out: " + String.join(", ", collision.paths()) + " all become "
                    + collision.name());
        }
        var setBy = new HashMap<String, Offered>();
        for (Offered variable : offered) {
            Offered earlier = setBy.put(variable.name(), variable);
            if (earlier != null) {
                collisions.add(variable.name() + " from " + variable.origin().get() + " replaces the one from "
                        + earlier.origin().get());
            } else if (environment.containsKey(variable.name())) {
                collisions.add(variable.name() + " from " + variable.origin().get() + " replaces the one already in "
                        + "arca's environment");
            }
            environment.put(variable.name(), variable.value());
        }
        if (rules.allowCollisions()) {
            collisions.forEach(warn);
        } else if (!collisions.isEmpty()) {
            problems.add(String.join("; ", collisions) + " (rename or unset one, or pass --allow-collisions)");
        }
        if (!problems.isEmpty()) {
            throw new CommandFailure(String.join("; ", problems));
        }
        return environment;
    }

    private static Optional<String> unsafe(List<Offered> offered, Rules rules) {
        var named = new LinkedHashSet<String>();
        var names = new LinkedHashSet<String>();
        for (Offered variable : offered) {
            if (UnsafeVariableNames.isUnsafe(variable.name()) && !rules.allowedNames().contains(variable.name())) {
                named.add(variable.name() + " (from " + variable.origin().get() + ")");
                names.add(variable.name());
            }
        }
        if (named.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join(", ", named) + (names.size() == 1 ? " is a variable" : " are variables")
                + " that can make a program run other code or connect elsewhere; if that is intended, pass "
                + String.join(" ", names.stream().map(name -> "--allow-env " + name).toList()));
    }
}
