package dev.arca.server.policy;

import java.util.List;

/**
 * Grants made when an identity is created (a machine's enrollment {@code --projects}/{@code --secrets}) are
 * ordinary policies: this writes one and binds it to its subject, in the caller's transaction.
 */
public interface Grants {
    /**
     * @param subject as bindings name it: {@code machine:mach_…}, {@code agent:NAME}
     * @param readPaths path patterns ({@code app/**}, {@code app/db}) granted {@code read} and {@code list}
     */
    void grantRead(String vaultId, String policyName, List<String> readPaths, String subject);

    /**
     * Removes every binding of {@code subject} in the vault, when the identity it names is deleted: a user
     * created again under the same name must not inherit what the old one was granted.
     */
    void forgetSubject(String vaultId, String subject);
}
