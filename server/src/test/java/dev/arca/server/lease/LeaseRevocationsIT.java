package dev.arca.server.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Lease;
import dev.arca.server.TestClock;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.storage.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dynamic leases against both real databases: an ended lease's credential is undone through its backend exactly
 * once, failures are retried with backoff and end {@code irrevocable}, revoke-prefix ends only its prefix, and the
 * reaper never deletes a lease that still owes a revocation. The backend here stands for an engine (it records
 * what it was asked to undo); the storage is real.
 */
class LeaseRevocationsIT {
    @TempDir
    Path dir;
    Database db;
    final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    final RecordingBackend backend = new RecordingBackend();
    LeaseStore store;
    DynamicLeases leases;
    LeaseReaper reaper;

    private void open(String backendName) {
        StorageUrl url;
        if (backendName.equals("sqlite")) {
            url = StorageUrl.sqlite(dir.resolve("arca.db"));
        } else {
            Optional<String> postgres = TestDatabases.freshPostgres();
            Assumptions.assumeTrue(postgres.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
            url = StorageUrl.parse(postgres.get());
        }
        db = Database.open(url);
        store = new LeaseStore(db);
        leases = new DynamicLeases(db, clock);
        reaper = new LeaseReaper(db, clock);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private LeaseRevocations revocations(int maxAttempts) {
        return new LeaseRevocations(db, List.of(backend), clock,
                new LeaseRevocations.Retry(maxAttempts, Duration.ofSeconds(2), Duration.ofMinutes(10)));
    }

    private Lease open(String path, String user) {
        return db.inTransaction(() -> leases.open("vault_x", "test", path, "agent:bot", Duration.ofMinutes(5),
                Duration.ofHours(1), "{\"user\":\"" + user + "\"}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void expiredLease_isRevokedOnce_thenOwesNothing(String backendName) {
        open(backendName);
        var revocations = revocations(5);
        Lease lease = open("database/creds/ro", "u1");
        assertThat(lease.kind()).isEqualTo("test");
        assertThat(lease.cleanup()).isEqualTo("owed");
        assertThat(revocations.runDue()).as("an active lease is not due").isZero();

        clock.advance(Duration.ofMinutes(5));
        reaper.reapNow();
        assertThat(revocations.runDue()).isEqualTo(1);
        assertThat(backend.revoked).containsExactly("{\"user\":\"u1\"}");
        assertThat(store.byId(lease.leaseId()).orElseThrow().cleanup()).isEqualTo(LeaseStore.DONE);
        assertThat(revocations.runDue()).as("nothing owed any more").isZero();
        assertThat(backend.revoked).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void failingRevocation_isRetriedWithBackoff_thenIrrevocable_andKeptByTheReaper(String backendName) {
        open(backendName);
        var revocations = revocations(3);
        Lease lease = open("database/creds/ro", "u2");
        backend.failing.set(true);
        clock.advance(Duration.ofMinutes(5));
        reaper.reapNow();

        assertThat(revocations.runDue()).isEqualTo(1);
        LeaseStore.Row afterFirst = store.byId(lease.leaseId()).orElseThrow();
        assertThat(afterFirst.attempts()).isEqualTo(1);
        assertThat(afterFirst.lastError()).isEqualTo("database down");
        assertThat(afterFirst.nextAttemptAt()).as("about 2 s later, with jitter")
                .isBetween(clock.millis() + 1_600, clock.millis() + 2_400);
        assertThat(revocations.runDue()).as("not due before its backoff").isZero();

        clock.advance(Duration.ofSeconds(3));
        assertThat(revocations.runDue()).isEqualTo(1);
        assertThat(store.byId(lease.leaseId()).orElseThrow().nextAttemptAt()).as("about 4 s later")
                .isBetween(clock.millis() + 3_200, clock.millis() + 4_800);
        clock.advance(Duration.ofSeconds(5));
        assertThat(revocations.runDue()).isEqualTo(1);
        LeaseStore.Row given = store.byId(lease.leaseId()).orElseThrow();
        assertThat(given.cleanup()).isEqualTo(LeaseStore.IRREVOCABLE);
        assertThat(given.attempts()).isEqualTo(3);
        assertThat(store.irrevocable("vault_x", "", 10)).extracting(LeaseStore.Row::id)
                .containsExactly(lease.leaseId());

        clock.advance(Duration.ofDays(30));
        reaper.reapNow();
        assertThat(store.byId(lease.leaseId())).as("an irrevocable lease stays listed").isPresent();
        assertThat(store.forceEnd(lease.leaseId(), clock.millis(), "revoke-force by user:admin")).isTrue();
        assertThat(store.irrevocable("vault_x", "", 10)).isEmpty();
        assertThat(store.forceEnd(lease.leaseId(), clock.millis(), "again")).as("nothing left to force").isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void revokePrefix_endsOnlyLeasesUnderIt_andTheirUsersAreDropped(String backendName) {
        open(backendName);
        var revocations = revocations(5);
        open("database/creds/ro", "a");
        open("database/creds/ro", "b");
        open("database/creds/rw", "c");
        open("database/creds/RO", "d");

        assertThat(db.inTransaction(() -> store.revokePrefix("vault_x", "database/creds/ro", clock.millis())))
                .isEqualTo(2);
        assertThat(revocations.runDue()).isEqualTo(2);
        assertThat(backend.revoked).containsExactlyInAnyOrder("{\"user\":\"a\"}", "{\"user\":\"b\"}");
        assertThat(db.inTransaction(() -> store.revokePrefix("vault_x", "database/creds/r%", clock.millis())))
                .as("LIKE wildcards in a prefix are literal").isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void releasedAfterItsUserWasDropped_owesNothing(String backendName) {
        open(backendName);
        var revocations = revocations(5);
        Lease lease = open("database/creds/ro", "e");
        LeaseStore.Row row = store.byId(lease.leaseId()).orElseThrow();
        assertThat(revocations.revokeNow(row)).isTrue();
        assertThat(db.inTransaction(() -> store.release(row.id(), clock.millis(), true))).isTrue();
        assertThat(revocations.runDue()).isZero();
        assertThat(backend.revoked).hasSize(1);
    }

    /** An engine's backend that records what it undoes and can be made to fail. */
    static final class RecordingBackend implements LeaseBackend {
        final List<String> revoked = new CopyOnWriteArrayList<>();
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicInteger renewed = new AtomicInteger();

        @Override
        public String kind() {
            return "test";
        }

        @Override
        public void revoke(String revocation) {
            if (failing.get()) {
                throw new IllegalStateException("database down");
            }
            revoked.add(revocation);
        }

        @Override
        public void renew(String revocation, Instant expiresAt) {
            renewed.incrementAndGet();
        }
    }
}
