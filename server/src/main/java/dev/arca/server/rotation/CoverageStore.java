package dev.arca.server.rotation;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.EpochMillis;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Table {@code rotation_secrets} (V16): the secrets a policy covers, at most one policy each, with when each rotates
 * next, when its next warning is due and the run in progress. Claims are conditional updates, so two nodes over one
 * database never both take a secret.
 */
final class CoverageStore {
    /** One covered secret; {@code kind} is its policy's, copied so the due scan needs no join. */
    record Row(String secretId, String vaultId, String policyId, String assignmentId, String kind,
            Instant nextRotationAt, @Nullable Instant nextWarningAt, @Nullable Instant lastRotatedAt,
            @Nullable String lastStatus, @Nullable String runId) {}

    /** A covered secret as {@code due} lists it. */
    record Listed(Row row, String path, String policyName) {}

    private final Database db;

    CoverageStore(Database db) {
        this.db = db;
    }

    void insert(Row row) {
        db.write(h -> h.createUpdate("INSERT INTO rotation_secrets (secret_id, vault_id, policy_id, assignment_id, "
                + "kind, next_rotation_at, next_warning_at) VALUES (:secret, :vault, :policy, :assignment, :kind, "
                + ":next, :warning)")
                .bind("secret", row.secretId()).bind("vault", row.vaultId()).bind("policy", row.policyId())
                .bind("assignment", row.assignmentId()).bind("kind", row.kind())
                .bind("next", row.nextRotationAt().toEpochMilli()).bind("warning", EpochMillis.of(row.nextWarningAt()))
                .execute());
    }

    /**
     * Covers the live secrets under {@code prefix} (a LIKE pattern, escaped with {@code !}) or tagged {@code tag}
     * that no policy covers yet; returns how many it covered.
     */
    int coverMatching(AssignmentStore.Row assignment, String kind, Instant next, @Nullable Instant warning) {
        String match = matching(assignment);
        String pattern = pattern(assignment);
        return db.write(h -> h.createUpdate("INSERT INTO rotation_secrets (secret_id, vault_id, policy_id, "
                + "assignment_id, kind, next_rotation_at, next_warning_at) SELECT s.id, s.vault_id, :policy, "
                + ":assignment, :kind, :next, :warning FROM secrets s WHERE s.vault_id = :vault "
                + "AND s.deleted_at IS NULL AND s.type <> 'transit_key' AND " + match
                + " AND NOT EXISTS (SELECT 1 FROM rotation_secrets r WHERE r.secret_id = s.id)")
                .bind("policy", assignment.policyId()).bind("assignment", assignment.id()).bind("kind", kind)
                .bind("next", next.toEpochMilli()).bind("warning", EpochMillis.of(warning))
                .bind("vault", assignment.vaultId()).bind("match", pattern).execute());
    }

    /** The live secrets an assignment would cover that another policy covers already: the first few. */
    List<String> coveredElsewhere(AssignmentStore.Row assignment, int limit) {
        String match = matching(assignment);
        String pattern = pattern(assignment);
        return db.read(h -> h.createQuery("SELECT s.path || ' (by policy ' || p.name || ')' FROM secrets s "
                + "JOIN rotation_secrets r ON r.secret_id = s.id JOIN rotation_policies p ON p.id = r.policy_id "
                + "WHERE s.vault_id = :vault AND s.deleted_at IS NULL AND r.policy_id <> :policy AND " + match
                + " ORDER BY s.path LIMIT :limit")
                .bind("vault", assignment.vaultId()).bind("policy", assignment.policyId()).bind("match", pattern)
                .bind("limit", limit).mapTo(String.class).list());
    }

    Optional<Row> find(String secretId) {
        return db.read(h -> h.createQuery("SELECT * FROM rotation_secrets WHERE secret_id = :id").bind("id", secretId)
                .map((rs, ctx) -> row(rs)).findOne());
    }

    /** A secret's path, for what a rotation tells about it. */
    Optional<String> path(String secretId) {
        return db.read(h -> h.createQuery("SELECT path FROM secrets WHERE id = :id").bind("id", secretId)
                .mapTo(String.class).findOne());
    }

    List<Row> ofPolicy(String policyId) {
        return db.read(h -> h.createQuery("SELECT * FROM rotation_secrets WHERE policy_id = :policy")
                .bind("policy", policyId).map((rs, ctx) -> row(rs)).list());
    }

