package dev.arca.server.rotation;

import dev.arca.server.storage.Database;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Table {@code rotation_assignments} (V16): a policy's secrets, prefixes and tags. */
final class AssignmentStore {
    static final String SECRET = "secret";
    static final String PREFIX = "prefix";
    static final String TAG = "tag";

    /** One assignment; {@code target} is a secret id, a path prefix or a tag. */
    record Row(String id, String vaultId, String policyId, String type, String target, Instant createdAt) {}

    private final Database db;

    AssignmentStore(Database db) {
        this.db = db;
    }

    void insert(Row row) {
        db.write(h -> h.createUpdate("INSERT INTO rotation_assignments (id, vault_id, policy_id, type, target, "
                + "created_at) VALUES (:id, :vault, :policy, :type, :target, :now)")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("policy", row.policyId())
                .bind("type", row.type()).bind("target", row.target()).bind("now", row.createdAt().toEpochMilli())
                .execute());
    }

    Optional<Row> find(String vaultId, String type, String target) {
        return db.read(h -> h.createQuery("SELECT * FROM rotation_assignments WHERE vault_id = :vault "
                + "AND type = :type AND target = :target").bind("vault", vaultId).bind("type", type)
                .bind("target", target).map((rs, ctx) -> row(rs)).findOne());
    }

    List<Row> ofPolicy(String policyId) {
        return db.read(h -> h.createQuery("SELECT * FROM rotation_assignments WHERE policy_id = :policy "
                + "ORDER BY created_at, id").bind("policy", policyId).map((rs, ctx) -> row(rs)).list());
    }

    /** Every prefix and tag assignment of every vault, oldest first: the ones that cover secrets made later. */
    List<Row> covering() {
        return db.read(h -> h.createQuery("SELECT * FROM rotation_assignments WHERE type <> 'secret' "
                + "ORDER BY created_at, id").map((rs, ctx) -> row(rs)).list());
    }

    /** The vault's prefix assignments. */
    List<Row> prefixes(String vaultId) {
        return db.read(h -> h.createQuery("SELECT * FROM rotation_assignments WHERE vault_id = :vault "
                + "AND type = 'prefix'").bind("vault", vaultId).map((rs, ctx) -> row(rs)).list());
    }

    void delete(String id) {
        db.write(h -> h.createUpdate("DELETE FROM rotation_assignments WHERE id = :id").bind("id", id).execute());
    }

    /** Deletes assignment {@code id} if it is a single secret's (a prefix or tag keeps covering what comes). */
    void deleteSecret(String id) {
        db.write(h -> h.createUpdate("DELETE FROM rotation_assignments WHERE id = :id AND type = 'secret'")
                .bind("id", id).execute());
    }

    void deleteOfPolicy(String policyId) {
        db.write(h -> h.createUpdate("DELETE FROM rotation_assignments WHERE policy_id = :policy")
                .bind("policy", policyId).execute());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("policy_id"), rs.getString("type"),
                rs.getString("target"), Instant.ofEpochMilli(rs.getLong("created_at")));
    }
}
