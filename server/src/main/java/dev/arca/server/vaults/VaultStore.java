package dev.arca.server.vaults;

import dev.arca.api.Project;
import dev.arca.api.Vault;
import dev.arca.server.storage.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code vaults} and {@code projects} tables. */
final class VaultStore {
    /** Projects with the version limit in force: their own, else their vault's default. */
    private static final String PROJECT = "SELECT p.id, p.vault_id, p.name, p.created_at, "
            + "COALESCE(p.max_versions, v.default_max_versions) AS max_versions "
            + "FROM projects p JOIN vaults v ON v.id = p.vault_id";

    private final Database db;

    VaultStore(Database db) {
        this.db = db;
    }

    void insert(Vault vault) {
        db.write(h -> h.createUpdate("INSERT INTO vaults (id, name, created_at) VALUES (:id, :name, :at)")
                .bind("id", vault.id()).bind("name", vault.name()).bind("at", vault.createdAt().toEpochMilli())
                .execute());
    }

    Optional<Vault> find(String column, String value) {
        return db.read(h -> h.createQuery("SELECT * FROM vaults WHERE " + column + " = :v")
                .bind("v", value)
                .map((rs, ctx) -> vault(rs))
                .findOne());
    }

    List<Vault> list() {
        return db.read(h -> h.createQuery("SELECT * FROM vaults ORDER BY name").map((rs, ctx) -> vault(rs)).list());
    }

    void rename(String vaultId, String name) {
        db.write(h -> h.createUpdate("UPDATE vaults SET name = :name WHERE id = :id")
                .bind("name", name).bind("id", vaultId).execute());
    }

    void setAllowedCidrs(String vaultId, List<String> cidrs) {
        db.write(h -> h.createUpdate("UPDATE vaults SET allowed_cidrs = :c WHERE id = :id")
                .bind("c", String.join(",", cidrs)).bind("id", vaultId).execute());
    }

    private static Vault vault(ResultSet rs) throws SQLException {
        String cidrs = rs.getString("allowed_cidrs");
        return new Vault(rs.getString("id"), rs.getString("name"),
                cidrs.isEmpty() ? List.of() : List.of(cidrs.split(",")), Instant.ofEpochMilli(rs.getLong("created_at")));
    }

    void insert(Project project) {
        db.write(h -> h.createUpdate(
                "INSERT INTO projects (id, vault_id, name, created_at) VALUES (:id, :vault, :name, :at)")
                .bind("id", project.id()).bind("vault", project.vaultId()).bind("name", project.name())
                .bind("at", project.createdAt().toEpochMilli())
                .execute());
    }

    /** A live project by name; deleted ones are not found. */
    Optional<Project> project(String vaultId, String name) {
        return db.read(h -> h.createQuery(PROJECT + " WHERE p.vault_id = :vault AND p.name = :name "
                + "AND p.deleted_at IS NULL")
                .bind("vault", vaultId).bind("name", name).map((rs, ctx) -> project(rs)).findOne());
    }

    /** A live project by its {@code proj_…} id; deleted ones and those of other vaults are not found. */
    Optional<Project> projectById(String vaultId, String id) {
        return db.read(h -> h.createQuery(PROJECT + " WHERE p.vault_id = :vault AND p.id = :id "
                + "AND p.deleted_at IS NULL")
                .bind("vault", vaultId).bind("id", id).map((rs, ctx) -> project(rs)).findOne());
    }

    /** The id of a project by name, live or deleted (names stay taken by deleted projects). */
    Optional<String> anyProjectId(String vaultId, String name) {
        return db.read(h -> h.createQuery("SELECT id FROM projects WHERE vault_id = :vault AND name = :name")
                .bind("vault", vaultId).bind("name", name).mapTo(String.class).findOne());
    }

    List<Project> projects(String vaultId) {
        return db.read(h -> h.createQuery(PROJECT + " WHERE p.vault_id = :vault AND p.deleted_at IS NULL "
                + "ORDER BY p.name")
                .bind("vault", vaultId).map((rs, ctx) -> project(rs)).list());
    }

    void revive(String projectId) {
        db.write(h -> h.createUpdate("UPDATE projects SET deleted_at = NULL WHERE id = :id")
                .bind("id", projectId).execute());
    }

    void markDeleted(String projectId, Instant now) {
        db.write(h -> h.createUpdate("UPDATE projects SET deleted_at = :now WHERE id = :id")
                .bind("id", projectId).bind("now", now.toEpochMilli()).execute());
    }

    void setMaxVersions(String projectId, int maxVersions) {
        db.write(h -> h.createUpdate("UPDATE projects SET max_versions = :m WHERE id = :id")
                .bind("id", projectId).bind("m", maxVersions).execute());
    }

    /**
     * Renames the project and moves every secret path under it (deleted ones too), and the names of the engine
     * key material under it (transit keys); ids, and so the ciphertexts' associated data, stay as they are.
     */
    void rename(String projectId, String oldName, String newName) {
        db.write(h -> {
            h.createUpdate("UPDATE projects SET name = :name WHERE id = :id")
                    .bind("id", projectId).bind("name", newName).execute();
            h.createUpdate("UPDATE key_material SET name = :prefix || SUBSTR(name, :cut) WHERE project_id = :id")
                    .bind("id", projectId).bind("prefix", newName).bind("cut", oldName.length() + 1).execute();
            return h.createUpdate("UPDATE secrets SET path = :prefix || SUBSTR(path, :cut) WHERE project_id = :id")
                    .bind("id", projectId).bind("prefix", newName).bind("cut", oldName.length() + 1).execute();
        });
    }

    /** The longest secret or transit key path of the project, in bytes (paths are ASCII); 0 when it has none. */
    int longestPath(String projectId) {
        return db.read(h -> h.createQuery("SELECT COALESCE(MAX(longest), 0) FROM (SELECT MAX(LENGTH(path)) AS longest "
                + "FROM secrets WHERE project_id = :id UNION ALL SELECT MAX(LENGTH(name)) FROM key_material "
                + "WHERE project_id = :id) lengths")
                .bind("id", projectId).mapTo(Integer.class).one());
    }

    /** How many engine keys (transit keys) are named under the project. */
    long engineKeys(String projectId) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM key_material WHERE project_id = :id")
                .bind("id", projectId).mapTo(Long.class).one());
    }

    long liveSecrets(String projectId) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM secrets WHERE project_id = :id AND deleted_at IS NULL")
                .bind("id", projectId).mapTo(Long.class).one());
    }

    private static Project project(ResultSet rs) throws SQLException {
        return new Project(rs.getString("id"), rs.getString("vault_id"), rs.getString("name"),
                Instant.ofEpochMilli(rs.getLong("created_at")), rs.getInt("max_versions"));
    }
}
