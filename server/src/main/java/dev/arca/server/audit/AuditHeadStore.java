package dev.arca.server.audit;

import dev.arca.server.storage.Database;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code audit_head} table: per audit file, the {@link AuditHead} of the last committed write and of the last one
 * written with a MAC. {@link #advance} joins the request's transaction, so the head moves exactly when the write it
 * describes commits.
 */
public final class AuditHeadStore {
    /** @param keyed the last committed write's entry that carried a MAC; null if none ever did */
    public record Heads(AuditHead last, AuditHead keyed) {
        /** What the file must still hold: the last entry, and the last keyed one with its MAC. */
        java.util.List<AuditHead> expected() {
            if (keyed == null) {
                return java.util.List.of(last);
            }
            return keyed.seq() == last.seq() ? java.util.List.of(keyed) : java.util.List.of(last, keyed);
        }
    }

    private final Database db;
    private final String trail;

    /** @param file the audit file whose head this keeps; its absolute path names the row */
    public AuditHeadStore(Database db, Path file) {
        this.db = db;
        this.trail = file.toAbsolutePath().toString();
    }

    public Optional<Heads> find() {
        return db.read(h -> h.createQuery("""
                        SELECT seq, hash, keyed_seq, keyed_hash, keyed_mac FROM audit_head WHERE trail = :trail""")
                .bind("trail", trail)
                .map((rs, ctx) -> {
                    long keyedSeq = rs.getLong("keyed_seq");
                    var keyed = rs.wasNull() ? null
                            : new AuditHead(keyedSeq, rs.getString("keyed_hash"), rs.getString("keyed_mac"));
                    return new Heads(new AuditHead(rs.getLong("seq"), rs.getString("hash"), null), keyed);
                })
                .findOne());
    }

    /**
     * Starts the heads afresh at a recorded break: the entries they named are what the break says was lost, so the
     * keyed head becomes the break itself when it carries a MAC, and none otherwise.
     */
    public void restartAt(AuditHead breakEntry) {
        db.inTransaction(() -> {
            db.write(h -> h.createUpdate("DELETE FROM audit_head WHERE trail = :trail").bind("trail", trail).execute());
            advance(breakEntry);
            return null;
        });
    }

    /**
     * Moves the head to {@code head} unless it is already further on: concurrent writes may commit out of seq
     * order, and the head must never move back (the file would then look longer than the database says is owed).
     * An entry without a MAC leaves the keyed head as it was.
     */
    public void advance(AuditHead head) {
        db.write(h -> {
            String keyed = head.mac() == null ? "" : ", keyed_seq = :seq, keyed_hash = :hash, keyed_mac = :mac";
            var update = h.createUpdate("UPDATE audit_head SET seq = :seq, hash = :hash, updated_at = :now" + keyed
                            + " WHERE trail = :trail AND seq < :seq")
                    .bind("trail", trail)
                    .bind("seq", head.seq())
                    .bind("hash", head.hash())
                    .bind("now", System.currentTimeMillis());
            if (head.mac() != null) {
                update.bind("mac", head.mac());
            }
            int moved = update.execute();
            if (moved == 0) {
                h.createUpdate("""
                                INSERT INTO audit_head (trail, seq, hash, keyed_seq, keyed_hash, keyed_mac, updated_at)
                                VALUES (:trail, :seq, :hash, :keyedSeq, :keyedHash, :mac, :now)
                                ON CONFLICT (trail) DO NOTHING""")
                        .bind("trail", trail)
                        .bind("seq", head.seq())
                        .bind("hash", head.hash())
                        .bind("keyedSeq", head.mac() == null ? null : head.seq())
                        .bind("keyedHash", head.mac() == null ? null : head.hash())
                        .bind("mac", head.mac())
                        .bind("now", System.currentTimeMillis())
                        .execute();
            }
            return null;
        });
    }
}
