package dev.arca.server.lease;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestClock;
import dev.arca.server.TestServer;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.storage.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing about leases is loaded at unseal: a real server's unseal (seal, then the three unseal keys over HTTP)
 * timed with 0 and with 1,000,000 leases stored, on SQLite and PostgreSQL; then the reaper's pass over 100,000
 * due leases among them. Prints median milliseconds and the plan of the reaper's query; asserts nothing about
 * speed (DESIGN §10). Not part of {@code verify}; run it with
 * {@code ./mvnw -pl server -am test -Dtest=LeaseUnsealBenchmarkTest -Dsurefire.excludedGroups=
 * -Dsurefire.failIfNoSpecifiedTests=false} — the figures land in
 * {@code server/target/surefire-reports/dev.arca.server.lease.LeaseUnsealBenchmarkTest-output.txt}.
 */
@Tag("benchmark")
class LeaseUnsealBenchmarkTest {
    private static final int LEASES = 1_000_000;
    private static final int DUE = 100_000;
    private static final int CHUNK = 20_000;
    private static final int RUNS = 7;

    @TempDir
    Path dir;

    @Test
    void sqlite() {
        run("SQLite", null, "EXPLAIN QUERY PLAN ");
    }

    @Test
    void postgresql() {
        Optional<String> url = TestDatabases.freshPostgres();
        if (url.isEmpty()) {
            System.out.println("PostgreSQL unreachable: its half of the benchmark did not run");
            return;
        }
        run("PostgreSQL", url.get(), "EXPLAIN ");
    }

    private void run(String backend, String storage, String explain) {
        // Leases fall due an hour from now at the earliest, so the server's own reaper (on the real clock) has
        // nothing to do while the unseals are timed; the reaper timed below runs on a clock an hour ahead.
        Instant base = Instant.now().plus(Duration.ofHours(1));
        StorageUrl url;
        try (TestServer server = TestServer.start(dir, storage).initAndUnseal();
                Database db = Database.open(server.config().storage())) {
            url = server.config().storage();
            System.out.printf("%n== %s%n", backend);
            unseal(backend, server, 0);
            long started = System.nanoTime();
            insert(db, base.toEpochMilli());
            System.out.printf("%-10s inserted %,d leases in %,d ms%n", backend, LEASES,
                    (System.nanoTime() - started) / 1_000_000);
            if (storage != null) {
                db.write(h -> h.execute("ANALYZE leases"));
            }
            unseal(backend, server, LEASES);
        }
        try (Database db = Database.open(url)) {
            var clock = new TestClock(base.plusMillis(DUE - 1));
            long started = System.nanoTime();
            LeaseReaper.Pass pass = new LeaseReaper(db, clock).reapNow();
            System.out.printf("%-10s reaper pass: %,d due leases expired (of %,d stored) in %,d ms%n", backend,
                    pass.expired(), LEASES, (System.nanoTime() - started) / 1_000_000);
            assertThat(pass.expired()).isEqualTo(DUE);
            plan(db, explain, clock.millis());
        }
    }

    /** Seal, then unseal with the keys over HTTP, {@link #RUNS} times; the median of the unseal. */
    private static void unseal(String backend, TestServer server, int leases) {
        long[] times = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            assertThat(server.root("POST", "/v1/sys/seal", null).status()).isEqualTo(200);
            long started = System.nanoTime();
            for (String key : server.unsealKeys.subList(0, 3)) {
                assertThat(server.unseal(key).status()).isEqualTo(200);
            }
            times[i] = System.nanoTime() - started;
            assertThat(server.root("GET", "/v1/sys/seal-status", null).json().path("sealed").asBoolean()).isFalse();
        }
        Arrays.sort(times);
        System.out.printf("%-10s unseal with %,9d leases: median %8.2f ms   min %8.2f ms   max %8.2f ms%n", backend,
                leases, times[RUNS / 2] / 1e6, times[0] / 1e6, times[RUNS - 1] / 1e6);
    }

    /** {@link #DUE} leases fall due from {@code base} on, one a millisecond; the rest a day later. */
    private static void insert(Database db, long base) {
        for (int from = 0; from < LEASES; from += CHUNK) {
            int start = from;
            db.write(h -> {
                PreparedBatch batch = h.prepareBatch("INSERT INTO leases (id, vault_id, secret_id, path, version, "
                        + "holder, ttl_ms, issued_at, expires_at, max_expires_at, state) VALUES (:id, 'vault_bench', "
                        + ":secret, :path, 1, :holder, 900000, :issued, :expires, :max, 'active')");
                for (int i = start; i < start + CHUNK; i++) {
                    long expires = i < DUE ? base + i : base + 86_400_000L + i;
                    batch.bind("id", String.format("lease_%07d", i)).bind("secret", "sk_" + (i % 5_000))
                            .bind("path", "app/s" + (i % 5_000)).bind("holder", "agent:a" + (i % 1_000))
                            .bind("issued", base - 900_000).bind("expires", expires)
                            .bind("max", expires + 86_400_000L).add();
                }
                return batch.execute();
            });
        }
    }

    private static void plan(Database db, String explain, long now) {
        List<String> lines = db.read(h -> h.createQuery(explain + "SELECT id FROM leases WHERE state = 'active' "
                + "AND expires_at <= :now ORDER BY expires_at LIMIT :batch").bind("now", now)
                .bind("batch", LeaseReaper.BATCH).map((rs, ctx) -> {
                    var line = new StringBuilder();
                    for (int c = 1; c <= rs.getMetaData().getColumnCount(); c++) {
                        line.append(c == 1 ? "" : " | ").append(rs.getString(c));
                    }
                    return line.toString();
                }).list());
        System.out.println("plan of the reaper's batch:");
        lines.forEach(line -> System.out.println("    " + line));
    }
}
