package dev.arca.bench;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code restart-100k-leases}: with 100,000 active dynamic credential leases in the database (kind
 * {@code database}, a user still owed, a revocation naming the bench connection; written straight into the
 * {@code leases} table), the server is stopped and started again on the same port and storage, unsealed, and a
 * credential asked for until one is handed out. {@code restart_to_first_request_ms} runs from the stop to that
 * first answer; the target is 10 s. The recorded latencies are those restarts.
 */
final class RestartWithLeases implements Scenario {
    static final int LEASES = 100_000;
    private static final int ROUNDS = 3;
    private static final String ID_PREFIX = "lease_dbbench";

    @Override
    public String name() {
        return "restart-100k-leases";
    }

    @Override
    public String description() {
        return "restart (stop, start, unseal) with 100,000 active database credential leases, until the first "
                + "credential is handed out";
    }

    @Override
    public String unsupported(Target target) {
        if (!(target instanceof InProcessServer)) {
            return "it restarts the server and seeds through the database, so it runs only on a server the bench "
                    + "starts";
        }
        return engine() == null ? "no database to hand out credentials from: "
                + Arrays.stream(CredentialDatabase.values()).map(CredentialDatabase::unreachable)
                        .filter(Objects::nonNull).toList() : null;
    }

    @Override
    public Result run(Fixture fixture, Settings settings) throws Exception {
        var server = (InProcessServer) fixture.target();
        CredentialDatabase engine = Objects.requireNonNull(engine());
        DatabaseFixture db = DatabaseFixture.of(fixture);
        String creds = db.credsPath(engine);
        String token = db.token();
        Database storage = server.database().orElseThrow();

        long seeding = System.nanoTime();
        insert(storage, fixture, creds, token);
        double seedSeconds = (System.nanoTime() - seeding) / 1e9;

        Latencies restarts = new Latencies();
        Latencies unsealToFirst = new Latencies();
        long measured = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++) {
            long stopped = System.nanoTime();
            server.restart();
            long unsealing = System.nanoTime();
            String failure = unseal(fixture, server.unsealKeys().orElseThrow());
            if (failure == null) {
                failure = firstCredential(fixture, creds, token);
            }
            long served = System.nanoTime();
            restarts.record(served - stopped, failure);
            unsealToFirst.record(served - unsealing, failure);
        }
        double seconds = (System.nanoTime() - measured) / 1e9;
        long left = storage.write(h -> h.createUpdate("DELETE FROM leases WHERE id LIKE :p").bind("p", ID_PREFIX + "%")
                .execute());
        LoadScenario.reportFailures(name(), server.backend(), restarts);
        return Result.of(name(), server.backend(), 1, new LoadRunner.Outcome(restarts, seconds), Map.of(
                "leases", left, "engine", engine.plugin(), "seed_s", seedSeconds,
                "restart_to_first_request_ms", restarts.percentileMillis(50),
                "restart_to_first_request_max_ms", restarts.maxMillis(),
                "unseal_to_first_request_ms", unsealToFirst.percentileMillis(50), "rounds", restarts.count()));
    }

    /** PostgreSQL when it answers, else the first engine that does. */
    private static CredentialDatabase engine() {
        return Arrays.stream(CredentialDatabase.values()).filter(e -> e.unreachable() == null).findFirst()
                .orElse(null);
    }

    private static String unseal(Fixture fixture, List<String> keys) {
        boolean sealed = true;
        for (String key : keys) {
            sealed = fixture.http().call("POST", "/v1/sys/unseal", null, "{\"key\":" + BenchHttp.quote(key) + "}",
                    200).path("sealed").asBoolean(true);
        }
        return sealed ? "still sealed after the threshold of keys" : null;
    }

    /** Asks for a credential until one is handed out (and releases it); a failure's reason after 60 s. */
    private static String firstCredential(Fixture fixture, String creds, String token) throws Exception {
        HttpRequest request = fixture.http().request(creds).header("Authorization", "Bearer " + token).GET().build();
        long giveUp = System.nanoTime() + 60_000_000_000L;
        String last = null;
        while (System.nanoTime() < giveUp) {
            var answer = fixture.http().sendForText(request);
            if (answer.statusCode() == 200) {
                fixture.http().call("POST", "/v1/leases/release", token, "{\"lease_id\":"
                        + BenchHttp.quote(DatabaseFixture.leaseId(answer.body())) + "}", 204);
                return null;
            }
            last = "creds status " + answer.statusCode();
            Thread.sleep(5);
        }
        return last;
    }

    /**
     * Active leases due in an hour, each owing the revocation of a user of its own that was never made (the
     * revocation of a real lease with the user name swapped): one statement, the same SQL on SQLite and PostgreSQL.
     */
    private static void insert(Database db, Fixture fixture, String creds, String token) throws Exception {
        var answer = BenchHttp.JSON.readTree(fixture.http().sendForText(fixture.http().request(creds)
                .header("Authorization", "Bearer " + token).GET().build()).body());
        String leaseId = answer.path("lease_id").asText();
        String username = answer.path("data").path("username").asText();
        var template = db.read(h -> h.createQuery("SELECT vault_id, path, holder, revocation FROM leases WHERE id = "
                + ":id").bind("id", leaseId).mapToMap().one());
        fixture.http().call("POST", "/v1/leases/release", token, "{\"lease_id\":" + BenchHttp.quote(leaseId) + "}",
                204);
        String sql = "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " + (LEASES - 1)
                + ") INSERT INTO leases (id, vault_id, kind, path, holder, ttl_ms, issued_at, expires_at, "
                + "max_expires_at, state, revocation, cleanup) SELECT '" + ID_PREFIX + "' || substr(CAST(10000000 + i "
                + "AS TEXT), 2), :v, 'database', :path, :holder, 3600000, :now, :now + 3600000, :now + 86400000, "
                + "'active', replace(:revocation, :user, 'bench_seeded_' || CAST(i AS TEXT)), 'owed' FROM n";
        long now = System.currentTimeMillis();
        db.write(h -> h.createUpdate(sql).bind("v", (String) template.get("vault_id"))
                .bind("path", (String) template.get("path")).bind("holder", (String) template.get("holder"))
                .bind("revocation", (String) template.get("revocation")).bind("user", username).bind("now", now)
                .execute());
        if (db.url().kind() == StorageUrl.Kind.POSTGRESQL) {
            db.write(h -> h.execute("ANALYZE leases"));
        }
    }
}
