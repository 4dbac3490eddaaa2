package dev.arca.server.lease;

import dev.arca.server.jobs.PeriodicJob;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revocation that always ends: every {@link #INTERVAL}, the ended dynamic credentials still owed a revocation are
 * undone through their {@link LeaseBackend}. An attempt that fails is retried with exponential backoff and jitter
 * ({@link Retry}); after {@code maxAttempts} the lease is marked {@code irrevocable}, listed for an admin, who may
 * {@code revoke-force} it. "Already gone" is the backend's success, so a user dropped by hand, or a retry after a
 * crash, ends cleanly.
 *
 * <p>Attempts run at most {@link #CONCURRENCY} at a time on their own virtual threads, apart from request
 * threads, so a storm of expiries cannot starve requests of database connections or CPU. Each attempt first claims
 * its row (moves its next attempt {@link #CLAIM} ahead in a conditional UPDATE), so two nodes, or a slow attempt and
 * the next pass, never revoke one lease at once; an attempt cut off by a crash is simply due again after the claim.
 */
public final class LeaseRevocations implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final Duration CLAIM = Duration.ofMinutes(2);
    static final int CONCURRENCY = 4;
    /**
     * Tries at release before leaving it to the worker: a database busy with concurrent DDL can refuse a
     * {@code DROP OWNED} once ("tuple concurrently updated"), and the caller should find the user gone.
     */
    private static final int NOW_ATTEMPTS = 3;
    private static final int BATCH = 100;
    private static final Logger LOG = LoggerFactory.getLogger(LeaseRevocations.class);

    /** Backoff between attempts: {@code base × 2^(attempt-1)}, at most {@code cap}, ±20 % jitter. */
    public record Retry(int maxAttempts, Duration base, Duration cap) {
        public static final Retry DEFAULT = new Retry(12, Duration.ofSeconds(2), Duration.ofMinutes(10));

        long delayMillis(int attempt) {
            long delay = Math.min(cap.toMillis(), base.toMillis() << Math.min(attempt - 1, 30));
            return (long) (delay * ThreadLocalRandom.current().nextDouble(0.8, 1.2));
        }
    }

    private final Database db;
    private final LeaseStore store;
    private final Map<String, LeaseBackend> backends;
    private final Clock clock;
    private final Retry retry;
    private final Semaphore slots = new Semaphore(CONCURRENCY);
    private final ExecutorService attempts = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("arca-lease-revocation-", 0).factory());
    private final PeriodicJob job = new PeriodicJob("arca-lease-revocations", INTERVAL, this::runDue);

    public LeaseRevocations(Database db, List<LeaseBackend> backends, Clock clock, Retry retry) {
        this.db = db;
        this.store = new LeaseStore(db);
        this.backends = backends.stream().collect(Collectors.toUnmodifiableMap(LeaseBackend::kind,
                Function.identity()));
        this.clock = clock;
        this.retry = retry;
    }

    public LeaseRevocations start() {
        job.start();
        return this;
    }

    /** One pass: claims every due revocation and attempts each, at most {@link #CONCURRENCY} at once; waits for them. */
    public int runDue() {
        int started = 0;
        List<LeaseStore.Row> due;
        do {
            long now = clock.millis();
            due = store.dueRevocations(now, BATCH);
            var running = new ArrayList<Future<?>>();
            for (LeaseStore.Row row : due) {
                if (!store.claim(row, now, now + CLAIM.toMillis())) {
                    continue;
                }
                slots.acquireUninterruptibly();
                started++;
                running.add(attempts.submit(() -> {
                    try {
                        attempt(row);
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (var attempt : running) {
                try {
                    attempt.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return started;
                } catch (ExecutionException e) {
                    LOG.error("a lease revocation attempt failed unexpectedly", e.getCause());
                }
            }
        } while (due.size() == BATCH);
        return started;
    }

    /**
     * Undoes a live lease's credential now, in the request that ends it (release), so the caller's credential is
     * dead when the answer arrives. False when that failed: the lease is then left owed, and retried like any other.
     */
    boolean revokeNow(LeaseStore.Row row) {
        LeaseBackend backend = backends.get(row.kind());
        if (backend == null || row.revocation() == null) {
            return false;
        }
        for (int attempt = 1; ; attempt++) {
            try {
                backend.revoke(row.revocation());
                return true;
            } catch (RuntimeException e) {
                if (attempt == NOW_ATTEMPTS) {
                    LOG.warn("revoking lease {} at release failed, retried later: {}", row.id(), describe(e));
                    return false;
                }
            }
            try {
                Thread.sleep(100L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Moves a live dynamic credential's own expiry before its lease is renewed; throws what the backend threw. */
    void renew(LeaseStore.Row row, Instant expiresAt) {
        LeaseBackend backend = backends.get(row.kind());
        if (backend != null && row.revocation() != null) {
            backend.renew(row.revocation(), expiresAt);
        }
    }

    private void attempt(LeaseStore.Row row) {
        LeaseBackend backend = backends.get(row.kind());
        try {
            if (backend == null || row.revocation() == null) {
                throw new IllegalStateException("no engine revokes leases of kind " + row.kind());
            }
            backend.revoke(row.revocation());
            db.inTransaction(() -> {
                store.revocationDone(row.id());
                return null;
            });
        } catch (RuntimeException e) {
            int attempt = row.attempts() + 1;
            boolean giveUp = attempt >= retry.maxAttempts();
            Long next = giveUp ? null : clock.millis() + retry.delayMillis(attempt);
            String error = describe(e);
            db.inTransaction(() -> {
                store.revocationFailed(row.id(), attempt, next, error);
                return null;
            });
            if (giveUp) {
                LOG.error("lease {} is irrevocable after {} attempts: {}", row.id(), attempt, error);
            } else {
                LOG.warn("revoking lease {} failed (attempt {}), retrying: {}", row.id(), attempt, error);
            }
        }
    }

    /** A backend's message (backends keep secrets out of theirs), else only the exception's type. */
    private static String describe(RuntimeException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        job.close();
        attempts.shutdown();
        try {
            attempts.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
