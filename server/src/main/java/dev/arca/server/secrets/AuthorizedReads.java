package dev.arca.server.secrets;

import dev.arca.api.Batch;
import dev.arca.api.Secret;
import dev.arca.server.access.Guard;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import dev.arca.server.vaults.VaultService;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads of single items for the routes that read many at once (batch read, resolve, export): each item is
 * authorized on its own path with {@link Guard#authorize} <em>before</em> anything is looked up, so a refused item
 * answers {@code access_denied} whether or not it exists, and one refused item never fails the others.
 */
final class AuthorizedReads {
    /** The secret read, or why not; exactly one is non-null. */
    record Outcome(@Nullable Secret secret, Batch.@Nullable ItemError error) {
        static Outcome failed(ArcaException e) {
            return new Outcome(null, new Batch.ItemError(e.code().wire(), e.getMessage()));
        }
    }

    private final SecretService secrets;
    private final VaultService vaults;
    private final Guard guard;
    private final SecretIds ids;

    AuthorizedReads(SecretService secrets, VaultService vaults, Guard guard) {
        this.secrets = secrets;
        this.vaults = vaults;
        this.guard = guard;
        this.ids = new SecretIds(secrets, guard);
    }

    /** The vault's id, when {@code caller} may act in it at all ({@link VaultMembership}). */
    String requireMember(String vaultRef, Principal caller) {
        return VaultMembership.requireMember(vaults, vaultRef, caller, "read");
    }

    /** Whether the caller may read {@code path}: the decision {@link #byPath} makes before it looks anything up. */
    boolean mayRead(String vaultRef, String path, Principal caller, String sourceIp) {
        return guard.permits(caller, Resource.inVault(vaultRef, path), Permission.READ, sourceIp);
    }

    /**
     * The current version of the secret at {@code path} (or one {@code field} of it), if the caller may read that
     * path.
     */
    Outcome byPath(String vaultRef, String path, Optional<String> field, Principal caller, String sourceIp) {
        try {
            guard.authorize(caller, Resource.inVault(vaultRef, path), Permission.READ, sourceIp);
            return new Outcome(secrets.read(vaultRef, path, Optional.empty(), field), null);
        } catch (ArcaException e) {
            return Outcome.failed(e);
        }
    }

    /**
     * The current version of the secret with {@code id}, if it lives in this vault and the caller may read its
     * path. An id the caller may not read is refused as {@link SecretIds} does, identically whether it is unknown,
     * of another vault or unreadable; root learns that it is not found here.
     */
    Outcome byId(String vaultId, String id, Optional<String> field, Principal caller, String sourceIp) {
        try {
            Resource resource = ids.authorize(id, caller, Permission.READ, sourceIp);
            if (resource.isGlobal() || !vaultId.equals(resource.vault())) {
                throw ArcaException.notFound("no secret with id " + id + " in this vault");
            }
            return new Outcome(secrets.readById(id, Optional.empty(), field), null);
        } catch (ArcaException e) {
            return Outcome.failed(e);
        }
    }
}
