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

/** Table {@code database_connections} (V15). */
final class ConnectionStore {
    private static final String COLUMNS = "id, vault_id, name, plugin, url, username, allowed_roles, "
            + "max_open_connections, tls, root_rotation, root_rotated_at, created_at, updated_at";

    private final Database db;

    ConnectionStore(Database db) {
        this.db = db;
    }

    void insert(ConnectionRow row) {
        db.write(h -> h.createUpdate("INSERT INTO database_connections (" + COLUMNS + ") VALUES (:id, :vault, :name, "
                + ":plugin, :url, :username, :allowed, :max, :tls, NULL, NULL, :created, :updated)")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("name", row.name())
                .bind("plugin", row.plugin()).bind("url", row.url()).bind("username", row.username())
                .bind("allowed", StoredJson.write(row.allowedRoles())).bind("max", row.maxOpenConnections())
                .bind("tls", StoredJson.write(row.tls())).bind("created", row.createdAt().toEpochMilli())
                .bind("updated", row.updatedAt().toEpochMilli()).execute());
    }

    void update(ConnectionRow row) {
        db.write(h -> h.createUpdate("UPDATE database_connections SET plugin = :plugin, url = :url, "
                + "username = :username, allowed_roles = :allowed, max_open_connections = :max, tls = :tls, "
                + "updated_at = :updated WHERE id = :id")
                .bind("id", row.id()).bind("plugin", row.plugin()).bind("url", row.url())
                .bind("username", row.username()).bind("allowed", StoredJson.write(row.allowedRoles()))
                .bind("max", row.maxOpenConnections()).bind("tls", StoredJson.write(row.tls()))
                .bind("updated", row.updatedAt().toEpochMilli()).execute());
    }

    /** The root rotation's state: {@code pending} while a new password is written ahead, null once settled. */
    void rootRotation(String id, @Nullable String state, @Nullable Instant rotatedAt, Instant now) {
        db.write(h -> h.createUpdate("UPDATE database_connections SET root_rotation = :state, "
                + "root_rotated_at = COALESCE(:rotated, root_rotated_at), updated_at = :now WHERE id = :id")
                .bind("state", state).bind("rotated", rotatedAt == null ? null : rotatedAt.toEpochMilli())
                .bind("now", now.toEpochMilli()).bind("id", id).execute());
    }

    Optional<ConnectionRow> byName(String vaultId, String name) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM database_connections WHERE vault_id = :vault "
                + "AND name = :name").bind("vault", vaultId).bind("name", name).map((rs, ctx) -> row(rs)).findOne());
    }

    Optional<ConnectionRow> byId(String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM database_connections WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    List<ConnectionRow> list(String vaultId) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM database_connections WHERE vault_id = :vault "
                + "ORDER BY name").bind("vault", vaultId).map((rs, ctx) -> row(rs)).list());
    }

    boolean delete(String id) {
        return db.write(h -> h.createUpdate("DELETE FROM database_connections WHERE id = :id").bind("id", id)
                .execute()) == 1;
    }

    /** How many leases of the connection still owe a revocation (live or ended): a connection with any stays. */
    int owedLeases(String connectionId) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM leases WHERE kind = 'database' "
                + "AND cleanup IN ('owed', 'irrevocable') AND revocation LIKE :pattern")
                .bind("pattern", "%\"connection_id\":\"" + connectionId + "\"%").mapTo(Integer.class).one());
    }

    /** Whether a role or static role still names the connection. */
    boolean inUse(String connectionId) {
        return db.read(h -> h.createQuery("SELECT (SELECT COUNT(*) FROM database_roles WHERE connection_id = :id) "
                + "+ (SELECT COUNT(*) FROM database_static_roles WHERE connection_id = :id)")
                .bind("id", connectionId).mapTo(Integer.class).one()) > 0;
    }

    private static ConnectionRow row(ResultSet rs) throws SQLException {
        Object rotated = rs.getObject("root_rotated_at");
        return new ConnectionRow(rs.getString("id"), rs.getString("vault_id"), rs.getString("name"),
                rs.getString("plugin"), rs.getString("url"), rs.getString("username"),
                StoredJson.read(rs.getString("allowed_roles"), new TypeReference<List<String>>() {}),
                rs.getInt("max_open_connections"), StoredJson.read(rs.getString("tls"),
                        new TypeReference<DatabaseSecrets.Tls>() {}), rs.getString("root_rotation"),
                rotated == null ? null : Instant.ofEpochMilli(((Number) rotated).longValue()),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
