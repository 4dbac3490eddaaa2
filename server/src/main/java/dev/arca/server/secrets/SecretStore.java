package dev.arca.server.secrets;

import dev.arca.server.storage.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code secrets} and {@code secret_versions} tables. Values are stored only as ciphertext. */
final class SecretStore {
    record Row(String id, String vaultId, String projectId, String path, String type, int currentVersion,
            Instant createdAt, Instant updatedAt, Instant deletedAt) {}

    record Version(int version, byte[] ciphertext, String state, Instant createdAt) {}

    private static final String COLUMNS =
            "id, vault_id, project_id, path, type, current_version, created_at, updated_at, deleted_at";

    private final Database db;

    SecretStore(Database db) {
        this.db = db;
    }

    Optional<Row> byPath(String vaultId, String path) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM secrets WHERE vault_id = :v AND path = :p")
                .bind("v", vaultId).bind("p", path).map((rs, ctx) -> row(rs)).findOne());
    }

    Optional<Row> byId(String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM secrets WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    void insert(Row row) {
        db.write(h -> h.createUpdate("INSERT INTO secrets (" + COLUMNS + ") VALUES (:id, :vault, :project, :path, "
                + ":type, :version, :created, :updated, NULL)")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("project", row.projectId())
                .bind("path", row.path()).bind("type", row.type()).bind("version", row.currentVersion())
                .bind("created", row.createdAt().toEpochMilli()).bind("updated", row.updatedAt().toEpochMilli())
                .execute());
    }

    /**
     * Moves the secret to its next version and returns that number (reviving it if it was deleted). One atomic
     * UPDATE … RETURNING, so concurrent writers of one secret queue on its row and never share a number.
     */
    int advance(String id, String type, Instant now) {
        return db.write(h -> h.createQuery("UPDATE secrets SET type = :type, current_version = current_version + 1, "
                + "updated_at = :now, deleted_at = NULL WHERE id = :id RETURNING current_version")
                .bind("id", id).bind("type", type).bind("now", now.toEpochMilli())
                .mapTo(Integer.class).one());
    }

    void insertVersion(String secretId, int version, byte[] ciphertext, Instant now, String createdBy) {
        db.write(h -> h.createUpdate("INSERT INTO secret_versions (secret_id, version, ciphertext, state, created_at, "
                + "created_by) VALUES (:id, :version, :ciphertext, 'active', :now, :by)")
                .bind("id", secretId).bind("version", version).bind("ciphertext", ciphertext)
                .bind("now", now.toEpochMilli()).bind("by", createdBy)
                .execute());
    }

    Optional<Version> version(String secretId, int version) {
        return db.read(h -> h.createQuery("SELECT version, ciphertext, state, created_at FROM secret_versions "
                + "WHERE secret_id = :id AND version = :version")
                .bind("id", secretId).bind("version", version)
                .map((rs, ctx) -> new Version(rs.getInt("version"), rs.getBytes("ciphertext"), rs.getString("state"),
                        Instant.ofEpochMilli(rs.getLong("created_at"))))
                .findOne());
    }

    void softDelete(String id, Instant now) {
        db.write(h -> h.createUpdate("UPDATE secrets SET deleted_at = :now, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("now", now.toEpochMilli()).execute());
    }

    /** Live secrets of a vault in path order, after {@code afterPath}, within {@code [from, to)} when given. */
    List<Row> list(String vaultId, String from, String to, String afterPath, int limit) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM secrets WHERE vault_id = :v "
                + "AND deleted_at IS NULL AND path >= :from AND path < :to AND path > :after ORDER BY path LIMIT :limit")
                .bind("v", vaultId).bind("from", from).bind("to", to).bind("after", afterPath).bind("limit", limit)
                .map((rs, ctx) -> row(rs)).list());
    }

    private static Row row(ResultSet rs) throws SQLException {
        Object deleted = rs.getObject("deleted_at");
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("project_id"), rs.getString("path"),
                rs.getString("type"), rs.getInt("current_version"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")),
                deleted == null ? null : Instant.ofEpochMilli(((Number) deleted).longValue()));
    }
}
