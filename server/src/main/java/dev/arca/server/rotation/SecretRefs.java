package dev.arca.server.rotation;

import dev.arca.api.ErrorCode;
import dev.arca.api.SecretMetadata;
import dev.arca.server.error.ArcaException;
import dev.arca.server.secrets.SecretService;

/** A secret named in a rotation request by its path or its id ({@code sk_…}), within the request's vault. */
final class SecretRefs {
    private SecretRefs() {}

    /** Its metadata; 404 when the vault has no such secret. */
    static SecretMetadata metadata(SecretService secrets, String vaultRef, String pathOrId) {
        if (pathOrId.startsWith("sk_")) {
            try {
                SecretMetadata byId = secrets.metadataById(pathOrId);
                if (secrets.metadata(vaultRef, byId.path()).id().equals(pathOrId)) {
                    return byId;
                }
            } catch (ArcaException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
            }
        }
        return secrets.metadata(vaultRef, pathOrId);
    }
}
