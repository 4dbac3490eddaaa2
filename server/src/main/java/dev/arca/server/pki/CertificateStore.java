package dev.arca.server.pki;

import dev.arca.server.storage.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Table {@code pki_certificates}: issued certificates that are kept, and revocation entries. Issuance inserts its
 * row in the request's transaction, so an acknowledged certificate is never lost; a {@code no_store} certificate
 * gets a row only when it is revoked.
 */
public final class CertificateStore {
    static final String COLUMNS = "issuer_id, serial, vault_id, role, common_name, not_before, not_after, stored, "
            + "certificate, revoked_at, revocation_reason, created_at";

    private final Database db;

    public CertificateStore(Database db) {
        this.db = db;
    }

    public void insert(CertificateRow row) {
        db.write(h -> h.createUpdate("INSERT INTO pki_certificates (" + COLUMNS + ") VALUES (:issuer, :serial, :vault, "
                + ":role, :cn, :notBefore, :notAfter, :stored, :der, :revokedAt, :reason, :createdAt)")
                .bind("issuer", row.issuerId()).bind("serial", row.serial()).bind("vault", row.vaultId())
                .bind("role", row.role()).bind("cn", row.commonName()).bind("notBefore", row.notBefore().toEpochMilli())
                .bind("notAfter", row.notAfter().toEpochMilli()).bind("stored", row.stored() ? 1 : 0)
                .bind("der", row.der())
                .bind("revokedAt", row.revokedAt() == null ? null : row.revokedAt().toEpochMilli())
                .bind("reason", row.revocationReason()).bind("createdAt", row.createdAt().toEpochMilli()).execute());
    }

    /** A vault's certificate by serial (serials are random 159-bit numbers: unique in a vault). */
    public Optional<CertificateRow> find(String vaultId, String serial) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM pki_certificates WHERE vault_id = :vault "
                + "AND serial = :serial").bind("vault", vaultId).bind("serial", serial)
                .map((rs, ctx) -> row(rs)).findFirst());
    }

    public Optional<CertificateRow> find(String vaultId, String issuerId, String serial) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM pki_certificates WHERE vault_id = :vault "
                + "AND issuer_id = :issuer AND serial = :serial").bind("vault", vaultId).bind("issuer", issuerId)
                .bind("serial", serial).map((rs, ctx) -> row(rs)).findOne());
    }

    /** Up to {@code limit} certificates of a vault with a serial after {@code after} (null: from the start). */
    public List<CertificateRow> list(String vaultId, boolean revokedOnly, @Nullable String after, int limit) {
        return db.read(h -> {
            var query = h.createQuery("SELECT " + COLUMNS + " FROM pki_certificates WHERE vault_id = :vault"
                    + (revokedOnly ? " AND revoked_at IS NOT NULL" : "") + (after == null ? "" : " AND serial > :after")
                    + " ORDER BY serial LIMIT :limit").bind("vault", vaultId).bind("limit", limit);
            if (after != null) {
                query.bind("after", after);
            }
            return query.map((rs, ctx) -> row(rs)).list();
        });
    }

    static CertificateRow row(ResultSet rs) throws SQLException {
        long revokedAt = rs.getLong("revoked_at");
        Instant revoked = rs.wasNull() ? null : Instant.ofEpochMilli(revokedAt);
        int reason = rs.getInt("revocation_reason");
        Integer revocationReason = rs.wasNull() ? null : reason;
        return new CertificateRow(rs.getString("issuer_id"), rs.getString("serial"), rs.getString("vault_id"),
                rs.getString("role"), rs.getString("common_name"), Instant.ofEpochMilli(rs.getLong("not_before")),
                Instant.ofEpochMilli(rs.getLong("not_after")), rs.getInt("stored") == 1, rs.getBytes("certificate"),
                revoked, revocationReason, Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
