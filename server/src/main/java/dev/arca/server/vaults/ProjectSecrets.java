package dev.arca.server.vaults;

import dev.arca.server.identity.Principal;

/** The secrets of a project, as far as deleting the project needs them (implemented by the secrets feature). */
public interface ProjectSecrets {
    /**
     * Soft-deletes every live secret of the project, in the caller's transaction; watchers hear of each after it
     * commits.
     */
    void deleteAll(String vaultId, String projectId, Principal by);
}
