package dev.arca.server.frontend.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestClock;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Nonces} on SQLite: pooled minting and group-committed spending keep every nonce single-use. */
class NoncesTest {
    @TempDir
    Path dir;
    Database db;
    TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    Nonces nonces;

    @BeforeEach
    void open() {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        nonces = new Nonces(db, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void mintedNonces_areDistinct_andEachIsSpentOnce_evenWhenSpentConcurrently() throws Exception {
        var minted = new ArrayList<String>();
        for (int i = 0; i < 3 * Nonces.BATCH; i++) {
            minted.add(nonces.mint());
        }
        assertThat(new HashSet<>(minted)).hasSize(minted.size());
        assertThat(spendAll(minted)).containsOnly(true).hasSize(minted.size());
        assertThat(spendAll(minted)).containsOnly(false).hasSize(minted.size());
    }

    @Test
    void pooledNonce_storedLongerAgoThanTheHandOutWindow_isNotHandedOut() throws Exception {
        nonces.mint(); // the pool is empty: stored on the spot, and a refill starts
        awaitPooled();
        clock.advance(Nonces.HAND_OUT_WITHIN.plusSeconds(1));
        String nonce = nonces.mint();
        long expires = db.read(h -> h.createQuery("SELECT expires_at FROM acme_nonces WHERE nonce = :nonce")
                .bind("nonce", nonce).mapTo(Long.class).one());
        assertThat(expires).isGreaterThan(clock.millis() + Nonces.LIFETIME.minus(Nonces.HAND_OUT_WITHIN).toMillis());
        assertThat(nonces.spend(nonce)).isTrue();
    }

    @Test
    void expiredNonce_isNotSpent() {
        String nonce = nonces.mint();
        clock.advance(Nonces.LIFETIME.plus(Duration.ofSeconds(1)));
        assertThat(nonces.spend(nonce)).isFalse();
    }

    private List<Boolean> spendAll(List<String> minted) throws Exception {
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            var spends = new ArrayList<Future<Boolean>>();
            for (String nonce : minted) {
                spends.add(threads.submit((Callable<Boolean>) () -> nonces.spend(nonce)));
            }
            var spent = new ArrayList<Boolean>();
            for (Future<Boolean> spend : spends) {
                spent.add(spend.get());
            }
            return spent;
        }
    }

    private void awaitPooled() throws InterruptedException {
        for (int tries = 0; tries < 500 && nonces.pooled() < Nonces.BATCH; tries++) {
            Thread.sleep(10);
        }
        assertThat(nonces.pooled()).isEqualTo(Nonces.BATCH);
    }
}
