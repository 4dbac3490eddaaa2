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

/** Table {@code database_roles} (V15): each dynamic role as the JSON of its completed write. */
final class RoleStore {
    /** A stored role: its write completed with defaults ({@link RoleService}), and the connection's id. */
    record Row(String id, String vaultId, String name, String connectionId, DatabaseSecrets.RoleWrite body,
            Instant createdAt, Instant updatedAt) {}

    private final Database db;

    RoleStore(Database db) {
        this.db = db;
    }

    /** Creates or replaces the role, in one statement. */
    void put(Row row) {
        db.write(h -> h.createUpdate("INSERT INTO database_roles (id, vault_id, name, connection_id, body, created_at, "
                + "updated_at) VALUES (:id, :vault, :name, :connection, :body, :now, :now) ON CONFLICT (vault_id, "
                + "name) DO UPDATE SET connection_id = excluded.connection_id, body = excluded.body, "
                + "updated_at = excluded.updated_at")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("name", row.name())
                .bind("connection", row.connectionId()).bind("body", StoredJson.write(row.body()))
                .bind("now", row.updatedAt().toEpochMilli()).execute());
    }

    Optional<Row> find(String vaultId, String name) {
        return db.read(h -> h.createQuery("SELECT * FROM database_roles WHERE vault_id = :vault AND name = :name")
                .bind("vault", vaultId).bind("name", name).map((rs, ctx) -> row(rs)).findOne());
    }

    List<Row> list(String vaultId) {
        return db.read(h -> h.createQuery("SELECT * FROM database_roles WHERE vault_id = :vault ORDER BY name")
                .bind("vault", vaultId).map((rs, ctx) -> row(rs)).list());
    }

    boolean delete(String vaultId, String name) {
        return db.write(h -> h.createUpdate("DELETE FROM database_roles WHERE vault_id = :vault AND name = :name")
                .bind("vault", vaultId).bind("name", name).execute()) > 0;
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("name"),
                rs.getString("connection_id"), StoredJson.read(rs.getString("body"),
                        new TypeReference<DatabaseSecrets.RoleWrite>() {}),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
