package dev.arca.server.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.arca.api.ErrorCode;
import dev.arca.api.Json;
import dev.arca.api.Pki;
import dev.arca.server.error.ArcaException;
import dev.arca.server.lease.LeaseBackend;
import dev.arca.server.storage.Database;
import java.time.Instant;
import java.util.Map;

/**
 * The leases of certificates issued by a role with {@code generate_lease} (as Vault's): when the lease ends —
 * released, revoked by holder or prefix — the certificate is revoked ({@code cessation_of_operation}). A lease
 * lives exactly as long as its certificate, so renewing moves nothing.
 */
final class PkiLeaseBackend implements LeaseBackend {
    static final String KIND = "pki";

    private final Database db;
    private final RevocationService revocations;

    PkiLeaseBackend(Database db, RevocationService revocations) {
        this.db = db;
        this.revocations = revocations;
    }

    /** What the lease keeps: the vault and the serial number. */
    static String revocation(String vaultId, String serial) {
        try {
            return Json.strict().writeValueAsString(Map.of("vault_id", vaultId, "serial_number", serial));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void revoke(String revocation) {
        Map<?, ?> undo;
        try {
            undo = Json.strict().readValue(revocation, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a PKI lease's revocation does not parse", e);
        }
        try {
            db.inTransaction(() -> revocations.revoke(String.valueOf(undo.get("vault_id")),
                    Pki.Revoke.serial(String.valueOf(undo.get("serial_number"))).withReason("cessation_of_operation")));
        } catch (ArcaException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            // tidied away after it expired: nothing left to revoke
        }
    }

    @Override
    public void renew(String revocation, Instant expiresAt) {}
}
