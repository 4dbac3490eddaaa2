package dev.arca.server.acme;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Acme;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.EpochMillis;
import dev.arca.server.storage.Paging;
import dev.arca.server.storage.StoredJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Table {@code acme_client_certificates} (V18): the managed certificates, each with its completed issue request
 * (account, domains, challenge, key type; no secret), what the last valid order obtained, and when it renews.
 */
final class CertificateStore {
    private static final String TABLE = "acme_client_certificates";
    private static final String COLUMNS = "id, vault_id, secret_path, request, auto_renew, serial, not_before, "
            + "not_after, renew_at, renew_attempts, last_order, created_at";

    record Row(String id, String vaultId, String secretPath, Acme.IssueRequest request, boolean autoRenew,
            @Nullable String serial, @Nullable Instant notBefore, @Nullable Instant notAfter,
            @Nullable Instant renewAt, int renewAttempts, @Nullable String lastOrder) {
        Acme.Certificate wire() {
            return new Acme.Certificate(id, secretPath, request.account(), request.domains(), request.challenge(),
                    autoRenew, serial, notBefore, notAfter, renewAt, lastOrder);
        }
    }

    private final Database db;

    CertificateStore(Database db) {
        this.db = db;
    }

    /** Inserts a new managed certificate; false when the vault already manages one at that secret path. */
    boolean insert(Row row, Instant now) {
        return db.write(h -> h.createUpdate("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (:id, :vault, "
                + ":path, :request, :auto, NULL, NULL, NULL, NULL, 0, NULL, :now) ON CONFLICT DO NOTHING")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("path", row.secretPath())
                .bind("request", StoredJson.write(row.request())).bind("auto", row.autoRenew() ? 1 : 0)
                .bind("now", now.toEpochMilli()).execute()) == 1;
    }

    void lastOrder(String id, String orderId) {
        db.write(h -> h.createUpdate("UPDATE " + TABLE + " SET last_order = :order WHERE id = :id")
                .bind("id", id).bind("order", orderId).execute());
    }

    /** A new certificate was obtained: its validity, and when it renews; the failure count starts again. */
    void obtained(String id, String serial, Instant notBefore, Instant notAfter, @Nullable Instant renewAt) {
        db.write(h -> h.createUpdate("UPDATE " + TABLE + " SET serial = :serial, not_before = :from, "
                + "not_after = :until, renew_at = :renew, renew_attempts = 0 WHERE id = :id")
                .bind("id", id).bind("serial", serial).bind("from", notBefore.toEpochMilli())
                .bind("until", notAfter.toEpochMilli()).bind("renew", EpochMillis.of(renewAt)).execute());
    }

    /** An order failed: the next attempt is due at {@code retryAt} (null: none, auto-renew is off). */
    void failed(String id, @Nullable Instant retryAt) {
        db.write(h -> h.createUpdate("UPDATE " + TABLE + " SET renew_at = :renew, "
                + "renew_attempts = renew_attempts + 1 WHERE id = :id")
                .bind("id", id).bind("renew", EpochMillis.of(retryAt)).execute());
    }

    /** Takes a due renewal: clears {@code renew_at} only if it is still {@code seen}, so one node renews it. */
    boolean claimRenewal(String id, Instant seen) {
        return db.write(h -> h.createUpdate("UPDATE " + TABLE + " SET renew_at = NULL WHERE id = :id "
                + "AND renew_at = :seen").bind("id", id).bind("seen", seen.toEpochMilli()).execute()) == 1;
    }

    Optional<Row> byId(String vaultId, String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE vault_id = :vault "
                + "AND id = :id").bind("vault", vaultId).bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    Optional<Row> byId(String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    List<Row> page(String vaultId, Paging paging) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE vault_id = :vault "
                + "AND id > :after ORDER BY id LIMIT :limit").bind("vault", vaultId).bind("after", paging.after())
                .bind("limit", paging.size() + 1).map((rs, ctx) -> row(rs)).list());
    }

    /** Auto-renewed certificates due by {@code now}, soonest first. */
    List<Row> due(Instant now, int limit) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE renew_at <= :now "
                + "AND auto_renew = 1 ORDER BY renew_at LIMIT :limit").bind("now", now.toEpochMilli())
                .bind("limit", limit).map((rs, ctx) -> row(rs)).list());
    }

    boolean anyUsingAccount(String vaultId, String account) {
        return db.read(h -> h.createQuery("SELECT request FROM " + TABLE + " WHERE vault_id = :vault")
                .bind("vault", vaultId).mapTo(String.class).stream()
                .anyMatch(json -> account.equals(request(json).account())));
    }

    void delete(String id) {
        db.write(h -> h.createUpdate("DELETE FROM " + TABLE + " WHERE id = :id").bind("id", id).execute());
    }

    private static Acme.IssueRequest request(String json) {
        return StoredJson.read(json, new TypeReference<Acme.IssueRequest>() {});
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("secret_path"),
                request(rs.getString("request")), rs.getInt("auto_renew") == 1, rs.getString("serial"),
                EpochMillis.instant(rs, "not_before"), EpochMillis.instant(rs, "not_after"),
                EpochMillis.instant(rs, "renew_at"), rs.getInt("renew_attempts"), rs.getString("last_order"));
    }
}
