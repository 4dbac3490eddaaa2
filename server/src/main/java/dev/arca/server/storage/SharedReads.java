package dev.arca.server.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Identical reads under way at the same moment share one query. A burst of requests that look up the same row —
 * ten thousand watchers of one secret polling again after a change, an agent's parallel calls with one token —
 * then takes one pooled connection instead of queueing for all of them, and nothing is kept once the query ends:
 * a read that starts after it sees whatever was committed by then.
 *
 * <p>A request that joins a query started just before it arrived gets that query's answer, as if it had arrived a
 * moment earlier. Inside a transaction every read runs on its own, since it may have to see that transaction's
 * uncommitted writes.
 */
public final class SharedReads<K, V> {
    private final Database db;
    private final ConcurrentHashMap<K, CompletableFuture<V>> running = new ConcurrentHashMap<>();

    public SharedReads(Database db) {
        this.db = db;
    }

    /** The answer of {@code query} for {@code key}, shared with the same read if one is under way. */
    public V read(K key, Supplier<V> query) {
        if (db.isTransactionOpen()) {
            return query.get();
        }
        var mine = new CompletableFuture<V>();
        CompletableFuture<V> under = running.putIfAbsent(key, mine);
        if (under != null) {
            return Waits.join(under);
        }
        try {
            V answer = query.get();
            mine.complete(answer);
            return answer;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }
}
