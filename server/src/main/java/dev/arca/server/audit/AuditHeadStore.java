package dev.arca.server.audit;

import dev.arca.server.storage.Database;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@code audit_heads} table: per audit file, the {@link AuditHead} of every committed write not yet pruned. The
 * head is the highest seq, the keyed head the highest seq written with a MAC. {@link #advance} joins the request's
 * transaction, so an entry counts exactly when the write it describes commits. Rows are only inserted (one seq, one
 * row), so concurrent writes on PostgreSQL never queue on one hot row; {@link #prune} keeps the table small.
 */
public final class AuditHeadStore {
    /** @param keyed the last committed write's entry that carried a MAC; null if none ever did */
    public record Heads(AuditHead last, @Nullable AuditHead keyed) {
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

    /** @param file the audit file whose head this keeps; its absolute path names its rows */
    public AuditHeadStore(Database db, Path file) {
        this.db = db;
        this.trail = file.toAbsolutePath().toString();
    }

    public Optional<Heads> find() {
        return db.read(h -> {
            Optional<AuditHead> last = h.createQuery("""
                            SELECT seq, hash FROM audit_heads WHERE trail = :trail ORDER BY seq DESC LIMIT 1""")
                    .bind("trail", trail)
                    .map((rs, ctx) -> new AuditHead(rs.getLong("seq"), rs.getString("hash"), null))
                    .findOne();
            Optional<AuditHead> keyed = h.createQuery("""
                            SELECT seq, hash, mac FROM audit_heads WHERE trail = :trail AND mac IS NOT NULL
                            ORDER BY seq DESC LIMIT 1""")
                    .bind("trail", trail)
                    .map((rs, ctx) -> new AuditHead(rs.getLong("seq"), rs.getString("hash"), rs.getString("mac")))
                    .findOne();
            return last.map(head -> new Heads(head, keyed.orElse(null)));
        });
    }

    /**
     * Starts the heads afresh at a recorded break: the entries they named are what the break says was lost, so the
     * keyed head becomes the break itself when it carries a MAC, and none otherwise.
     */
    public void restartAt(AuditHead breakEntry) {
        db.inTransaction(() -> {
            db.write(h -> h.createUpdate("DELETE FROM audit_heads WHERE trail = :trail").bind("trail", trail).execute());
            advance(breakEntry);
            return null;
        });
    }

    /**
     * Records {@code head} as committed with the request's transaction. Writes may commit out of seq order; the
     * head is the highest seq committed, so it never moves back.
     */
    public void advance(AuditHead head) {
        db.write(h -> h.createUpdate("""
                        INSERT INTO audit_heads (trail, seq, hash, mac, written_at)
                        VALUES (:trail, :seq, :hash, :mac, :now)""")
                .bind("trail", trail)
                .bind("seq", head.seq())
                .bind("hash", head.hash())
                .bind("mac", head.mac())
                .bind("now", System.currentTimeMillis())
                .execute());
    }

    /** As {@link #advance}, in a transaction of its own: for an entry no request's write commits with. */
    public void advanceAlone(AuditHead head) {
        db.inTransaction(() -> {
            advance(head);
            return null;
        });
    }

    /**
     * Drops the rows below the last keyed one: {@link #find} reads only the highest row and the highest keyed one.
     * A write committing meanwhile inserts a higher seq, which this never touches.
     *
     * @return how many rows were dropped
     */
    public int prune() {
        return db.inTransaction(() -> db.write(h -> h.createUpdate("""
                        DELETE FROM audit_heads WHERE trail = :trail AND seq < (
                            SELECT MAX(seq) FROM audit_heads WHERE trail = :trail AND mac IS NOT NULL)""")
                .bind("trail", trail)
                .execute()));
    }
}