    int countOfPolicy(String policyId) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM rotation_secrets WHERE policy_id = :policy")
                .bind("policy", policyId).mapTo(Integer.class).one());
    }

    /** Secrets whose rotation is due at {@code now} and that no run holds (push policies wait for their caller). */
    List<Row> due(Instant now, int limit) {
        return db.read(h -> h.createQuery("SELECT * FROM rotation_secrets WHERE next_rotation_at <= :now "
                + "AND run_id IS NULL AND kind <> 'push' ORDER BY next_rotation_at LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", limit).map((rs, ctx) -> row(rs)).list());
    }

    /** Secrets whose next warning is due at {@code now}. */
    List<Row> warningsDue(Instant now, int limit) {
        return db.read(h -> h.createQuery("SELECT * FROM rotation_secrets WHERE next_warning_at <= :now "
                + "ORDER BY next_warning_at LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", limit).map((rs, ctx) -> row(rs)).list());
    }

    /** The vault's covered secrets due by {@code until}, earliest first, with their paths and policy names. */
    List<Listed> dueBy(String vaultId, Instant until, int limit) {
        return db.read(h -> h.createQuery("SELECT r.*, s.path AS secret_path, p.name AS policy_name "
                + "FROM rotation_secrets r JOIN secrets s ON s.id = r.secret_id "
                + "JOIN rotation_policies p ON p.id = r.policy_id WHERE r.vault_id = :vault "
                + "AND r.next_rotation_at <= :until ORDER BY r.next_rotation_at, r.secret_id LIMIT :limit")
                .bind("vault", vaultId).bind("until", until.toEpochMilli()).bind("limit", limit)
                .map((rs, ctx) -> new Listed(row(rs), rs.getString("secret_path"), rs.getString("policy_name")))
                .list());
    }

    /**
     * Takes the secret for run {@code runId}: only when no run holds it and, for a scheduled run, its due time is
     * still the one seen (a run another node finished in between moved it on).
     */
    boolean claim(String secretId, String runId, @Nullable Instant seenDue) {
        String due = seenDue == null ? "" : " AND next_rotation_at = :seen";
        return db.write(h -> {
            var update = h.createUpdate("UPDATE rotation_secrets SET run_id = :run WHERE secret_id = :secret "
                    + "AND run_id IS NULL" + due).bind("run", runId).bind("secret", secretId);
            if (seenDue != null) {
                update.bind("seen", seenDue.toEpochMilli());
            }
            return update.execute();
        }) == 1;
    }

    /** A run ended: the secret is free again, due next at {@code next}. */
    void release(String secretId, String runId, String status, @Nullable Instant rotatedAt, Instant next,
            @Nullable Instant warning) {
        db.write(h -> h.createUpdate("UPDATE rotation_secrets SET run_id = NULL, last_status = :status, "
                + "last_rotated_at = COALESCE(:rotated, last_rotated_at), next_rotation_at = :next, "
                + "next_warning_at = :warning WHERE secret_id = :secret AND run_id = :run")
                .bind("status", status).bind("rotated", EpochMillis.of(rotatedAt)).bind("next", next.toEpochMilli())
                .bind("warning", EpochMillis.of(warning)).bind("secret", secretId).bind("run", runId).execute());
    }

    /** A caller rotated the secret: due next at {@code next}. */
    void rotatedByCaller(String secretId, Instant rotatedAt, Instant next, @Nullable Instant warning) {
        db.write(h -> h.createUpdate("UPDATE rotation_secrets SET last_status = 'finished', "
                + "last_rotated_at = :rotated, next_rotation_at = :next, next_warning_at = :warning "
                + "WHERE secret_id = :secret").bind("rotated", rotatedAt.toEpochMilli())
                .bind("next", next.toEpochMilli()).bind("warning", EpochMillis.of(warning)).bind("secret", secretId)
                .execute());
    }

    /** Moves the next warning on from {@code seen}; false when another node told it first. */
    boolean moveWarning(String secretId, Instant seen, @Nullable Instant next) {
        return db.write(h -> h.createUpdate("UPDATE rotation_secrets SET next_warning_at = :next "
                + "WHERE secret_id = :secret AND next_warning_at = :seen").bind("next", EpochMillis.of(next))
                .bind("secret", secretId).bind("seen", seen.toEpochMilli()).execute()) == 1;
    }

    /** A replaced policy: its secrets' kind and times computed again. */
    void reschedule(String secretId, String kind, Instant next, @Nullable Instant warning) {
        db.write(h -> h.createUpdate("UPDATE rotation_secrets SET kind = :kind, next_rotation_at = :next, "
                + "next_warning_at = :warning WHERE secret_id = :secret").bind("kind", kind)
                .bind("next", next.toEpochMilli()).bind("warning", EpochMillis.of(warning)).bind("secret", secretId)
                .execute());
    }

    void delete(String secretId) {
        db.write(h -> h.createUpdate("DELETE FROM rotation_secrets WHERE secret_id = :id").bind("id", secretId)
                .execute());
    }

    void deleteOfAssignment(String assignmentId) {
        db.write(h -> h.createUpdate("DELETE FROM rotation_secrets WHERE assignment_id = :id")
                .bind("id", assignmentId).execute());
    }

    void deleteOfPolicy(String policyId) {
        db.write(h -> h.createUpdate("DELETE FROM rotation_secrets WHERE policy_id = :id").bind("id", policyId)
                .execute());
    }

    /** The condition on secret {@code s} of a prefix or tag assignment, its value bound as {@code :match}. */
    private static String matching(AssignmentStore.Row assignment) {
        return assignment.type().equals(AssignmentStore.PREFIX) ? "s.path LIKE :match ESCAPE '!'"
                : "EXISTS (SELECT 1 FROM secret_tags t WHERE t.secret_id = s.id AND t.tag = :match)";
    }

    private static String pattern(AssignmentStore.Row assignment) {
        return assignment.type().equals(AssignmentStore.PREFIX) ? like(assignment.target()) + "%"
                : assignment.target();
    }

    /** A prefix as a LIKE pattern's literal part, escaped with {@code !}. */
    static String like(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("secret_id"), rs.getString("vault_id"), rs.getString("policy_id"),
                rs.getString("assignment_id"), rs.getString("kind"),
                Instant.ofEpochMilli(rs.getLong("next_rotation_at")), EpochMillis.instant(rs, "next_warning_at"),
                EpochMillis.instant(rs, "last_rotated_at"), rs.getString("last_status"), rs.getString("run_id"));
    }
}
