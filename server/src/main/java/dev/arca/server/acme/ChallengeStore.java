package dev.arca.server.acme;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Table {@code acme_client_challenges} (V18): what an open order has put up for the CA to see. A row is written
 * before the answer is put up, marked once it is up and deleted after it is taken down, so a crash in between leaves
 * a row for the cleanup.
 */
final class ChallengeStore {
    private static final String TABLE = "acme_client_challenges";
    static final String HTTP = "http";
    static final String WEBROOT = "webroot";
    static final String DNS = "dns";
    private static final String COLUMNS = "id, vault_id, order_id, kind, token, content, location, presented";

    /**
     * @param token the http-01 token, or the TXT record's name
     * @param content the key authorization, or the TXT value
     * @param location the webroot file, or the DNS provider's name; null for the challenge listener
     * @param presented whether the answer is known to be up
     */
    record Row(String id, String vaultId, String orderId, String kind, String token, String content,
            @Nullable String location, boolean presented) {}

    private final Database db;

    ChallengeStore(Database db) {
        this.db = db;
    }

    Row insert(String vaultId, String orderId, String kind, String token, String content, @Nullable String location,
            Instant now) {
        var row = new Row(Ids.newId("acmechl_"), vaultId, orderId, kind, token, content, location, false);
        db.write(h -> h.createUpdate("INSERT INTO " + TABLE + " (" + COLUMNS + ", created_at) VALUES (:id, :vault, "
                + ":order, :kind, :token, :content, :location, 0, :now)")
                .bind("id", row.id()).bind("vault", vaultId).bind("order", orderId).bind("kind", kind)
                .bind("token", token).bind("content", content).bind("location", location)
                .bind("now", now.toEpochMilli()).execute());
        return row;
    }

    /** The order's record of this answer, if it has one. */
    Optional<Row> find(String orderId, String token, String content) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE order_id = :order "
                + "AND token = :token AND content = :content").bind("order", orderId).bind("token", token)
                .bind("content", content).map((rs, ctx) -> row(rs)).findFirst());
    }

    void markPresented(String id) {
        db.write(h -> h.createUpdate("UPDATE " + TABLE + " SET presented = 1 WHERE id = :id").bind("id", id)
                .execute());
    }

    /** The key authorization the challenge listener answers for an http-01 {@code token}. */
    Optional<String> httpAnswer(String token) {
        return db.read(h -> h.createQuery("SELECT content FROM " + TABLE + " WHERE token = :token AND kind = :kind")
                .bind("token", token).bind("kind", HTTP).mapTo(String.class).findFirst());
    }

    List<Row> ofOrder(String orderId) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM " + TABLE + " WHERE order_id = :order")
                .bind("order", orderId).map((rs, ctx) -> row(rs)).list());
    }

    /** Rows left behind by orders that are done (a crash between an order's end and its cleanup). */
    List<Row> ofDoneOrders(int limit) {
        return db.read(h -> h.createQuery("SELECT c.id, c.vault_id, c.order_id, c.kind, c.token, c.content, "
                + "c.location, c.presented FROM " + TABLE + " c JOIN acme_client_orders o ON o.id = c.order_id "
                + "WHERE o.next_attempt_at IS NULL LIMIT :limit").bind("limit", limit).map((rs, ctx) -> row(rs))
                .list());
    }

    void delete(String id) {
        db.write(h -> h.createUpdate("DELETE FROM " + TABLE + " WHERE id = :id").bind("id", id).execute());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("order_id"), rs.getString("kind"),
                rs.getString("token"), rs.getString("content"), rs.getString("location"),
                rs.getInt("presented") == 1);
    }
}
