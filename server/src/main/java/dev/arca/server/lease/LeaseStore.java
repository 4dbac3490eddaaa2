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

    /** One lease as stored. {@code endedAt} is null exactly while the state is {@code active}. */
    record Row(String id, String vaultId, String secretId, String path, int version, String holder, long ttlMs,
            long issuedAt, long expiresAt, long maxExpiresAt, String state, @Nullable Long endedAt) {

        /** Ended: released, revoked, marked expired by the reaper, or past its expiry before the reaper came. */
        boolean endedAt(long now) {
            return !state.equals(ACTIVE) || expiresAt <= now;
        }

        Lease view() {
            return new Lease(id, vaultId, secretId, path, version, holder, Instant.ofEpochMilli(issuedAt),
                    Instant.ofEpochMilli(expiresAt), Instant.ofEpochMilli(maxExpiresAt), state,
                    endedAt == null ? null : Instant.ofEpochMilli(endedAt));
        }
    }

    /** Filters of a vault's lease listing; null means any. */
    record VaultQuery(String vaultId, @Nullable String holder, @Nullable String secretId, long now, String after,
            int limit) {}

    private static final String COLUMNS = "id, vault_id, secret_id, path, version, holder, ttl_ms, issued_at, "
            + "expires_at, max_expires_at, state, ended_at";
    private static final String LIVE = "state = 'active' AND expires_at > :now";
    /** Any 64-bit constant unique to this job among Arca's advisory locks: "ArcaLeas" in ASCII. */
    private static final long REAPER_LOCK = 0x417263614C656173L;

    private final Database db;

    LeaseStore(Database db) {
        this.db = db;
    }

    void insert(Row row) {
        db.write(h -> h.createUpdate("INSERT INTO leases (" + COLUMNS + ") VALUES (:id, :vault, :secret, :path, "
                + ":version, :holder, :ttl, :issued, :expires, :max, :state, :ended)")
                .bind("id", row.id()).bind("vault", row.vaultId()).bind("secret", row.secretId())
                .bind("path", row.path()).bind("version", row.version()).bind("holder", row.holder())
                .bind("ttl", row.ttlMs()).bind("issued", row.issuedAt()).bind("expires", row.expiresAt())
                .bind("max", row.maxExpiresAt()).bind("state", row.state()).bind("ended", row.endedAt())
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

    /** Ends a live lease as {@code released}; false when it ended meanwhile. */
    boolean release(String id, long now) {
        return db.write(h -> h.createUpdate("UPDATE leases SET state = 'released', ended_at = :now WHERE id = :id AND "
                + LIVE).bind("id", id).bind("now", now).execute()) == 1;
    }

    /** Revokes every live lease of one holder in one vault, in one UPDATE; answers how many. */
    int revokeHolder(String vaultId, String holder, long now) {
        return db.write(h -> h.createUpdate("UPDATE leases SET state = 'revoked', ended_at = :now "
                + "WHERE vault_id = :vault AND holder = :holder AND " + LIVE)
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
        return db.write(h -> h.createUpdate("UPDATE leases SET state = 'expired', ended_at = expires_at "
                + "WHERE ended_at IS NULL AND id IN (SELECT id FROM leases WHERE state = 'active' "
                + "AND expires_at <= :now ORDER BY expires_at LIMIT :batch)")
                .bind("now", now).bind("batch", batch).execute());
    }

    /**
     * Deletes up to {@code batch} ended leases whose expiry is before {@code cutoff}, through the
     * {@code (state, expires_at)} index. A lease never ends after its expiry ({@link #release} and
     * {@link #revokeHolder} only touch live ones), so each deleted lease ended before the cutoff; one released
     * early is kept until its expiry passes the cutoff too, at most a day more.
     */
    int deleteEndedBefore(long cutoff, int batch) {
        return db.write(h -> h.createUpdate("DELETE FROM leases WHERE id IN (SELECT id FROM leases "
                + "WHERE state IN ('expired', 'released', 'revoked') AND expires_at < :cutoff LIMIT :batch)")
                .bind("cutoff", cutoff).bind("batch", batch).execute());
    }

    private static Row row(ResultSet rs) throws SQLException {
        Object ended = rs.getObject("ended_at");
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("secret_id"),
                rs.getString("path"), rs.getInt("version"), rs.getString("holder"), rs.getLong("ttl_ms"),
                rs.getLong("issued_at"), rs.getLong("expires_at"), rs.getLong("max_expires_at"),
                rs.getString("state"), ended == null ? null : ((Number) ended).longValue());
    }
}
