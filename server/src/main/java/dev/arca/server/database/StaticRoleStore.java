package dev.arca.server.database;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.DatabaseSecrets;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StoredJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Table {@code database_static_roles} (V15). */
final class StaticRoleStore {
    /** A stored static role: its completed write, and where its rotation stands. */
    record Row(String id, String vaultId, String name, String connectionId, DatabaseSecrets.StaticRoleWrite body,
            @Nullable String rotation, @Nullable Instant lastRotatedAt, Instant nextRotationAt,
            @Nullable String lastError, Instant createdAt, Instant updatedAt) {}

    private final Database db;

    StaticRoleStore(Database db) {
        this.db = db;
    }

    void insert(Row row) {
        db.write(h -> h.createUpdate("INSERT INTO database_static_roles (id, vault_id, name, connection_id, body, "
                + "rotation, last_rotated_at, next_rotation_at, last_error, created_at, updated_at) VALUES (:id, "
                + ":vault, :name, :connection, :body, NULL, NULL, :next, NULL, :now, :now)")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("name", row.name())
                .bind("connection", row.connectionId()).bind("body", StoredJson.write(row.body()))
                .bind("next", row.nextRotationAt().toEpochMilli()).bind("now", row.createdAt().toEpochMilli())
                .execute());
    }

    /** A rotation begins ({@code pending}) or ends ({@code null}, with its outcome and the next one's time). */
    void rotation(String id, @Nullable String state, @Nullable Instant rotatedAt, Instant next,
            @Nullable String error, Instant now) {
        db.write(h -> h.createUpdate("UPDATE database_static_roles SET rotation = :state, "
                + "last_rotated_at = COALESCE(:rotated, last_rotated_at), next_rotation_at = :next, "
                + "last_error = :error, updated_at = :now WHERE id = :id")
                .bind("state", state).bind("rotated", rotatedAt == null ? null : rotatedAt.toEpochMilli())
                .bind("next", next.toEpochMilli()).bind("error", error).bind("now", now.toEpochMilli())
                .bind("id", id).execute());
    }

    /** Takes a due rotation for this node: moves its next time on; false when another node took it first. */
    boolean claim(Row row, Instant until) {
        return db.write(h -> h.createUpdate("UPDATE database_static_roles SET next_rotation_at = :until "
                + "WHERE id = :id AND next_rotation_at = :next")
                .bind("until", until.toEpochMilli()).bind("id", row.id())
                .bind("next", row.nextRotationAt().toEpochMilli()).execute()) == 1;
    }

    Optional<Row> find(String vaultId, String name) {
        return db.read(h -> h.createQuery("SELECT * FROM database_static_roles WHERE vault_id = :vault "
                + "AND name = :name").bind("vault", vaultId).bind("name", name).map((rs, ctx) -> row(rs)).findOne());
    }

    Optional<Row> byId(String id) {
        return db.read(h -> h.createQuery("SELECT * FROM database_static_roles WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne());
    }

    List<Row> list(String vaultId) {
        return db.read(h -> h.createQuery("SELECT * FROM database_static_roles WHERE vault_id = :vault ORDER BY name")
                .bind("vault", vaultId).map((rs, ctx) -> row(rs)).list());
    }

    /** Rotations due at {@code now}, and rotations a crash left pending (their next time was pushed on). */
    List<Row> due(Instant now, int limit) {
        return db.read(h -> h.createQuery("SELECT * FROM database_static_roles WHERE next_rotation_at <= :now "
                + "ORDER BY next_rotation_at LIMIT :limit").bind("now", now.toEpochMilli()).bind("limit", limit)
                .map((rs, ctx) -> row(rs)).list());
    }

    boolean delete(String id) {
        return db.write(h -> h.createUpdate("DELETE FROM database_static_roles WHERE id = :id").bind("id", id)
                .execute()) == 1;
    }

    private static Row row(ResultSet rs) throws SQLException {
        Object rotated = rs.getObject("last_rotated_at");
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("name"),
                rs.getString("connection_id"), StoredJson.read(rs.getString("body"),
                        new TypeReference<DatabaseSecrets.StaticRoleWrite>() {}), rs.getString("rotation"),
                rotated == null ? null : Instant.ofEpochMilli(((Number) rotated).longValue()),
                Instant.ofEpochMilli(rs.getLong("next_rotation_at")), rs.getString("last_error"),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
