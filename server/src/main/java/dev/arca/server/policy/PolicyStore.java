package dev.arca.server.policy;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The {@code policies} and {@code policy_bindings} tables. Rules are stored as their normalised JSON. */
final class PolicyStore {
    record Row(String id, String vaultId, String name, @Nullable String description, String rulesJson,
            Instant createdAt, Instant updatedAt) {}

    /**
     * What a write does to the description: keep it as it is (a new policy has none), or set it (null = none).
     */
    record DescriptionChange(boolean keep, @Nullable String description) {
        static final DescriptionChange KEEP = new DescriptionChange(true, null);
    }

    private static final String COLUMNS = "id, vault_id, name, description, rules, created_at, updated_at";

    private final Database db;

    PolicyStore(Database db) {
        this.db = db;
    }

    Optional<Row> find(String vaultId, String name) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM policies WHERE vault_id = :v AND name = :n")
                .bind("v", vaultId).bind("n", name).map((rs, ctx) -> row(rs)).findOne());
    }

    /** The policy with id {@code pol_…} in a vault. */
    Optional<Row> findById(String vaultId, String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM policies WHERE vault_id = :v AND id = :id")
                .bind("v", vaultId).bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    /** Policies of a vault in name order, after {@code afterName}. */
    List<Row> list(String vaultId, String afterName, int limit) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM policies WHERE vault_id = :v "
                + "AND name > :after ORDER BY name LIMIT :limit")
                .bind("v", vaultId).bind("after", afterName).bind("limit", limit)
                .map((rs, ctx) -> row(rs)).list());
    }

    /**
     * Creates the policy (with a new {@code pol_…} id) or replaces its rules, keeping its id and creation time;
     * one statement, so never a race.
     */
    Row upsert(String vaultId, String name, String rulesJson, DescriptionChange description, Instant now) {
        return db.write(h -> h.createQuery("INSERT INTO policies (" + COLUMNS + ") VALUES (:id, :v, :n, :d, :rules, "
                + ":now, :now) ON CONFLICT (vault_id, name) DO UPDATE SET rules = excluded.rules, "
                + "updated_at = excluded.updated_at, "
                + "description = CASE WHEN :keep THEN policies.description ELSE excluded.description END "
                + "RETURNING " + COLUMNS)
                .bind("id", Ids.newId("pol_")).bind("v", vaultId).bind("n", name)
                .bind("d", description.description()).bind("keep", description.keep()).bind("rules", rulesJson)
                .bind("now", now.toEpochMilli())
                .map((rs, ctx) -> row(rs)).one());
    }

    /** Deletes the policy and its bindings; false when there was no such policy. */
    boolean delete(String vaultId, String name) {
        return db.write(h -> {
            h.createUpdate("DELETE FROM policy_bindings WHERE vault_id = :v AND policy_name = :n")
                    .bind("v", vaultId).bind("n", name).execute();
            return h.createUpdate("DELETE FROM policies WHERE vault_id = :v AND name = :n")
                    .bind("v", vaultId).bind("n", name).execute() > 0;
        });
    }

    /** Binds; binding twice is the same as once. */
    void bind(String vaultId, String name, String subject, Instant now) {
        db.write(h -> h.createUpdate("INSERT INTO policy_bindings (vault_id, policy_name, subject, created_at) "
                + "VALUES (:v, :n, :s, :now) ON CONFLICT (vault_id, policy_name, subject) DO NOTHING")
                .bind("v", vaultId).bind("n", name).bind("s", subject).bind("now", now.toEpochMilli()).execute());
    }

    /** False when the policy was not bound to the subject. */
    void unbindEverywhere(String vaultId, String subject) {
        db.write(h -> h.createUpdate("DELETE FROM policy_bindings WHERE vault_id = :v AND subject = :s")
                .bind("v", vaultId).bind("s", subject).execute());
    }

    boolean unbind(String vaultId, String name, String subject) {
        return db.write(h -> h.createUpdate("DELETE FROM policy_bindings WHERE vault_id = :v AND policy_name = :n "
                + "AND subject = :s")
                .bind("v", vaultId).bind("n", name).bind("s", subject).execute() > 0);
    }

    /** The subjects a policy is bound to, in order. */
    List<String> subjectsOf(String vaultId, String name) {
        return db.read(h -> h.createQuery("SELECT subject FROM policy_bindings WHERE vault_id = :v "
                + "AND policy_name = :n ORDER BY subject")
                .bind("v", vaultId).bind("n", name).mapTo(String.class).list());
    }

    /** The names of the policies bound to a subject, in order. */
    List<String> boundTo(String vaultId, String subject) {
        return db.read(h -> h.createQuery("SELECT policy_name FROM policy_bindings WHERE vault_id = :v "
                + "AND subject = :s ORDER BY policy_name")
                .bind("v", vaultId).bind("s", subject).mapTo(String.class).list());
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("name"), rs.getString("description"),
                rs.getString("rules"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }
}
