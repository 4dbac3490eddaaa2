package dev.arca.server.rotation;

import dev.arca.api.Rotation;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.EpochMillis;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Table {@code rotation_runs} (V16): every run, the history. An open run (pending, set, tested) has a
 * {@code next_attempt_at} and is driven by whichever node claimed it until {@code claimed_until}; an ended one keeps
 * neither, nor its candidate.
 */
final class RunStore {
    /** A stored run; {@code candidate} and {@code unconfirmed} are ciphertexts bound to the run. */
    record Row(String id, String vaultId, String policyId, String policyName, String secretId, String path,
            String status, String trigger, int attempts, int baseVersion, @Nullable Integer version,
            byte @Nullable [] candidate, byte @Nullable [] unconfirmed, @Nullable String error, Instant startedAt,
            @Nullable Instant finishedAt, @Nullable Instant nextAttemptAt, @Nullable Instant claimedUntil) {
        boolean open() {
            return finishedAt == null;
        }

        Rotation.Run view() {
            return new Rotation.Run(id, policyName, secretId, path, status, trigger, version, attempts, error,
                    startedAt, finishedAt, nextAttemptAt);
        }
    }

    /** What the history is filtered by; null parts match everything. */
    record Filter(String vaultId, @Nullable String policyId, @Nullable String secretId, @Nullable String status) {}

    private static final String COLUMNS = "id, vault_id, policy_id, policy_name, secret_id, path, status, "
            + "run_trigger, attempts, base_version, version, candidate, unconfirmed, error, started_at, finished_at, "
            + "next_attempt_at, claimed_until";

    private final Database db;

    RunStore(Database db) {
        this.db = db;
    }

    void insert(Row row) {
        db.write(h -> h.createUpdate("INSERT INTO rotation_runs (" + COLUMNS + ") VALUES (:id, :vault, :policy, "
                + ":policyName, :secret, :path, :status, :trigger, :attempts, :base, :version, :candidate, NULL, "
                + ":error, :started, :finished, :next, :claimed)")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("policy", row.policyId())
                .bind("policyName", row.policyName()).bind("secret", row.secretId()).bind("path", row.path())
                .bind("status", row.status()).bind("trigger", row.trigger()).bind("attempts", row.attempts())
                .bind("base", row.baseVersion()).bind("version", row.version()).bind("candidate", row.candidate())
                .bind("error", row.error()).bind("started", row.startedAt().toEpochMilli())
                .bind("finished", EpochMillis.of(row.finishedAt())).bind("next", EpochMillis.of(row.nextAttemptAt()))
                .bind("claimed", EpochMillis.of(row.claimedUntil())).execute());
    }

