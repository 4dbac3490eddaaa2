package dev.arca.server.frontend.acme;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACME replay nonces (RFC 8555 §6.5) in table {@code acme_nonces}, so a nonce minted on one node is spent once on
 * any node of a shared PostgreSQL.
 *
 * <p>Guarantees: a nonce is 128 random bits; {@link #spend} succeeds for at most one request ever (one DELETE that
 * must remove its row), and not after the nonce expired; spending does not join the request's transaction when it
 * runs before one (the route's preparation), so a request that then fails has still spent its nonce. Concurrent
 * spends are group-committed ({@link NonceSpends}).
 *
 * <p>Minting costs no write on the request path: nonces are stored {@value #BATCH} at a time, in a transaction of
 * their own on a background thread, and handed out from memory only once committed — so any node can spend them —
 * each to one answer, and only within {@link #HAND_OUT_WITHIN} of being stored (every nonce handed out has at
 * least {@code LIFETIME - HAND_OUT_WITHIN} left). When the pool is empty a nonce is stored on the spot, as before.
 * Pooled nonces a stopping node never handed out simply expire.
 */
final class Nonces {
    static final Duration LIFETIME = Duration.ofMinutes(30);
    static final Duration HAND_OUT_WITHIN = Duration.ofMinutes(1);
    static final int BATCH = 64;
    private static final Logger LOG = LoggerFactory.getLogger(Nonces.class);

    /** A stored nonce waiting for an answer. */
    private record Pooled(String nonce, long expiresAt) {}

    private final Database db;
    private final Clock clock;
    private final NonceSpends spends;
    private final ConcurrentLinkedQueue<Pooled> pool = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();
    private final AtomicBoolean refilling = new AtomicBoolean();

    Nonces(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.spends = new NonceSpends(db);
    }

    /** A fresh nonce, stored: for the {@code Replay-Nonce} of an answer. */
    String mint() {
        long now = clock.millis();
        long freshAfter = now + LIFETIME.toMillis() - HAND_OUT_WITHIN.toMillis();
        Pooled next;
        while ((next = pool.poll()) != null) {
            pooled.decrementAndGet();
            if (next.expiresAt() > freshAfter) {
                refillWhenLow();
                return next.nonce();
            }
        }
        refillWhenLow();
        String nonce = Ids.newId("");
        long expires = now + LIFETIME.toMillis();
        db.write(h -> h.createUpdate("INSERT INTO acme_nonces (nonce, expires_at) VALUES (:nonce, :expires)")
                .bind("nonce", nonce).bind("expires", expires).execute());
        return nonce;
    }

    /** Whether {@code nonce} was minted here, unexpired and unspent; it is spent by this call either way. */
    boolean spend(String nonce) {
        return spends.spend(nonce, clock.millis());
    }

    /** Drops expired nonces; a periodic job. */
    void sweep() {
        long now = clock.millis();
        db.write(h -> h.createUpdate("DELETE FROM acme_nonces WHERE expires_at <= :now").bind("now", now).execute());
    }

    /** How many stored nonces wait for an answer. */
    int pooled() {
        return pooled.get();
    }

    /** Starts one background refill when under half a batch is pooled (never from inside the caller's transaction). */
    private void refillWhenLow() {
        if (pooled.get() < BATCH / 2 && refilling.compareAndSet(false, true)) {
            Thread.ofVirtual().name("acme-nonce-refill").start(this::refill);
        }
    }

    private void refill() {
        try {
            long expires = clock.millis() + LIFETIME.toMillis();
            List<Pooled> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < BATCH; i++) {
                batch.add(new Pooled(Ids.newId(""), expires));
            }
            db.write(h -> {
                var insert = h.prepareBatch("INSERT INTO acme_nonces (nonce, expires_at) VALUES (:nonce, :expires)");
                batch.forEach(nonce -> insert.bind("nonce", nonce.nonce()).bind("expires", expires).add());
                return insert.execute();
            });
            pool.addAll(batch);
            pooled.addAndGet(batch.size());
        } catch (RuntimeException e) {
            // the storage is down or closing: answers store their nonces one by one meanwhile
            LOG.debug("cannot pool ACME nonces: {}", e.getClass().getName());
        } finally {
            refilling.set(false);
        }
    }
}
