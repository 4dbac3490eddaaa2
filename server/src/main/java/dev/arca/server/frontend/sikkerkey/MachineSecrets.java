package dev.arca.server.frontend.sikkerkey;

import dev.arca.api.Project;
import dev.arca.api.Secret;
import dev.arca.server.access.Guard;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import dev.arca.server.secrets.SecretListing;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.vaults.VaultService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a machine sees of its vault through the SikkerKey door, which lists everything at once (the clients do not
 * page): the secrets it may {@code list}, all of them through Arca's listing ({@link SecretListing#all}, which asks
 * the guard item by item), and the values of those it may {@code read}, each authorized on its own path.
 */
public final class MachineSecrets {
    private final SecretListing listing;
    private final SecretService secrets;
    private final VaultService vaults;
    private final Guard guard;

    public MachineSecrets(SecretListing listing, SecretService secrets, VaultService vaults, Guard guard) {
        this.listing = listing;
        this.secrets = secrets;
        this.vaults = vaults;
        this.guard = guard;
    }

    /** The caller's vault; every SikkerKey caller is a machine, which belongs to one. */
    static String vaultOf(Principal caller) {
        return Objects.requireNonNull(caller.vaultId(), "a machine belongs to a vault");
    }

    /** The caller's machine id. */
    static String machineOf(Principal caller) {
        return Objects.requireNonNull(caller.id(), "a machine has an id");
    }

    /** Whether the caller may read the secret at {@code path} of {@code vaultId}. */
    boolean mayRead(Principal caller, String sourceIp, String vaultId, String path) {
        return guard.permits(caller, Resource.inVault(vaultId, path), Permission.READ, sourceIp);
    }

    /**
     * Every secret of the caller's vault it may list, in path order; {@code project} (a name or {@code proj_…} id)
     * narrows them to that project, and an unknown project lists nothing.
     */
    List<Secret.Item> visible(Principal caller, String sourceIp, Optional<String> project) {
        return listing.all(vaultOf(caller), project, caller, sourceIp);
    }

    /** The current version of a listed secret, when the caller may read it (and it is still there). */
    Optional<Secret> readable(Principal caller, String sourceIp, Secret.Item item) {
        String vaultId = vaultOf(caller);
        if (!mayRead(caller, sourceIp, vaultId, item.path())) {
            return Optional.empty();
        }
        try {
            return Optional.of(secrets.read(vaultId, item.path(), Optional.empty(), Optional.empty()));
        } catch (ArcaException deletedSinceListed) {
            return Optional.empty();
        }
    }

    /** The names of the caller's vault's projects, by id. */
    Map<String, String> projectNames(Principal caller) {
        Map<String, String> names = new HashMap<>();
        for (Project project : vaults.projects(vaultOf(caller))) {
            names.put(project.id(), project.name());
        }
        return names;
    }
}