    Optional<Row> byId(String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM rotation_runs WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne());
    }

    /** Open runs due for their next step whose claim has lapsed (or that nobody claimed). */
    List<Row> ready(Instant now, int limit) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM rotation_runs WHERE next_attempt_at <= :now "
                + "AND (claimed_until IS NULL OR claimed_until < :now) ORDER BY next_attempt_at LIMIT :limit")
                .bind("now", now.toEpochMilli()).bind("limit", limit).map((rs, ctx) -> row(rs)).list());
    }

    /** Takes an open run for this node until {@code until}; false when another node holds it. */
    boolean claim(String id, Instant now, Instant until) {
        return db.write(h -> h.createUpdate("UPDATE rotation_runs SET claimed_until = :until WHERE id = :id "
                + "AND finished_at IS NULL AND (claimed_until IS NULL OR claimed_until < :now)")
                .bind("until", until.toEpochMilli()).bind("id", id).bind("now", now.toEpochMilli()).execute()) == 1;
    }

    /** The holder keeps its claim on a run for another while; false when the run ended or another node took it. */
    boolean extend(String id, Instant now, Instant until) {
        return db.write(h -> h.createUpdate("UPDATE rotation_runs SET claimed_until = :until WHERE id = :id "
                + "AND finished_at IS NULL AND claimed_until >= :now")
                .bind("until", until.toEpochMilli()).bind("id", id).bind("now", now.toEpochMilli()).execute()) == 1;
    }

    /** A step done: the run's new status, still claimed. */
    void step(String id, String status) {
        db.write(h -> h.createUpdate("UPDATE rotation_runs SET status = :status WHERE id = :id")
                .bind("status", status).bind("id", id).execute());
    }

    /** A new attempt: a fresh candidate made from version {@code baseVersion}, an earlier one kept unconfirmed. */
    void attempt(String id, int attempts, byte[] candidate, byte @Nullable [] unconfirmed, int baseVersion) {
        db.write(h -> h.createUpdate("UPDATE rotation_runs SET status = 'pending', attempts = :attempts, "
                + "candidate = :candidate, unconfirmed = :unconfirmed, base_version = :base WHERE id = :id")
                .bind("attempts", attempts).bind("candidate", candidate).bind("unconfirmed", unconfirmed)
                .bind("base", baseVersion).bind("id", id).execute());
    }

    /** An attempt failed: tried again at {@code next}, the candidate kept as unconfirmed or dropped. */
    void retryLater(String id, String error, Instant next, boolean keepUnconfirmed) {
        String unconfirmed = keepUnconfirmed ? "unconfirmed = candidate, " : "";
        db.write(h -> h.createUpdate("UPDATE rotation_runs SET status = 'pending', error = :error, " + unconfirmed
                + "candidate = NULL, next_attempt_at = :next, claimed_until = NULL WHERE id = :id")
                .bind("error", error).bind("next", next.toEpochMilli()).bind("id", id).execute());
    }

    /**
     * The run ended (finished or failed): nothing of its values is kept. False when it had ended already (a node
     * whose claim lapsed finished it meanwhile): then the caller must change nothing else.
     */
    boolean end(String id, String status, @Nullable Integer version, @Nullable String error, Instant now) {
        return db.write(h -> h.createUpdate("UPDATE rotation_runs SET status = :status, version = :version, "
                + "error = :error, finished_at = :now, candidate = NULL, unconfirmed = NULL, next_attempt_at = NULL, "
                + "claimed_until = NULL WHERE id = :id AND finished_at IS NULL")
                .bind("status", status).bind("version", version).bind("error", error).bind("now", now.toEpochMilli())
                .bind("id", id).execute()) == 1;
    }

    /** The version a finished run made, in the transaction that ended it. */
    void finished(String id, int version) {
        db.write(h -> h.createUpdate("UPDATE rotation_runs SET version = :version WHERE id = :id")
                .bind("version", version).bind("id", id).execute());
    }

    /** The history, newest first, after the run {@code after} (a cursor) when given. */
    List<Row> history(Filter filter, @Nullable Row after, int limit) {
        StringBuilder where = new StringBuilder("vault_id = :vault");
        if (filter.policyId() != null) {
            where.append(" AND policy_id = :policy");
        }
        if (filter.secretId() != null) {
            where.append(" AND secret_id = :secret");
        }
        if (filter.status() != null) {
            where.append(" AND status = :status");
        }
        if (after != null) {
            where.append(" AND (started_at < :afterStarted OR (started_at = :afterStarted AND id < :afterId))");
        }
        return db.read(h -> {
            var query = h.createQuery("SELECT " + COLUMNS + " FROM rotation_runs WHERE " + where
                    + " ORDER BY started_at DESC, id DESC LIMIT :limit")
                    .bind("vault", filter.vaultId()).bind("limit", limit);
            if (filter.policyId() != null) {
                query.bind("policy", filter.policyId());
            }
            if (filter.secretId() != null) {
                query.bind("secret", filter.secretId());
            }
            if (filter.status() != null) {
                query.bind("status", filter.status());
            }
            if (after != null) {
                query.bind("afterStarted", after.startedAt().toEpochMilli()).bind("afterId", after.id());
            }
            return query.map((rs, ctx) -> row(rs)).list();
        });
    }

    private static Row row(ResultSet rs) throws SQLException {
        Object version = rs.getObject("version");
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("policy_id"),
                rs.getString("policy_name"), rs.getString("secret_id"), rs.getString("path"), rs.getString("status"),
                rs.getString("run_trigger"), rs.getInt("attempts"), rs.getInt("base_version"),
                version == null ? null : ((Number) version).intValue(), rs.getBytes("candidate"),
                rs.getBytes("unconfirmed"), rs.getString("error"), Instant.ofEpochMilli(rs.getLong("started_at")),
                EpochMillis.instant(rs, "finished_at"), EpochMillis.instant(rs, "next_attempt_at"),
                EpochMillis.instant(rs, "claimed_until"));
    }
}
