package dev.arca.bench;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code unseal-1m-leases}: how long an unseal takes (the threshold of {@code POST /v1/sys/unseal} calls after a
 * {@code POST /v1/sys/seal}) with no leases, and again after 1,000,000 active leases were written straight into
 * the {@code leases} table. The target is an unseal that does not grow with the lease count; {@code slowdown}
 * is the ratio of the two medians. The recorded latencies are those with 1,000,000 leases.
 */
final class UnsealWithLeases implements Scenario {
    static final int LEASES = 1_000_000;
    private static final int MIN_ROUNDS = 3;
    private static final int MAX_ROUNDS = 50;

    @Override
    public String name() {
        return "unseal-1m-leases";
    }

    @Override
    public String description() {
        return "seal, then unseal: with 0 leases and with 1,000,000 active leases in the database";
    }

    @Override
    public String unsupported(Target target) {
        return target.unsealKeys().isEmpty() || target.database().isEmpty()
                ? "it needs the unseal keys and the database, so it runs only on a server the bench starts" : null;
    }

    @Override
    public Result run(Fixture fixture, Settings settings) throws Exception {
        Target target = fixture.target();
        Duration half = settings.duration().dividedBy(2);
        rounds(fixture, settings.warmup()); // unrecorded: the first unseals also pay for class loading and the JIT
        Latencies empty = rounds(fixture, half);

        long seeding = System.nanoTime();
        insert(target.database().orElseThrow(), fixture);
        double seedSeconds = (System.nanoTime() - seeding) / 1e9;

        long started = System.nanoTime();
        Latencies loaded = rounds(fixture, half);
        double seconds = (System.nanoTime() - started) / 1e9;
        LoadScenario.reportFailures(name(), target.backend(), loaded);
        double slowdown = empty.percentileMillis(50) <= 0 ? 0
                : loaded.percentileMillis(50) / empty.percentileMillis(50);
        return Result.of(name(), target.backend(), 1, new LoadRunner.Outcome(loaded, seconds), Map.of(
                "leases", LEASES, "seed_s", seedSeconds, "unseal_0_leases_p50_ms", empty.percentileMillis(50),
                "unseal_1m_leases_p50_ms", loaded.percentileMillis(50), "slowdown", slowdown,
                "rounds", loaded.count()));
    }

    /** Seal and unseal again and again for about {@code budget}; the unseal part is what is recorded. */
    private static Latencies rounds(Fixture fixture, Duration budget) {
        BenchHttp http = fixture.http();
        Target target = fixture.target();
        List<String> keys = target.unsealKeys().orElseThrow();
        Latencies latencies = new Latencies();
        long until = System.nanoTime() + budget.toNanos();
        for (int round = 0; round < MAX_ROUNDS && (round < MIN_ROUNDS || System.nanoTime() < until); round++) {
            http.call("POST", "/v1/sys/seal", target.rootToken(), null, 200);
            long started = System.nanoTime();
            boolean sealed = true;
            for (String key : keys) {
                sealed = http.call("POST", "/v1/sys/unseal", null, "{\"key\":" + BenchHttp.quote(key) + "}", 200)
                        .path("sealed").asBoolean(true);
            }
            latencies.record(System.nanoTime() - started, sealed ? "still sealed after the threshold of keys" : null);
        }
        return latencies;
    }

    /** Active leases on a seeded secret, due in an hour: one statement, the same SQL on SQLite and PostgreSQL. */
    private static void insert(Database db, Fixture fixture) throws InterruptedException {
        String path = fixture.readPaths().getFirst();
        String vaultId = fixture.http().call("GET", "/v1/vaults/" + fixture.vault(), fixture.target().rootToken(),
                null, 200).path("id").asText();
        String secretId = fixture.http().call("GET", path + "/metadata", fixture.appToken(), null, 200).path("id")
                .asText();
        String sql = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " + (LEASES - 1)
                + ") INSERT INTO leases (id, vault_id, secret_id, path, version, holder, ttl_ms, issued_at, "
                + "expires_at, max_expires_at, state) SELECT 'lease_bench' || substr(CAST(10000000 + i AS TEXT), 2), "
                + ":v, :s, :path, 1, 'token:bench' || (i % 1000), 3600000, :now, :now + 3600000, :now + 86400000, "
                + "'active' FROM n";
        long now = System.currentTimeMillis();
        String secretPath = path.substring(path.indexOf("/secrets/") + "/secrets/".length());
        db.write(h -> h.createUpdate(sql).bind("v", vaultId).bind("s", secretId).bind("path", secretPath)
                .bind("now", now).execute());
        if (db.url().kind() == StorageUrl.Kind.POSTGRESQL) {
            db.write(h -> h.execute("ANALYZE leases"));
        }
    }
}
