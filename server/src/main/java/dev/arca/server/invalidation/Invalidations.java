package dev.arca.server.invalidation;

import dev.arca.server.storage.Database;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * This node's change feed for its caches: writers {@link #publish} what they changed, the caches
 * {@link #subscribe} and forget what it names.
 *
 * <p>Guarantees: an event published inside a transaction reaches every subscriber before the transaction's
 * {@code commit} returns (and again if it rolls back, which costs a reload and nothing else), so the writer's
 * answer, and every request after it on this node, sees the change; an event published outside a transaction is
 * delivered at once. Subscribers must return at once and never throw.
 *
 * <p>Other nodes: today a change made elsewhere is heard of nowhere here, so every cache also forgets each entry
 * after {@link #UNHEARD_CHANGE_BOUND} (as the policy, group and vault caches already did). Issue 2·11's change log
 * is to carry these same events between nodes: a writer appends its events in its transaction, each node's feed
 * hands the others' to {@link #deliver}, and nothing in the caches changes.
 */
public final class Invalidations {
    /** How long a node may serve what another node changed, while no change feed connects them. */
    public static final Duration UNHEARD_CHANGE_BOUND = Duration.ofSeconds(5);

    private final Database db;
    private final List<Consumer<Invalidation>> subscribers = new CopyOnWriteArrayList<>();

    public Invalidations(Database db) {
        this.db = db;
    }

    /** Tells every cache of this node of {@code change} now and again once the writer's transaction ends. */
    public void publish(Invalidation change) {
        if (db.isTransactionOpen()) {
            db.nowAndAfterTransaction(() -> deliver(change));
        } else {
            deliver(change); // the write committed already
        }
    }

    /** Hands {@code change} to this node's caches at once (the change has committed, here or on another node). */
    public void deliver(Invalidation change) {
        for (Consumer<Invalidation> subscriber : subscribers) {
            subscriber.accept(change);
        }
    }

    public void subscribe(Consumer<Invalidation> subscriber) {
        subscribers.add(subscriber);
    }
}
