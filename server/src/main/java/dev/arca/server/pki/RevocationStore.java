package dev.arca.server.pki;

import dev.arca.server.storage.Database;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * The revocation side of {@code pki_certificates}: marking a row revoked (one row update, whatever the number
 * already revoked), the entry of a revoked {@code no_store} certificate, the revoked rows of an issuer read as a
 * stream for a CRL (through the {@code (issuer_id, revoked_at)} index), and tidy.
 */
final class RevocationStore {
    /** Rows a CRL build asks the driver for at a time, so a large CRL is never one result held whole. */
    private static final int FETCH = 1_000;

    private final Database db;

    RevocationStore(Database db) {
        this.db = db;
    }

    /** One revoked row as a CRL or OCSP answer needs it. */
    record Revocation(String serial, Instant revokedAt, int reason) {}

    /** Marks a certificate revoked unless it already is; false when it already was (or is not there). */
    boolean revoke(String issuerId, String serial, Instant at, int reason) {
        return db.write(h -> h.createUpdate("UPDATE pki_certificates SET revoked_at = :at, revocation_reason = :reason "
                + "WHERE issuer_id = :issuer AND serial = :serial AND revoked_at IS NULL")
                .bind("issuer", issuerId).bind("serial", serial).bind("at", at.toEpochMilli()).bind("reason", reason)
                .execute()) == 1;
    }

    /**
     * The revocation entry of a certificate that was never stored ({@code stored = 0}, no DER); nothing when a
     * row for it exists already (then {@link #revoke} marks that one).
     */
    void insertRevoked(CertificateRow row) {
        db.write(h -> h.createUpdate("INSERT INTO pki_certificates (" + CertificateStore.COLUMNS + ") VALUES (:issuer, "
                + ":serial, :vault, NULL, :cn, :notBefore, :notAfter, 0, NULL, :revokedAt, :reason, :createdAt) "
                + "ON CONFLICT DO NOTHING")
                .bind("issuer", row.issuerId()).bind("serial", row.serial()).bind("vault", row.vaultId())
                .bind("cn", row.commonName()).bind("notBefore", row.notBefore().toEpochMilli())
                .bind("notAfter", row.notAfter().toEpochMilli())
                .bind("revokedAt", java.util.Objects.requireNonNull(row.revokedAt()).toEpochMilli())
                .bind("reason", row.revocationReason()).bind("createdAt", row.createdAt().toEpochMilli()).execute());
    }

    /** Every revoked row of an issuer revoked at or after {@code since} (all of them for {@link Instant#EPOCH}). */
    void revoked(String issuerId, Instant since, Consumer<Revocation> each) {
        db.read(h -> {
            h.createQuery("SELECT serial, revoked_at, revocation_reason FROM pki_certificates WHERE issuer_id = :issuer "
                    + "AND revoked_at IS NOT NULL AND revoked_at >= :since")
                    .bind("issuer", issuerId).bind("since", since.toEpochMilli()).setFetchSize(FETCH)
                    .map((rs, ctx) -> new Revocation(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                            rs.getInt(3)))
                    .forEach(each);
            return null;
        });
    }

    /** How many rows of an issuer were revoked at or after {@code since}: whether a delta CRL is behind. */
    int countRevoked(String issuerId, Instant since) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM pki_certificates WHERE issuer_id = :issuer "
                + "AND revoked_at IS NOT NULL AND revoked_at >= :since")
                .bind("issuer", issuerId).bind("since", since.toEpochMilli()).mapTo(Integer.class).one());
    }

    /** Deletes a vault's rows that expired before {@code before}: the revoked ones or the others. */
    int deleteExpired(String vaultId, Instant before, boolean revoked) {
        return db.write(h -> h.createUpdate("DELETE FROM pki_certificates WHERE vault_id = :vault "
                + "AND not_after < :before AND revoked_at IS " + (revoked ? "NOT NULL" : "NULL"))
                .bind("vault", vaultId).bind("before", before.toEpochMilli()).execute());
    }
}
