package dev.arca.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rotating the keyring ({@code POST /v1/sys/rotate}, root): every vault's data key gains a new primary version, new
 * values are encrypted with it, values under earlier versions still decrypt, and a background rewrap re-encrypts the
 * stored values under the new version, batch by batch, resuming after a restart where it stopped. {@code GET
 * /v1/sys/key-status} shows the term and the rewrap's progress. A rotation while a rewrap runs starts the rewrap again
 * from the beginning, for the newer term.
 */
public final class KeyRotation {
    private KeyRotation() {}

    /**
     * {@code POST /v1/sys/rotate}.
     *
     * @param batchSize values the rewrap re-encrypts per transaction (1..1000; default 100)
     */
    public record Start(@Nullable Integer batchSize) {}

    /**
     * The keyring's term and the rewrap of the latest rotation.
     *
     * @param term 1 until the first rotation, then one more per rotation
     * @param installedAt when the term's key versions were made (for term 1: when the server was initialized)
     * @param rewrap the latest rotation's rewrap; null before the first rotation
     */
    public record Status(int term, Instant installedAt, @Nullable Rewrap rewrap) {}

    /**
     * The rewrap of the values stored under earlier key versions.
     *
     * @param state {@code running} or {@code complete}; it runs only while the server is unsealed
     * @param done values gone through so far (already under the newest version, or re-encrypted)
     * @param total values to go through: those stored when the rotation started, or as many as done if more
     * @param skipped values that did not decrypt and were left as they were (the server's log says which column)
     * @param batchSize values per transaction
     * @param columns the same, per kind of stored value
     */
    public record Rewrap(int term, String state, long done, long total, long skipped, int batchSize,
            Instant startedAt, @Nullable Instant finishedAt, List<Column> columns) {
        public Rewrap {
            columns = columns == null ? List.of() : List.copyOf(columns);
        }
    }

    /** One kind of stored value ({@code secret-values}, {@code key-material}, …) and the rewrap's progress in it. */
    public record Column(String name, long done, long total, boolean complete) {}
}
