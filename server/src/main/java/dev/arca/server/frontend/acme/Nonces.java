package dev.arca.server.frontend.acme;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.time.Clock;
import java.time.Duration;

/**
 * ACME replay nonces (RFC 8555 §6.5) in table {@code acme_nonces}, so a nonce minted on one node is spent once on
 * any node of a shared PostgreSQL.
 *
 * <p>Guarantees: a nonce is 128 random bits; {@link #spend} succeeds for at most one request ever (one DELETE that
 * must remove its row), and not after the nonce expired; spending does not join the request's transaction when it
 * runs before one (the route's preparation), so a request that then fails has still spent its nonce.
 */
final class Nonces {
    static final Duration LIFETIME = Duration.ofMinutes(30);

    private final Database db;
    private final Clock clock;

    Nonces(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A fresh nonce, stored: for the {@code Replay-Nonce} of an answer. */
    String mint() {
        String nonce = Ids.newId("");
        long expires = clock.millis() + LIFETIME.toMillis();
        db.write(h -> h.createUpdate("INSERT INTO acme_nonces (nonce, expires_at) VALUES (:nonce, :expires)")
                .bind("nonce", nonce).bind("expires", expires).execute());
        return nonce;
    }

    /** Whether {@code nonce} was minted here, unexpired and unspent; it is spent by this call either way. */
    boolean spend(String nonce) {
        long now = clock.millis();
        return db.write(h -> h.createUpdate("DELETE FROM acme_nonces WHERE nonce = :nonce AND expires_at > :now")
                .bind("nonce", nonce).bind("now", now).execute()) == 1;
    }

    /** Drops expired nonces; a periodic job. */
    void sweep() {
        long now = clock.millis();
        db.write(h -> h.createUpdate("DELETE FROM acme_nonces WHERE expires_at <= :now").bind("now", now).execute());
    }
}
