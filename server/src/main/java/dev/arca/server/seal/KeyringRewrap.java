package dev.arca.server.seal;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import dev.arca.server.jobs.PeriodicJob;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rewrap after a keyring rotation ({@link KeyringRotation}): every value of every {@link SealedColumn}
 * re-encrypted under its vault's newest key version with the same associated data, column by column in key order.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Each batch is one transaction: the rows after the column's stored position, each replaced only if it still
 *       holds the ciphertext read (so a value written meanwhile is never overwritten with an older one), and the
 *       position moved on by compare-and-set. A crash loses at most the batch in flight; after a restart and unseal
 *       the rewrap goes on from the last committed position.</li>
 *   <li>It runs only while unsealed: a seal stops it between batches (or rolls back the batch in flight), the next
 *       unseal resumes it.</li>
 *   <li>A value that does not decrypt is left as it was and counted as skipped; no log line names a value, a secret
 *       or a key, only columns and counts.</li>
 * </ul>
 * Several nodes on one PostgreSQL may each run it: the compare-and-set on the position lets one batch win and
 * rolls the others back, so every value is still rewrapped once per term.
 */
public final class KeyringRewrap implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyringRewrap.class);
    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final Database db;
    private final SealService seal;
    private final List<SealedColumn> columns;
    private final RewrapStore store;
    private final Clock clock;
    private final PeriodicJob job;
    /** The keyring and term the data key cache was last cleared for (only the job's thread touches these). */
    private @Nullable Keyring cleared;
    private int clearedTerm;

    public KeyringRewrap(Database db, SealService seal, List<SealedColumn> columns, Clock clock) {
        this.db = db;
        this.seal = seal;
        this.columns = List.copyOf(columns);
        this.store = new RewrapStore(db);
        this.clock = clock;
        this.job = new PeriodicJob("arca-keyring-rewrap", INTERVAL, this::round);
    }

    public void start() {
        job.start();
    }

    /** Rewraps until the latest rotation's rewrap is complete, the seal closes or the thread is interrupted. */
    void round() {
        if (seal.isSealed()) {
            return;
        }
        Optional<RewrapStore.Rotation> latest = store.latest();
        if (latest.isEmpty() || latest.get().finishedAt() != null) {
            return;
        }
        RewrapStore.Rotation rotation = latest.get();
        try {
            forgetStaleKeys(rotation.term());
            for (SealedColumn column : columns) {
                while (batch(column, rotation)) {
                    if (Thread.currentThread().isInterrupted() || seal.isSealed()) {
                        return;
                    }
                }
            }
            // a column this version no longer declares is not waited for
            List<RewrapStore.Progress> progress = store.progress().stream()
                    .filter(p -> columns.stream().anyMatch(column -> column.name().equals(p.column()))).toList();
            if (progress.stream().allMatch(p -> p.term() == rotation.term() && p.finished())
                    && store.finish(rotation.term(), clock.instant())) {
                LOG.info("keyring rewrap of term {} complete: {} values, {} skipped", rotation.term(),
                        progress.stream().mapToLong(RewrapStore.Progress::done).sum(),
                        progress.stream().mapToLong(RewrapStore.Progress::skipped).sum());
            }
        } catch (ArcaException e) {
            // sealed mid-batch, or another node took the batch: it rolled back; the next round (or unseal) goes on
            if (e.code() != ErrorCode.SEALED && e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
        }
    }

    /**
     * Keys cached before this term's rotation (made by another node) would rewrap under the version before it: the
     * first round of a term, or of an unseal, reads every keyset again.
     */
    private void forgetStaleKeys(int term) {
        Keyring keyring = seal.keyring();
        if (keyring != cleared || term != clearedTerm) {
            keyring.forgetDataKeys();
            cleared = keyring;
            clearedTerm = term;
            List<RewrapStore.Progress> progress = store.progress();
            LOG.info("keyring rewrap of term {} running from {}/{} values", term,
                    progress.stream().mapToLong(RewrapStore.Progress::done).sum(),
                    progress.stream().mapToLong(p -> Math.max(p.done(), p.total())).sum());
        }
    }

    /** One batch of {@code column} in one transaction; true when more rows may follow. */
    private boolean batch(SealedColumn column, RewrapStore.Rotation rotation) {
        return db.inTransaction(() -> {
            Optional<RewrapStore.Progress> read = store.progress(column.name())
                    .filter(p -> p.term() == rotation.term() && !p.finished());
            if (read.isEmpty()) {
                return false; // done, or a newer rotation started over (the next round takes it)
            }
            List<SealedColumn.Row> rows = column.after(db, read.get().key(), rotation.batchSize());
            Keyring keyring = seal.keyring();
            long skipped = 0;
            for (SealedColumn.Row row : rows) {
                try {
                    keyring.rewrap(row.vaultId(), row.ciphertext(), row.associatedData())
                            .ifPresent(rewrapped -> column.replace(db, row, rewrapped));
                } catch (DecryptionFailedException e) {
                    skipped++;
                }
            }
            if (skipped > 0) {
                LOG.warn("keyring rewrap: {} value(s) of {} did not decrypt and were left as they were", skipped,
                        column.name());
            }
            boolean finished = rows.size() < rotation.batchSize();
            List<Object> position = rows.isEmpty() ? read.get().key() : rows.getLast().key();
            if (!store.advance(read.get(), position, rows.size(), skipped, finished)) {
                throw ArcaException.conflict("the rewrap of " + column.name() + " moved on elsewhere");
            }
            return !finished;
        });
    }

    @Override
    public void close() {
        job.close();
    }
}
