package dev.arca.server.lease;

import dev.arca.api.Lease;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

/**
 * The {@code leases} table (V8). Times are epoch milliseconds. A lease is live while its state is {@code active}
 * and its {@code expires_at} lies ahead: every change to a lease re-checks both in its UPDATE, so a change racing
 * the reaper or another request either wins whole or touches nothing.
 */
final class LeaseStore {
    static final String ACTIVE = "active";
    static final String EXPIRED = "expired";
    static final String RELEASED = "released";
    static final String REVOKED = "revoked";
    static final String SECRET = "secret";
    /** A dynamic credential's user still exists in its database. */
    static final String OWED = "owed";
    static final String DONE = "done";
    static final String IRREVOCABLE = "irrevocable";

    /**
     * One lease as stored. {@code endedAt} is null exactly while the state is {@code active}. A dynamic credential
     * ({@code kind} not {@code secret}) has no secret id or version but a {@code revocation} (what undoing it needs,
     * for its {@link LeaseBackend}) and a {@code cleanup} state; {@code nextAttemptAt} is set once it has ended and
     * its user is still owed a revocation.
     */
    record Row(String id, String vaultId, String kind, @Nullable String secretId, String path,
            @Nullable Integer version, String holder, long ttlMs, long issuedAt, long expiresAt, long maxExpiresAt,
            String state, @Nullable Long endedAt, @Nullable String revocation, @Nullable String cleanup,
            int attempts, @Nullable Long nextAttemptAt, @Nullable String lastError) {

        /** A retrieval's lease: nothing to undo when it ends. */
        static Row secret(String id, String vaultId, String secretId, String path, int version, String holder,
                long ttlMs, long issuedAt, long expiresAt, long maxExpiresAt) {
            return new Row(id, vaultId, SECRET, secretId, path, version, holder, ttlMs, issuedAt, expiresAt,
                    maxExpiresAt, ACTIVE, null, null, null, 0, null, null);
        }

        /** Ended: released, revoked, marked expired by the reaper, or past its expiry before the reaper came. */
        boolean endedAt(long now) {
            return !state.equals(ACTIVE) || expiresAt <= now;
        }

        Lease view() {
            return new Lease(id, vaultId, kind, secretId, path, version, holder, Instant.ofEpochMilli(issuedAt),
                    Instant.ofEpochMilli(expiresAt), Instant.ofEpochMilli(maxExpiresAt), state,
                    endedAt == null ? null : Instant.ofEpochMilli(endedAt), cleanup, lastError);
        }
    }

    /** Filters of a vault's lease listing; null means any. */
    record VaultQuery(String vaultId, @Nullable String holder, @Nullable String secretId, long now, String after,
            int limit) {}

    private static final String COLUMNS = "id, vault_id, kind, secret_id, path, version, holder, ttl_ms, issued_at, "
            + "expires_at, max_expires_at, state, ended_at, revocation, cleanup, attempts, next_attempt_at, last_error";
    /** When a lease ends, a dynamic credential's revocation falls due: now, or at its expiry for one that expired. */
    private static final String DUE_NOW = "next_attempt_at = CASE WHEN cleanup = 'owed' THEN :now END";
    private static final String LIVE = "state = 'active' AND expires_at > :now";
    /** Any 64-bit constant unique to this job among Arca's advisory locks: "ArcaLeas" in ASCII. */
    private static final long REAPER_LOCK = 0x417263614C656173L;

    private final Database db;

    LeaseStore(Database db) {
        this.db = db;
    }

    void insert(Row row) {
        db.write(h -> h.createUpdate("INSERT INTO leases (" + COLUMNS + ") VALUES (:id, :vault, :kind, :secret, "
                + ":path, :version, :holder, :ttl, :issued, :expires, :max, :state, :ended, :revocation, :cleanup, "
                + ":attempts, :next, :error)")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("kind", row.kind())
                .bind("secret", row.secretId()).bind("path", row.path()).bind("version", row.version())
                .bind("holder", row.holder()).bind("ttl", row.ttlMs()).bind("issued", row.issuedAt())
                .bind("expires", row.expiresAt()).bind("max", row.maxExpiresAt()).bind("state", row.state())
                .bind("ended", row.endedAt()).bind("revocation", row.revocation()).bind("cleanup", row.cleanup())
                .bind("attempts", row.attempts()).bind("next", row.nextAttemptAt()).bind("error", row.lastError())
                .execute());
    }

