package dev.arca.server.pki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.storage.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Table {@code pki_csrs}. State changes are compare-and-set on the state they leave, so two deciders (or two
 * signers) racing never both win: the loser sees false and answers 409.
 */
final class CsrStore {
    private static final ObjectMapper JSON = Json.strict();
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {};
    private static final String COLUMNS = "id, vault_id, origin, state, common_name, dns_names, ip_addresses, "
            + "key_type, key_bits, exportable, csr, comment, created_by, created_at, decided_by, decided_at, reason, "
            + "issuer_id, serial";

    private final Database db;

    CsrStore(Database db) {
        this.db = db;
    }

    void insert(CsrRow row) {
        db.write(h -> h.createUpdate("INSERT INTO pki_csrs (" + COLUMNS + ") VALUES (:id, :vault, :origin, :state, "
                + ":cn, :dns, :ips, :keyType, :keyBits, :exportable, :csr, :comment, :by, :at, :decidedBy, "
                + ":decidedAt, :reason, :issuer, :serial)")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("origin", row.origin())
                .bind("state", row.state()).bind("cn", row.commonName()).bind("dns", json(row.dnsNames()))
                .bind("ips", json(row.ipAddresses())).bind("keyType", row.keyType()).bind("keyBits", row.keyBits())
                .bind("exportable", row.exportable() ? 1 : 0).bind("csr", row.csr()).bind("comment", row.comment())
                .bind("by", row.createdBy()).bind("at", row.createdAt().toEpochMilli())
                .bind("decidedBy", row.decidedBy())
                .bind("decidedAt", row.decidedAt() == null ? null : row.decidedAt().toEpochMilli())
                .bind("reason", row.reason()).bind("issuer", row.issuerId()).bind("serial", row.serial()).execute());
    }

    Optional<CsrRow> find(String vaultId, String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM pki_csrs WHERE vault_id = :vault AND id = :id")
                .bind("vault", vaultId).bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    /** Up to {@code limit} CSRs of a vault in id order after {@code after} ("" from the start), of one state or all. */
    List<CsrRow> list(String vaultId, @Nullable String state, String after, int limit) {
        return db.read(h -> {
            var query = h.createQuery("SELECT " + COLUMNS + " FROM pki_csrs WHERE vault_id = :vault AND id > :after"
                    + (state == null ? "" : " AND state = :state") + " ORDER BY id LIMIT :limit")
                    .bind("vault", vaultId).bind("after", after).bind("limit", limit);
            if (state != null) {
                query.bind("state", state);
            }
            return query.map((rs, ctx) -> row(rs)).list();
        });
    }

    /** Pending → {@code state} (approved or rejected); false when it is no longer pending. */
    boolean decide(String id, String state, String by, Instant at, @Nullable String reason) {
        return db.write(h -> h.createUpdate("UPDATE pki_csrs SET state = :state, decided_by = :by, decided_at = :at, "
                + "reason = :reason WHERE id = :id AND state = 'pending'")
                .bind("id", id).bind("state", state).bind("by", by).bind("at", at.toEpochMilli())
                .bind("reason", reason).execute()) == 1;
    }

    /** Approved → signed, with the certificate it became; false when it is no longer approved. */
    boolean markSigned(String id, String issuerId, String serial) {
        return db.write(h -> h.createUpdate("UPDATE pki_csrs SET state = 'signed', issuer_id = :issuer, "
                + "serial = :serial WHERE id = :id AND state = 'approved'")
                .bind("id", id).bind("issuer", issuerId).bind("serial", serial).execute()) == 1;
    }

    private static CsrRow row(ResultSet rs) throws SQLException {
        long decidedAt = rs.getLong("decided_at");
        Instant decided = rs.wasNull() ? null : Instant.ofEpochMilli(decidedAt);
        return new CsrRow(rs.getString("id"), rs.getString("vault_id"), rs.getString("origin"),
                rs.getString("state"), rs.getString("common_name"), names(rs.getString("dns_names")),
                names(rs.getString("ip_addresses")), rs.getString("key_type"), rs.getInt("key_bits"),
                rs.getInt("exportable") == 1, rs.getString("csr"), rs.getString("comment"),
                rs.getString("created_by"), Instant.ofEpochMilli(rs.getLong("created_at")),
                rs.getString("decided_by"), decided, rs.getString("reason"), rs.getString("issuer_id"),
                rs.getString("serial"));
    }

    private static String json(List<String> names) {
        try {
            return JSON.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(String json) {
        try {
            return JSON.readValue(json, NAMES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored CSR names do not parse", e);
        }
    }
}
