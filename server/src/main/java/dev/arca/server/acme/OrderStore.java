package dev.arca.server.acme;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Acme;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.EpochMillis;
import dev.arca.server.storage.StoredJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Table {@code acme_client_orders} (V18): each order's status for the API, its stage for the worker, and the CA's order
 * URL. Every change of stage is committed before the next network call, so a restart resumes from the last one.
 */
final class OrderStore {
    private static final String TABLE = "acme_client_orders";
    /** The worker's steps, in order. */
    enum Stage { NEW, AUTHORIZE, FINALIZE, DOWNLOAD, DONE }

    private static final String COLUMNS = "id, vault_id, certificate_id, request, status, stage, renewal, order_url, "
            + "error, attempts, secret_version, serial, not_after, next_attempt_at, claimed_until, created_at, "
            + "updated_at";

    record Row(String id, String vaultId, String certificateId, Acme.IssueRequest request, String status, Stage stage,
            boolean renewal, @Nullable String orderUrl, @Nullable String error, int attempts,
            @Nullable Integer secretVersion, @Nullable String serial, @Nullable Instant notAfter,
            @Nullable Instant nextAttemptAt, Instant createdAt, Instant updatedAt) {
        Acme.Order wire() {
            return new Acme.Order(id, request.account(), request.domains(), request.challenge(),
                    request.secret() == null ? "" : request.secret(), status, renewal, error, secretVersion, serial,
                    notAfter, createdAt, updatedAt);
        }
    }

    private final Database db;

    OrderStore(Database db) {
        this.db = db;
    }

    void insert(String id, String vaultId, String certificateId, Acme.IssueRequest request, boolean renewal,
            Instant now) {
        db.write(h -> h.createUpdate("INSERT INTO " + TABLE + " (" + COLUMNS + ") VALUES (:id, :vault, :certificate, "
                + ":request, :status, :stage, :renewal, NULL, NULL, 0, NULL, NULL, NULL, :now, NULL, :now, :now)")
                .bind("id", id).bind("vault", vaultId).bind("certificate", certificateId)
                .bind("request", StoredJson.write(request)).bind("status", Acme.PENDING)
                .bind("stage", Stage.NEW.name()).bind("renewal", renewal ? 1 : 0).bind("now", now.toEpochMilli())
                .execute());
    }

    Optional<Row> byId(String vaultId, String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE vault_id = :vault "
                + "AND id = :id").bind("vault", vaultId).bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    Optional<Row> byId(String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    /** The order of the certificate still being worked, if any. */
    Optional<Row> openFor(String certificateId) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE
                + " WHERE certificate_id = :certificate AND stage <> :done").bind("certificate", certificateId)
                .bind("done", Stage.DONE.name())
                .map((rs, ctx) -> row(rs)).findFirst());
    }

    /** Ids of open orders due by {@code now} and held by no node. */
    List<String> due(Instant now, int limit) {
        return db.read(h -> h.createQuery("SELECT id FROM " + TABLE + " WHERE next_attempt_at <= :now "
                + "AND (claimed_until IS NULL OR claimed_until < :now) ORDER BY next_attempt_at LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", limit).mapTo(String.class).list());
    }

    /** Takes the order for {@code until}; false when another node holds it or it is done. */
    boolean claim(String id, Instant now, Instant until) {
        return db.write(h -> h.createUpdate("UPDATE " + TABLE + " SET claimed_until = :until WHERE id = :id "
                + "AND next_attempt_at IS NOT NULL AND (claimed_until IS NULL OR claimed_until < :now)")
                .bind("id", id).bind("now", now.toEpochMilli()).bind("until", until.toEpochMilli()).execute()) == 1;
    }

    /** The CA's order exists: its URL is kept before anything else is done with it. */
    void created(String id, String orderUrl) {
        db.write(h -> h.createUpdate("UPDATE " + TABLE + " SET order_url = :url WHERE id = :id").bind("id", id)
                .bind("url", orderUrl).execute());
    }

    /**
     * Moves on to {@code stage}, worked again at {@code next}, released; a step that succeeded clears the error. An
     * order already ended (its certificate no longer managed while a step ran) stays ended.
     */
    void advance(String id, Stage stage, Instant next, Instant now) {
        db.write(h -> h.createUpdate("UPDATE " + TABLE + " SET stage = :stage, status = :status, error = NULL, "
                + "attempts = 0, next_attempt_at = :next, claimed_until = NULL, updated_at = :now WHERE id = :id "
                + "AND stage <> :done")
                .bind("id", id).bind("stage", stage.name()).bind("status", status(stage))
                .bind("done", Stage.DONE.name())
                .bind("next", next.toEpochMilli()).bind("now", now.toEpochMilli()).execute());
    }

    /** A transient failure: the error shown, tried again at {@code next}. */
    void retry(String id, String error, Instant next, Instant now) {
        db.write(h -> h.createUpdate("UPDATE " + TABLE + " SET error = :error, attempts = attempts + 1, "
                + "next_attempt_at = :next, claimed_until = NULL, updated_at = :now WHERE id = :id AND stage <> :done")
                .bind("id", id).bind("done", Stage.DONE.name()).bind("error", truncate(error))
                .bind("next", next.toEpochMilli())
                .bind("now", now.toEpochMilli()).execute());
    }

    void valid(String id, int secretVersion, String serial, Instant notAfter, Instant now) {
        db.write(h -> h.createUpdate("UPDATE " + TABLE + " SET status = :status, stage = :stage, error = NULL, "
                + "secret_version = :version, serial = :serial, not_after = :notAfter, next_attempt_at = NULL, "
                + "claimed_until = NULL, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("status", Acme.VALID).bind("stage", Stage.DONE.name())
                .bind("version", secretVersion).bind("serial", serial).bind("notAfter", notAfter.toEpochMilli())
                .bind("now", now.toEpochMilli()).execute());
    }

    void invalid(String id, String error, Instant now) {
        db.write(h -> h.createUpdate("UPDATE " + TABLE + " SET status = :status, stage = :stage, error = :error, "
                + "next_attempt_at = NULL, claimed_until = NULL, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("status", Acme.INVALID).bind("stage", Stage.DONE.name())
                .bind("error", truncate(error)).bind("now", now.toEpochMilli()).execute());
    }

    private static String status(Stage stage) {
        return switch (stage) {
            case NEW, AUTHORIZE -> Acme.PENDING;
            case FINALIZE -> Acme.READY;
            case DOWNLOAD -> Acme.PROCESSING;
            case DONE -> Acme.VALID;
        };
    }

    private static String truncate(String error) {
        return error.length() <= 2000 ? error : error.substring(0, 1997) + "...";
    }

    private static Row row(ResultSet rs) throws SQLException {
        Object version = rs.getObject("secret_version");
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("certificate_id"),
                StoredJson.read(rs.getString("request"), new TypeReference<Acme.IssueRequest>() {}),
                rs.getString("status"), Stage.valueOf(rs.getString("stage")), rs.getInt("renewal") == 1,
                rs.getString("order_url"), rs.getString("error"), rs.getInt("attempts"),
                version == null ? null : ((Number) version).intValue(), rs.getString("serial"),
                EpochMillis.instant(rs, "not_after"), EpochMillis.instant(rs, "next_attempt_at"),
                Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
