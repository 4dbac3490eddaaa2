package dev.arca.server.seal;

import dev.arca.api.KeyRotation;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyring rotation ({@code arca operator rotate}, DESIGN §4): every vault's data key gains a new primary version in
 * one transaction, recorded as the keyring's next term, and the rewrap ({@link KeyringRewrap}) of every sealed column
 * starts from the beginning. A rotation while an earlier rewrap still runs starts it again for the newer term: what
 * the earlier one re-encrypted is under a version that is no longer the newest.
 *
 * <p>Guarantees: new values use the new version from the rotation's commit on (on this node; other nodes sharing
 * the database when a value under it first reaches them, or at their next unseal); no value becomes unreadable, as
 * every earlier version stays in its keyset.
 */
public final class KeyringRotation {
    public static final int DEFAULT_BATCH = 100;
    static final int MAX_BATCH = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(KeyringRotation.class);

    private final Database db;
    private final SealService seal;
    private final List<SealedColumn> columns;
    private final RewrapStore store;
    private final Clock clock;

    public KeyringRotation(Database db, SealService seal, List<SealedColumn> columns, Clock clock) {
        this.db = db;
        this.seal = seal;
        this.columns = List.copyOf(columns);
        this.store = new RewrapStore(db);
        this.clock = clock;
    }

    /**
     * {@code POST /v1/sys/rotate}: the next term.
     *
     * @throws ArcaException 400 naming {@code batch_size} outside 1..1000; 409 when another rotation committed first
     */
    public KeyRotation.Status rotate(@Nullable Integer batchSize) {
        int batch = batchSize == null ? DEFAULT_BATCH : batchSize;
        if (batch < 1 || batch > MAX_BATCH) {
            throw ArcaException.invalid("batch_size", "batch_size must be between 1 and " + MAX_BATCH + "; got "
                    + batch);
        }
        Keyring keyring = seal.keyring();
        db.inTransaction(() -> {
            int next = store.latest().map(rotation -> rotation.term() + 1).orElse(2);
            List<RewrapStore.Progress> fresh = columns.stream().map(column -> new RewrapStore.Progress(column.name(),
                    next, null, 0, 0, column.count(db), false)).toList();
            if (!store.start(next, batch, clock.instant(), fresh)) {
                throw ArcaException.conflict("the keyring was rotated by another request at the same time; "
                        + "arca operator key-status shows it");
            }
            List<String> vaults = keyring.vaultIds();
            vaults.forEach(keyring::rotateVaultKey);
            LOG.info("keyring rotated to term {}: {} vault keys have a new version; rewrapping {} stored values in "
                    + "batches of {}", next, vaults.size(), fresh.stream().mapToLong(RewrapStore.Progress::total).sum(),
                    batch);
            return null;
        });
        return status();
    }

    /** {@code GET /v1/sys/key-status}. */
    public KeyRotation.Status status() {
        var latest = store.latest();
        if (latest.isEmpty()) {
            return new KeyRotation.Status(1, store.initializedAt().orElse(Instant.EPOCH), null);
        }
        RewrapStore.Rotation rotation = latest.get();
        List<RewrapStore.Progress> progress = store.progress().stream().filter(p -> p.term() == rotation.term())
                .toList();
        List<KeyRotation.Column> parts = progress.stream()
                .map(p -> new KeyRotation.Column(p.column(), p.done(), Math.max(p.done(), p.total()), p.finished()))
                .toList();
        long skipped = progress.stream().mapToLong(RewrapStore.Progress::skipped).sum();
        var rewrap = new KeyRotation.Rewrap(rotation.term(), rotation.finishedAt() == null ? "running" : "complete",
                parts.stream().mapToLong(KeyRotation.Column::done).sum(),
                parts.stream().mapToLong(KeyRotation.Column::total).sum(), skipped, rotation.batchSize(),
                rotation.startedAt(), rotation.finishedAt(), parts);
        return new KeyRotation.Status(rotation.term(), rotation.startedAt(), rewrap);
    }
}
