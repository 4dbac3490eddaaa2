package dev.arca.server.policy;

import org.jspecify.annotations.Nullable;

/**
 * The answer to an {@link AccessRequest} and why: the policy and rule that decided, or none when nothing matched
 * (deny by default).
 *
 * @param ruleIndex 0-based index of the deciding rule in its policy; -1 when no rule decided
 */
public record Decision(boolean allowed, @Nullable String policy, int ruleIndex, String reason) {
    public static Decision defaultDeny(String reason) {
        return new Decision(false, null, -1, reason);
    }
}
