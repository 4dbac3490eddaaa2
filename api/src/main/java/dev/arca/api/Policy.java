package dev.arca.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A named list of access rules in one vault: {@code GET /v1/vaults/{vault}/policies/{name}}. The server answers
 * with its rules normalised (effect always present, permissions in a fixed order, CIDR ranges in canonical form,
 * times as ISO-8601 instants, empty conditions left out).
 *
 * @param name lower case {@code [a-z0-9][a-z0-9_-]{0,63}}
 */
public record Policy(String name, String vaultId, List<Rule> rules, Instant createdAt, Instant updatedAt) {
    public Policy {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /**
     * One rule: which paths, which permissions, allow or deny, and under which conditions it applies.
     *
     * @param path a glob: {@code *} is one whole segment, {@code **} any number of segments (zero included), a
     *     segment ending in {@code *} matches by prefix ({@code web-*})
     * @param permissions any of {@code read list create update delete rotate use use:header egress lease admin}
     * @param effect {@code allow} (the default) or {@code deny}; a matching deny wins over every allow
     * @param conditions all must hold for the rule to apply; null = always
     */
    public record Rule(String path, List<String> permissions, String effect, @Nullable Conditions conditions) {
        public Rule {
            permissions = copyKeepingNulls(permissions);
        }
    }

    /**
     * When a rule applies.
     *
     * @param ipRanges the caller's address must lie in one of these CIDR ranges (IPv4 or IPv6)
     * @param requireMfa the caller must have verified a second factor
     * @param notBefore ISO-8601 instant before which the rule does not apply
     * @param notAfter ISO-8601 instant after which the rule does not apply
     */
    public record Conditions(@Nullable List<String> ipRanges, @Nullable Boolean requireMfa, @Nullable String notBefore,
            @Nullable String notAfter) {
        public Conditions {
            ipRanges = copyKeepingNulls(ipRanges);
        }
    }

    /** {@code PUT /v1/vaults/{vault}/policies/{name}}: creates the policy or replaces its rules. */
    public record Put(List<Rule> rules) {
        public Put {
            rules = copyKeepingNulls(rules);
        }
    }

    /** {@code POST /v1/vaults/{vault}/policies/{name}/bindings}: {@code user:alice}, {@code group:ops}, … */
    public record Binding(String subject) {}

    /**
     * {@code POST /v1/vaults/{vault}/policies/test}: would {@code subject} be allowed {@code permission} on
     * {@code path}, calling from {@code ip} (none: rules with {@code ip_ranges} do not apply), with or without MFA,
     * now?
     */
    public record Test(String subject, String path, String permission, String ip, @Nullable Boolean mfa) {}

    /**
     * The answer to {@link Test}: the decision, the policy and rule that made it (absent for a default deny), a
     * sentence saying why, and every policy that applied to the subject.
     */
    public record TestResult(boolean allowed, @Nullable String policy, @Nullable Integer ruleIndex, @Nullable Rule rule,
            String reason, List<String> policiesConsidered) {
        public TestResult {
            policiesConsidered = List.copyOf(policiesConsidered);
        }
    }

    /**
     * An unmodifiable copy that keeps null elements: a request may carry them, and the server must be able to
     * answer 400 naming the element rather than fail while binding the body.
     */
    private static <T> @Nullable List<T> copyKeepingNulls(@Nullable List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
