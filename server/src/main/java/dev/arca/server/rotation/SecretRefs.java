package dev.arca.server.rotation;

import dev.arca.api.SecretMetadata;
import dev.arca.server.identity.Resource;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.vaults.VaultService;

/** A secret named in a rotation request by its path or its id ({@code sk_…}), within the request's vault. */
final class SecretRefs {
    private SecretRefs() {}

    /** Its metadata; 404 when the vault has no such secret. */
    static SecretMetadata metadata(SecretService secrets, VaultService vaults, String vaultRef, String pathOrId) {
        if (pathOrId.startsWith("sk_")) {
            // an id names the secret wherever it is: only one of this vault is taken, as its path
            Resource byId = secrets.resourceOf(pathOrId);
            if (byId.path() != null && byId.vault() != null && byId.vault().equals(vaults.idOf(vaultRef))) {
                return secrets.metadata(vaultRef, byId.path());
            }
        }
        return secrets.metadata(vaultRef, pathOrId);
    }
}
