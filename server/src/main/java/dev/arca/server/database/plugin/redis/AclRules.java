package dev.arca.server.database.plugin.redis;

import dev.arca.server.database.plugin.DatabaseException;
import dev.arca.server.database.plugin.Templates;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A role's Redis statements: ACL rules ({@code ~*}, {@code +@read}, {@code ~{{name}}:*}), each passed to
 * {@code ACL SETUSER} as its own argument, so a rule can never add a second one.
 *
 * <p>Guarantees: a user's password comes only from Arca and its state only from the plugin — a rule that sets,
 * adds, removes or clears a password ({@code >…}, {@code <…}, {@code #…}, {@code !…}, {@code nopass},
 * {@code resetpass}) or the user's state ({@code on}, {@code off}, {@code reset}) is refused before anything reaches
 * Redis. A rule holding whitespace is refused too, which leaves out Redis 7 selectors ({@code (~k +get)}).
 */
final class AclRules {
    private static final Set<String> ARCA_OWNED = Set.of("nopass", "resetpass", "on", "off", "reset");
    private static final String PASSWORD_RULE_STARTS = "><#!";

    private AclRules() {}

    /**
     * The rules for {@code username}, their {@code {{name}}} filled.
     *
     * @throws DatabaseException.Failed naming the first rule Arca does not pass on
     */
    static List<String> render(List<String> rules, String username) {
        var rendered = new ArrayList<String>(rules.size());
        for (String rule : rules) {
            refuseIfArcaOwned(rule);
            rendered.add(Templates.render(rule, username));
        }
        return rendered;
    }

    private static void refuseIfArcaOwned(String rule) {
        if (rule.isEmpty() || rule.chars().anyMatch(Character::isWhitespace)) {
            throw new DatabaseException.Failed("a Redis ACL rule is one word without whitespace (selectors are not "
                    + "supported); got \"" + rule + "\"", null);
        }
        if (PASSWORD_RULE_STARTS.indexOf(rule.charAt(0)) >= 0) {
            // the rule itself may hold a password: it is not quoted back
            throw new DatabaseException.Failed("a Redis ACL rule may not set a password (rules starting with '>', "
                    + "'<', '#' or '!'): passwords come only from Arca", null);
        }
        if (ARCA_OWNED.contains(rule.toLowerCase(Locale.ROOT))) {
            throw new DatabaseException.Failed("the Redis ACL rule \"" + rule + "\" is Arca's to set: a user's "
                    + "password and on/off state come only from Arca", null);
        }
    }
}
