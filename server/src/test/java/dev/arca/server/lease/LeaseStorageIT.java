package dev.arca.server.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.ErrorCode;
import dev.arca.api.Lease;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.server.TestClock;
import dev.arca.server.access.Guard;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Credentials;
import dev.arca.server.identity.Permission;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import dev.arca.server.seal.SealService;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.storage.TestDatabases;
import dev.arca.server.vaults.VaultService;
import dev.arca.server.watch.ChangeBus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Leases against both real databases (SQLite and PostgreSQL at 127.0.0.1:5432, skipped loudly when absent): what
 * the reaper stores, its batches and its PostgreSQL lock, a lease past its expiry refused while still stored
 * {@code active}, and no lease row for a retrieval that failed.
 */
class LeaseStorageIT {
    private static final long DAY = Duration.ofDays(1).toMillis();

    @TempDir
    Path dir;
    Database db;
    String postgresUrl;
    final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    LeaseStore store;
    LeaseReaper reaper;

    private void open(String backend) {
        StorageUrl url;
        if (backend.equals("sqlite")) {
            url = StorageUrl.sqlite(dir.resolve("arca.db"));
        } else {
            Optional<String> postgres = TestDatabases.freshPostgres();
            Assumptions.assumeTrue(postgres.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
            postgresUrl = postgres.get();
            url = StorageUrl.parse(postgresUrl);
        }
        db = Database.open(url);
        store = new LeaseStore(db);
        reaper = new LeaseReaper(db, clock);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void reaperPass_marksDueLeasesExpired_andDeletesLeasesEndedMoreThanSevenDaysAgo(String backend) {
        open(backend);
        long now = clock.millis();
        insert("lease_due", now - 1, LeaseStore.ACTIVE, null);
        insert("lease_due_now", now, LeaseStore.ACTIVE, null);
        insert("lease_live", now + 1, LeaseStore.ACTIVE, null);
        insert("lease_released_recently", now + DAY, LeaseStore.RELEASED, now - DAY);
        insert("lease_revoked_6d", now - 6 * DAY, LeaseStore.REVOKED, now - 6 * DAY - 1);
        insert("lease_released_8d", now - 8 * DAY, LeaseStore.RELEASED, now - 8 * DAY - 1);
        insert("lease_expired_8d", now - 8 * DAY, LeaseStore.EXPIRED, now - 8 * DAY);
        insert("lease_unreaped_8d", now - 8 * DAY, LeaseStore.ACTIVE, null);

        LeaseReaper.Pass pass = reaper.reapNow();

        assertThat(pass).isEqualTo(new LeaseReaper.Pass(3, 3, false));
        assertThat(stored("lease_due")).isEqualTo(LeaseStore.EXPIRED);
        assertThat(store.byId("lease_due").orElseThrow().endedAt()).as("it ended when it expired").isEqualTo(now - 1);
        assertThat(stored("lease_due_now")).isEqualTo(LeaseStore.EXPIRED);
        assertThat(stored("lease_live")).isEqualTo(LeaseStore.ACTIVE);
        assertThat(store.byId("lease_live").orElseThrow().endedAt()).isNull();
        assertThat(stored("lease_released_recently")).isEqualTo(LeaseStore.RELEASED);
        assertThat(stored("lease_revoked_6d")).isEqualTo(LeaseStore.REVOKED);
        assertThat(store.byId("lease_released_8d")).isEmpty();
        assertThat(store.byId("lease_expired_8d")).isEmpty();
        assertThat(store.byId("lease_unreaped_8d")).as("expired then, and deleted in the same pass").isEmpty();

        assertThat(reaper.reapNow()).isEqualTo(new LeaseReaper.Pass(0, 0, false));
        clock.advance(Duration.ofMillis(1));
        assertThat(reaper.reapNow().expired()).isEqualTo(1);
        assertThat(stored("lease_live")).isEqualTo(LeaseStore.EXPIRED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void reaperPass_worksThroughABacklogInBatches(String backend) {
        open(backend);
        long now = clock.millis();
        int due = LeaseReaper.BATCH * 2 + 500;
        db.write(h -> {
            var batch = h.prepareBatch("INSERT INTO leases (id, vault_id, secret_id, path, version, holder, ttl_ms, "
                    + "issued_at, expires_at, max_expires_at, state) VALUES (:id, 'vault_x', 'sk_x', 'app/x', 1, "
                    + "'agent:bot', 1000, 0, :expires, :expires, 'active')");
            for (int i = 0; i < due; i++) {
                batch.bind("id", String.format("lease_%05d", i)).bind("expires", now - i).add();
            }
            return batch.execute();
        });
        insert("lease_live", now + 1, LeaseStore.ACTIVE, null);

        assertThat(reaper.reapNow().expired()).isEqualTo(due);
        assertThat(count("state = 'expired'")).isEqualTo(due);
        assertThat(stored("lease_live")).isEqualTo(LeaseStore.ACTIVE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql"})
    void onPostgres_aPassIsSkippedWhileAnotherNodeHoldsTheReaperLock(String backend) throws Exception {
        open(backend);
        insert("lease_due", clock.millis() - 1, LeaseStore.ACTIVE, null);
        String name = postgresUrl.substring(postgresUrl.lastIndexOf('/') + 1);
        try (Connection otherNode = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + name
                + "?user=postgres")) {
            otherNode.setAutoCommit(false);
            var lock = otherNode.prepareStatement("SELECT pg_try_advisory_xact_lock(?)");
            lock.setLong(1, 0x417263614C656173L);
            try (var result = lock.executeQuery()) {
                assertThat(result.next() && result.getBoolean(1)).as("the other node took the lock").isTrue();
            }
            assertThat(reaper.reapNow()).isEqualTo(new LeaseReaper.Pass(0, 0, true));
            assertThat(stored("lease_due")).isEqualTo(LeaseStore.ACTIVE);
            otherNode.commit();
        }
        assertThat(reaper.reapNow()).isEqualTo(new LeaseReaper.Pass(1, 0, false));
        assertThat(stored("lease_due")).isEqualTo(LeaseStore.EXPIRED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void leasePastItsExpiry_isRefusedWhileStillStoredActive_andAFailedRetrievalStoresNoLease(String backend) {
        open(backend);
        var seal = new SealService(db, "test");
        seal.unsealWith(seal.init(1, 1).unsealKeys());
        var vaults = new VaultService(db, seal, clock);
        String vaultId = vaults.create("default").id();
        vaults.createProject("default", "app");
        var secrets = new SecretService(db, vaults, seal, new ChangeBus(), clock);
        Principal holder = Principal.token("acc_holder", "holder", vaultId, List.of("p"));
        secrets.put("default", "app/db", new Secret.Put("string", SecretText.of("db-pass"), null), holder);
        var leases = new LeaseService(db, new LeaseRevocations(db, List.of(), clock, LeaseRevocations.Retry.DEFAULT),
                secrets, vaults, new RefusesAll(), clock);

        assertThatThrownBy(() -> leases.retrieve("default", "app/missing", new Lease.Retrieve(null, null, null),
                holder)).isInstanceOfSatisfying(ArcaException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(count("1 = 1")).isZero();

        String id = leases.retrieve("default", "app/db", new Lease.Retrieve("1m", null, null), holder).leaseId();
        clock.advance(Duration.ofMinutes(1));
        for (Runnable call : List.<Runnable>of(() -> leases.get(id, holder, "127.0.0.1"),
                () -> leases.renew(new Lease.Renew(id, "1h"), holder, "127.0.0.1"),
                () -> leases.release(new Lease.Release(id), holder, "127.0.0.1"))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(ArcaException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.LEASE_EXPIRED));
        }
        assertThat(stored(id)).as("the reaper has not run").isEqualTo(LeaseStore.ACTIVE);
        assertThat(leases.revoke("default", new Lease.Revoke(holder.subject())).revoked())
                .as("an expired lease is not revoked").isZero();
    }

    private void insert(String id, long expiresAt, String state, Long endedAt) {
        store.insert(new LeaseStore.Row(id, "vault_x", LeaseStore.SECRET, "sk_x", "app/x", 1, "agent:bot", 60_000,
                expiresAt - 60_000, expiresAt, expiresAt + DAY, state, endedAt, null, null, 0, null, null));
    }

    private int count(String condition) {
        Integer rows = db.read(h -> h.createQuery("SELECT COUNT(*) FROM leases WHERE " + condition)
                .mapTo(Integer.class).one());
        return rows;
    }

    private String stored(String id) {
        return store.byId(id).orElseThrow().state();
    }

    /** The holder needs no policy; anyone else reaching the guard here would be a mistake in the test. */
    private static final class RefusesAll implements Guard {
        @Override
        public void checkUnsealed() {}

        @Override
        public void limitSource(String sourceIp) {}

        @Override
        public Principal authenticate(Credentials credentials) {
            throw new IllegalStateException("not used");
        }

        @Override
        public void limitPrincipal(Principal principal) {}

        @Override
        public void authorize(Principal principal, Resource resource, Permission permission, String sourceIp) {
            throw ArcaException.denied("only the holder here");
        }
    }
}
