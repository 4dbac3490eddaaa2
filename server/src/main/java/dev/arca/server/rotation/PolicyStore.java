package dev.arca.server.rotation;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Rotation;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StoredJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Table {@code rotation_policies} (V16): each policy's completed write as JSON. */
final class PolicyStore {
    /** A stored policy. */
    record Row(String id, String vaultId, String name, Rotation.PolicyWrite body, Instant createdAt,
            Instant updatedAt) {
        Schedule schedule() {
            return Schedule.of(body.interval(), body.schedule(), body.window());
        }

        Duration grace() {
            return body.grace() == null ? Duration.ZERO : Schedule.duration("grace", body.grace());
        }

        String kind() {
            return java.util.Objects.requireNonNullElse(body.kind(), Rotation.GENERATE);
        }

        int maxAttempts() {
            return java.util.Objects.requireNonNullElse(body.maxAttempts(), PolicyRules.DEFAULT_ATTEMPTS);
        }

        /** The warn-before points, longest first. */
        List<Duration> warnings() {
            return body.warnBefore() == null ? List.of()
                    : body.warnBefore().stream().map(w -> Schedule.duration("warn_before", w)).toList();
        }
    }

    private final Database db;

    PolicyStore(Database db) {
        this.db = db;
    }

    void insert(Row row) {
        db.write(h -> h.createUpdate("INSERT INTO rotation_policies (id, vault_id, name, body, created_at, updated_at) "
                + "VALUES (:id, :vault, :name, :body, :now, :now)")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("name", row.name())
                .bind("body", StoredJson.write(row.body())).bind("now", row.createdAt().toEpochMilli()).execute());
    }

    void replace(String id, Rotation.PolicyWrite body, Instant now) {
        db.write(h -> h.createUpdate("UPDATE rotation_policies SET body = :body, updated_at = :now WHERE id = :id")
                .bind("id", id).bind("body", StoredJson.write(body)).bind("now", now.toEpochMilli()).execute());
    }

    Optional<Row> find(String vaultId, String name) {
        return db.read(h -> h.createQuery("SELECT * FROM rotation_policies WHERE vault_id = :vault AND name = :name")
                .bind("vault", vaultId).bind("name", name).map((rs, ctx) -> row(rs)).findOne());
    }

    Optional<Row> byId(String id) {
        return db.read(h -> h.createQuery("SELECT * FROM rotation_policies WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne());
    }

    List<Row> list(String vaultId) {
        return db.read(h -> h.createQuery("SELECT * FROM rotation_policies WHERE vault_id = :vault ORDER BY name")
                .bind("vault", vaultId).map((rs, ctx) -> row(rs)).list());
    }

    void delete(String id) {
        db.write(h -> h.createUpdate("DELETE FROM rotation_policies WHERE id = :id").bind("id", id).execute());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("name"),
                StoredJson.read(rs.getString("body"), new TypeReference<Rotation.PolicyWrite>() {}),
                Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
