package dev.arca.server.database;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.server.storage.StoredJson;
import java.util.List;

/**
 * What a dynamic credential's lease keeps to undo it (the lease's {@code revocation} text, JSON), copied from its
 * role and connection when it was made: deleting or changing the role later orphans nothing. No secret: the root
 * password is looked up by {@code connectionId} when the revocation runs.
 */
record Revocation(String vaultId, String connectionId, String username, List<String> revocationStatements,
        List<String> renewStatements) {

    String json() {
        return StoredJson.write(this);
    }

    static Revocation parse(String json) {
        return StoredJson.read(json, new TypeReference<Revocation>() {});
    }
}
