package dev.arca.api;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a server's whole database under {@code /v1/sys/storage/snapshot} (root to save; any caller to restore
 * into a server that is not initialized). The snapshot itself is a stream of {@link #MEDIA_TYPE}, not JSON: a gzip'ed
 * header, every table's rows and a trailer with row counts and a SHA-256 of all before it (DESIGN §11 "Snapshots").
 * Encrypted values stay encrypted in it; the restored server unseals with the original unseal keys.
 */
public final class Snapshot {
    /** The {@code Content-Type} of a snapshot, saved and restored. */
    public static final String MEDIA_TYPE = "application/vnd.arca.snapshot";

    private Snapshot() {}

    /**
     * Where the saved server's audit trail stood when the snapshot was taken: the entry of its last committed write.
     * The restored server's audit entry for the restore names it, so the chain is carried from one file to the next.
     */
    public record AuditPoint(long seq, String hash) {}

    /**
     * {@code POST /v1/sys/storage/snapshot}: what was restored.
     *
     * @param sha256 the snapshot's checksum, as its trailer gives it and as verified before anything was written
     * @param schemaVersion the database schema (migration) version of the snapshot, which is this server's
     * @param savedBy the Arca version that saved it
     * @param savedAt when it was taken (ISO-8601)
     * @param rows the rows restored, by table
     * @param auditHead the saved server's audit head; null when it had none
     */
    public record Restored(String sha256, String schemaVersion, String savedBy, String savedAt, Map<String, Long> rows,
            @Nullable AuditPoint auditHead) {
        public Restored {
            rows = Map.copyOf(rows);
        }
    }
}