    Optional<Row> byId(String id) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM leases WHERE id = :id")
                .bind("id", id).map((rs, ctx) -> row(rs)).findOne());
    }

    /**
     * The live leases of {@code holder} in id order after {@code after}; {@code vaultId} null (a global token)
     * means in any vault.
     */
    List<Row> liveOf(@Nullable String vaultId, String holder, long now, String after, int limit) {
        return db.read(h -> {
            Query query = h.createQuery("SELECT " + COLUMNS + " FROM leases WHERE "
                    + (vaultId == null ? "" : "vault_id = :vault AND ") + "holder = :holder AND " + LIVE
                    + " AND id > :after ORDER BY id LIMIT :limit")
                    .bind("holder", holder).bind("now", now).bind("after", after).bind("limit", limit);
            if (vaultId != null) {
                query.bind("vault", vaultId);
            }
            return query.map((rs, ctx) -> row(rs)).list();
        });
    }

    /** The live leases of a vault in id order, narrowed to one holder and/or one secret. */
    List<Row> liveIn(VaultQuery q) {
        return db.read(h -> {
            Query query = h.createQuery("SELECT " + COLUMNS + " FROM leases WHERE vault_id = :vault AND "
                    + (q.holder() == null ? "" : "holder = :holder AND ")
                    + (q.secretId() == null ? "" : "secret_id = :secret AND ")
                    + LIVE + " AND id > :after ORDER BY id LIMIT :limit")
                    .bind("vault", q.vaultId()).bind("now", q.now()).bind("after", q.after())
                    .bind("limit", q.limit());
            if (q.holder() != null) {
                query.bind("holder", q.holder());
            }
            if (q.secretId() != null) {
                query.bind("secret", q.secretId());
            }
            return query.map((rs, ctx) -> row(rs)).list();
        });
    }

    /** Moves a live lease's expiry; false when it ended meanwhile. */
    boolean renew(String id, long expiresAt, long now) {
        return db.write(h -> h.createUpdate("UPDATE leases SET expires_at = :expires WHERE id = :id AND " + LIVE)
                .bind("expires", expiresAt).bind("id", id).bind("now", now).execute()) == 1;
    }

    /**
     * Ends a live lease as {@code released}; false when it ended meanwhile. {@code cleanedUp}: its database user was
     * already dropped (the release route does that first), so nothing is owed any more.
     */
    boolean release(String id, long now, boolean cleanedUp) {
        String cleanup = cleanedUp ? "cleanup = 'done', next_attempt_at = NULL" : DUE_NOW;
        return db.write(h -> h.createUpdate("UPDATE leases SET state = 'released', ended_at = :now, " + cleanup
                + " WHERE id = :id AND " + LIVE).bind("id", id).bind("now", now).execute()) == 1;
    }

    /**
     * Revokes every live lease of a vault whose path starts with {@code prefix}, in one UPDATE; answers how many.
     * LIKE can use the path index; the substring test makes it exact where SQLite's LIKE ignores case.
     */
    int revokePrefix(String vaultId, String prefix, long now) {
        // '!' escapes: a backslash in a quoted literal confuses JDBI's parameter parser
        String pattern = prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        return db.write(h -> h.createUpdate("UPDATE leases SET state = 'revoked', ended_at = :now, " + DUE_NOW
                + " WHERE vault_id = :vault AND path LIKE :pattern ESCAPE '!' AND substr(path, 1, :length) = :prefix "
                + "AND " + LIVE).bind("vault", vaultId).bind("pattern", pattern).bind("length", prefix.length())
                .bind("prefix", prefix).bind("now", now).execute());
    }

    /** Ended dynamic credentials whose revocation is due at {@code now}, next attempt first. */
    List<Row> dueRevocations(long now, int limit) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM leases WHERE cleanup = 'owed' "
                + "AND next_attempt_at <= :now ORDER BY next_attempt_at LIMIT :limit")
                .bind("now", now).bind("limit", limit).map((rs, ctx) -> row(rs)).list());
    }

    /**
     * Takes a due revocation for one attempt: moves its next attempt to {@code until}, so no other worker (or node)
     * takes it meanwhile; false when another did first.
     */
    boolean claim(Row row, long now, long until) {
        return db.write(h -> h.createUpdate("UPDATE leases SET next_attempt_at = :until WHERE id = :id "
                + "AND cleanup = 'owed' AND attempts = :attempts AND next_attempt_at <= :now")
                .bind("until", until).bind("id", row.id()).bind("attempts", row.attempts()).bind("now", now)
                .execute()) == 1;
    }

    /** The database user is gone: nothing is owed. */
    void revocationDone(String id) {
        db.write(h -> h.createUpdate("UPDATE leases SET cleanup = 'done', next_attempt_at = NULL, last_error = NULL "
                + "WHERE id = :id AND cleanup = 'owed'").bind("id", id).execute());
    }

    /** An attempt failed: try again at {@code nextAttemptAt}, or give up ({@code irrevocable}) when it is null. */
    void revocationFailed(String id, int attempts, @Nullable Long nextAttemptAt, String error) {
        db.write(h -> h.createUpdate("UPDATE leases SET attempts = :attempts, next_attempt_at = :next, "
                + "last_error = :error, cleanup = :cleanup WHERE id = :id AND cleanup = 'owed'")
                .bind("attempts", attempts).bind("next", nextAttemptAt)
                .bind("error", error.length() > 1000 ? error.substring(0, 1000) : error)
                .bind("cleanup", nextAttemptAt == null ? IRREVOCABLE : OWED).bind("id", id).execute());
    }

    /** A vault's dynamic credentials that retries gave up on, in id order. */
    List<Row> irrevocable(String vaultId, String after, int limit) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM leases WHERE cleanup = 'irrevocable' "
                + "AND vault_id = :vault AND id > :after ORDER BY id LIMIT :limit")
                .bind("vault", vaultId).bind("after", after).bind("limit", limit).map((rs, ctx) -> row(rs)).list());
    }

    /**
     * An admin's {@code revoke-force}: the lease ends (if it had not) and is no longer owed a revocation, whether
     * or not its user could be dropped; false when there was nothing to force.
     */
    boolean forceEnd(String id, long now, String note) {
        return db.write(h -> h.createUpdate("UPDATE leases SET state = CASE WHEN state = 'active' THEN 'revoked' "
                + "ELSE state END, ended_at = COALESCE(ended_at, :now), cleanup = 'done', next_attempt_at = NULL, "
                + "last_error = :note WHERE id = :id AND cleanup IN ('owed', 'irrevocable')")
                .bind("now", now).bind("note", note).bind("id", id).execute()) == 1;
    }

    /** Revokes every live lease of one holder in one vault, in one UPDATE; answers how many. */
    int revokeHolder(String vaultId, String holder, long now) {
        return db.write(h -> h.createUpdate("UPDATE leases SET state = 'revoked', ended_at = :now, " + DUE_NOW
                + " WHERE vault_id = :vault AND holder = :holder AND " + LIVE)
                .bind("vault", vaultId).bind("holder", holder).bind("now", now).execute());
    }

    /**
     * Whether this transaction may run the reaper: on PostgreSQL a transaction-scoped advisory lock (held by
     * one node at a time, released at commit); SQLite has a single node and its one writer.
     */
    boolean lockReaper() {
        if (db.url().kind() == StorageUrl.Kind.SQLITE) {
            return true;
        }
        return db.read(h -> h.createQuery("SELECT pg_try_advisory_xact_lock(:key)").bind("key", REAPER_LOCK)
                .mapTo(Boolean.class).one());
    }

    /**
     * Marks up to {@code batch} active leases due at {@code now} expired, earliest expiry first, through the
     * {@code (state, expires_at)} index. The lease ended when it expired, so that is its {@code ended_at}. The
     * outer check keeps a release that committed meanwhile from being overwritten; it is written
     * {@code ended_at IS NULL} (only active leases have none) rather than {@code state = 'active'}, which would
     * lead SQLite to scan every active lease through the state index instead of looking up each id.
     */
    int expireDue(long now, int batch) {
        return db.write(h -> h.createUpdate("UPDATE leases SET state = 'expired', ended_at = expires_at, "
                + "next_attempt_at = CASE WHEN cleanup = 'owed' THEN expires_at END WHERE ended_at IS NULL AND id IN (SELECT id FROM leases WHERE state = 'active' "
                + "AND expires_at <= :now ORDER BY expires_at LIMIT :batch)")
                .bind("now", now).bind("batch", batch).execute());
    }

    /**
     * Deletes up to {@code batch} ended leases whose expiry is before {@code cutoff}, through the
     * {@code (state, expires_at)} index. A lease never ends after its expiry ({@link #release} and
     * {@link #revokeHolder} only touch live ones), so each deleted lease ended before the cutoff; one released
     * early is kept until its expiry passes the cutoff too, at most a day more. A dynamic credential whose user
     * is still owed a revocation, or was given up on, is kept whatever its age: it is what lists and retries it.
     */
    int deleteEndedBefore(long cutoff, int batch) {
        return db.write(h -> h.createUpdate("DELETE FROM leases WHERE id IN (SELECT id FROM leases "
                + "WHERE state IN ('expired', 'released', 'revoked') AND expires_at < :cutoff "
                + "AND (cleanup IS NULL OR cleanup = 'done') LIMIT :batch)")
                .bind("cutoff", cutoff).bind("batch", batch).execute());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("kind"), rs.getString("secret_id"),
                rs.getString("path"), nullableInt(rs, "version"), rs.getString("holder"), rs.getLong("ttl_ms"),
                rs.getLong("issued_at"), rs.getLong("expires_at"), rs.getLong("max_expires_at"),
                rs.getString("state"), nullableLong(rs, "ended_at"), rs.getString("revocation"),
                rs.getString("cleanup"), rs.getInt("attempts"), nullableLong(rs, "next_attempt_at"),
                rs.getString("last_error"));
    }

    private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? null : ((Number) value).longValue();
    }

    private static @Nullable Integer nullableInt(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value == null ? null : ((Number) value).intValue();
    }
}
