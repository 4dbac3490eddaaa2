package dev.arca.server.secrets;

import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.vaults.VaultService;

/**
 * The one check of the routes over many secrets that are open to every principal ({@link Permission#SELF}) because
 * their items are authorized one by one — listing, batch read, export, resolve: the caller must be root or a
 * principal of the vault named. It runs before anything is looked up, and answers an unknown vault like a foreign
 * one (403), so vault names cannot be probed.
 */
final class VaultMembership {
    private VaultMembership() {}

    /** The vault's id when {@code caller} may act in it at all; 403 otherwise (root: 404 for an unknown vault). */
    static String requireMember(VaultService vaults, String vaultRef, Principal caller, String acting) {
        if (caller.isRoot()) {
            return vaults.idOf(vaultRef);
        }
        String vaultId;
        try {
            vaultId = vaults.idOf(vaultRef);
        } catch (ArcaException unknown) {
            vaultId = null;
        }
        if (vaultId == null || !vaultId.equals(caller.vaultId())) {
            throw ArcaException.denied("access denied: " + caller.subject() + " may not " + acting + " in vault "
                    + vaultRef + " (the principal belongs to another vault)");
        }
        return vaultId;
    }
}
