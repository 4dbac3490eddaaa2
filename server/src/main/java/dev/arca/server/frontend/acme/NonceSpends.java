package dev.arca.server.frontend.acme;

import dev.arca.server.storage.Database;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Spends nonces group-committed: the requests that arrive while one spending transaction runs are spent together in
 * the next, one DELETE each, so polling clients cost one commit (one fsync, one turn of SQLite's writer lock) per
 * batch instead of one each.
 *
 * <p>Guarantees, the same as one transaction per nonce: each nonce's answer is its own DELETE's row count, given
 * only after the transaction that removed the row committed; a failed transaction fails every request of its batch
 * (their nonces stay unspent, and their requests are refused).
 */
final class NonceSpends {
    private record Spend(String nonce, long now, CompletableFuture<Boolean> spent) {}

    private final Database db;
    private final ConcurrentLinkedQueue<Spend> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock committing = new ReentrantLock();

    NonceSpends(Database db) {
        this.db = db;
    }

    /**
     * Whether this call removed the unexpired row of {@code nonce}. Inside a transaction it is that transaction's
     * DELETE alone: other requests' nonces never join a transaction that is not theirs.
     */
    boolean spend(String nonce, long now) {
        if (db.isTransactionOpen()) {
            return delete(db, nonce, now);
        }
        var spend = new Spend(nonce, now, new CompletableFuture<>());
        waiting.add(spend);
        committing.lock();
        try {
            if (!spend.spent().isDone()) {
                commitWaiting();
            }
        } finally {
            committing.unlock();
        }
        try {
            return spend.spent().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failed ? failed : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while spending a nonce", e);
        }
    }

    /** Spends everything queued so far (this caller's own nonce among it) in one transaction. */
    private void commitWaiting() {
        List<Spend> batch = new ArrayList<>();
        Spend next;
        while ((next = waiting.poll()) != null) {
            batch.add(next);
        }
        List<Boolean> results;
        try {
            results = db.write(_ -> {
                var removed = new ArrayList<Boolean>(batch.size());
                for (Spend spend : batch) {
                    removed.add(delete(db, spend.nonce(), spend.now()));
                }
                return removed;
            });
        } catch (RuntimeException | Error e) {
            batch.forEach(spend -> spend.spent().completeExceptionally(e));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).spent().complete(results.get(i));
        }
    }

    private static boolean delete(Database db, String nonce, long now) {
        return db.write(h -> h.createUpdate("DELETE FROM acme_nonces WHERE nonce = :nonce AND expires_at > :now")
                .bind("nonce", nonce).bind("now", now).execute()) == 1;
    }
}
