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

    Optional<Project> project(String vaultId, String name) {
        return db.read(h -> h.createQuery("SELECT * FROM projects WHERE vault_id = :vault AND name = :name")
                .bind("vault", vaultId).bind("name", name)
                .map((rs, ctx) -> new Project(rs.getString("id"), rs.getString("vault_id"), rs.getString("name"),
                        Instant.ofEpochMilli(rs.getLong("created_at"))))
                .findOne());
    }

    List<Project> projects(String vaultId) {
        return db.read(h -> h.createQuery("SELECT * FROM projects WHERE vault_id = :vault ORDER BY name")
                .bind("vault", vaultId)
                .map((rs, ctx) -> new Project(rs.getString("id"), rs.getString("vault_id"), rs.getString("name"),
                        Instant.ofEpochMilli(rs.getLong("created_at"))))
                .list());
    }
}
