package dev.arca.server.policy;

import java.util.Set;

/** The groups a subject belongs to, so that policies bound to {@code group:NAME} apply to its members. */
@FunctionalInterface
public interface GroupMembership {
    /** For a server without users and groups: nobody belongs to any group. */
    GroupMembership NONE = (vaultId, subject) -> Set.of();

    /** @return group names of {@code subject} in {@code vaultId}; empty when none */
    Set<String> groupsOf(String vaultId, String subject);
}
