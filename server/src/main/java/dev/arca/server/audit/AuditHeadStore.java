package dev.arca.server.audit;

import dev.arca.server.storage.Database;
import java.util.Optional;

/**
 * The {@code audit_head} table: per audit file, the {@link AuditHead} of the last committed write. {@link #advance}
 * joins the request's transaction, so the head moves exactly when the write it describes commits.
 */
public final class AuditHeadStore {
    private final Database db;
    private final String trail;

    /** @param file the audit file whose head this keeps; its absolute path names the row */
    public AuditHeadStore(Database db, java.nio.file.Path file) {
        this.db = db;
        this.trail = file.toAbsolutePath().toString();
    }

    public Optional<AuditHead> find() {
        return db.read(h -> h.createQuery("SELECT seq, hash, mac FROM audit_head WHERE trail = :trail")
                .bind("trail", trail)
                .map((rs, ctx) -> new AuditHead(rs.getLong("seq"), rs.getString("hash"), rs.getString("mac")))
                .findOne());
    }

    /**
     * Moves the head to {@code head} unless it is already further on: concurrent writes may commit out of seq
     * order, and the head must never move back (the file would then look longer than the database says is owed).
     */
    public void advance(AuditHead head) {
        db.write(h -> {
            int moved = h.createUpdate("""
                            UPDATE audit_head SET seq = :seq, hash = :hash, mac = :mac, updated_at = :now
                            WHERE trail = :trail AND seq < :seq""")
                    .bind("trail", trail)
                    .bind("seq", head.seq())
                    .bind("hash", head.hash())
                    .bind("mac", head.mac())
                    .bind("now", System.currentTimeMillis())
                    .execute();
            if (moved == 0) {
                h.createUpdate("""
                                INSERT INTO audit_head (trail, seq, hash, mac, updated_at)
                                VALUES (:trail, :seq, :hash, :mac, :now)
                                ON CONFLICT (trail) DO NOTHING""")
                        .bind("trail", trail)
                        .bind("seq", head.seq())
                        .bind("hash", head.hash())
                        .bind("mac", head.mac())
                        .bind("now", System.currentTimeMillis())
                        .execute();
            }
            return null;
        });
    }
}
