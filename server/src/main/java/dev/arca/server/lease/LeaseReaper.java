package dev.arca.server.lease;

import dev.arca.server.jobs.PeriodicJob;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@link #INTERVAL}, on a daemon virtual thread: marks due active leases {@code expired} and deletes ended
 * leases after {@link #RETENTION}. Requests already refuse a lease past its expiry; this makes the state visible
 * and keeps the table small.
 *
 * <p>Work goes in batches of {@link #BATCH} rows, each its own short transaction, so a backlog (a node that was
 * down) never holds SQLite's one writer lock or many PostgreSQL row locks for long. On PostgreSQL each batch
 * first takes a transaction-scoped advisory lock: while another node's batch holds it, this pass stops, so with
 * several nodes one works at a time. A failed pass is logged and the next one tries again.
 */
public final class LeaseReaper implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(5);
    static final int BATCH = 1_000;
    static final Duration RETENTION = Duration.ofDays(7);
    private static final Logger LOG = LoggerFactory.getLogger(LeaseReaper.class);

    private final Database db;
    private final LeaseStore store;
    private final Clock clock;
    private final PeriodicJob job = new PeriodicJob("arca-lease-reaper", INTERVAL, this::reapNow);

    /** What one pass did; {@code skipped} when another node held the lock. */
    public record Pass(int expired, int deleted, boolean skipped) {}

    public LeaseReaper(Database db, Clock clock) {
        this.db = db;
        this.store = new LeaseStore(db);
        this.clock = clock;
    }

    /** Starts the passes; the first one runs after one interval. */
    public LeaseReaper start() {
        job.start();
        return this;
    }

    /** One pass, now: expires every due lease, then deletes ended leases past the retention. */
    public Pass reapNow() {
        long now = clock.millis();
        int expired = 0;
        int deleted = 0;
        int done;
        do {
            done = batch(() -> store.expireDue(now, BATCH));
            expired += Math.max(done, 0);
        } while (done == BATCH);
        if (done >= 0) {
            do {
                done = batch(() -> store.deleteEndedBefore(now - RETENTION.toMillis(), BATCH));
                deleted += Math.max(done, 0);
            } while (done == BATCH);
        }
        if (expired > 0 || deleted > 0) {
            LOG.info("{} lease(s) expired, {} ended lease(s) deleted", expired, deleted);
        }
        return new Pass(expired, deleted, done < 0);
    }

    /** One batch in its own transaction under the reaper lock; -1 when another node holds the lock. */
    private int batch(IntSupplier work) {
        return db.inTransaction(() -> store.lockReaper() ? work.getAsInt() : -1);
    }

    /** Stops the passes and waits for a pass in progress to finish. */
    @Override
    public void close() {
        job.close();
    }
}
