package dev.arca.bench;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The database engine's scenarios (issue 2·5's figures): {@code db-creds-<plugin>}, one operation being a fresh
 * user ({@code GET …/database/creds/bench-<plugin>}) and at once its release ({@code POST /v1/leases/release}, which
 * drops the user before it answers). Creation and revocation are also timed on their own: the targets are a p95
 * of at most 50 ms and at least 100 credentials a second per engine, and revocation no slower than creation.
 */
final class DatabaseScenarios {
    /** The name that selects every {@code db-creds-<plugin>} scenario. */
    static final String CREDS_GROUP = "db-creds";

    private DatabaseScenarios() {}

    static List<Scenario> creds() {
        List<Scenario> scenarios = new ArrayList<>();
        for (CredentialDatabase engine : CredentialDatabase.values()) {
            scenarios.add(new Creds(engine));
        }
        return scenarios;
    }

    private record Creds(CredentialDatabase engine) implements Scenario {
        @Override
        public String name() {
            return CREDS_GROUP + "-" + engine.plugin();
        }

        @Override
        public String description() {
            return "a fresh " + engine.plugin() + " user (GET …/database/creds/{role}) and at once its release "
                    + "(POST /v1/leases/release drops it)";
        }

        @Override
        public String unsupported(Target target) {
            return engine.unreachable();
        }

        @Override
        public Result run(Fixture fixture, Settings settings) throws Exception {
            DatabaseFixture db = DatabaseFixture.of(fixture);
            String token = db.token();
            HttpRequest creds = fixture.http().request(db.credsPath(engine)).header("Authorization", "Bearer " + token)
                    .GET().build();
            var halves = new Halves(settings.concurrency());
            Operation operation = client -> {
                long started = System.nanoTime();
                var answer = fixture.http().sendForText(creds);
                long created = System.nanoTime();
                halves.creations[client].record(created - started, answer.statusCode() == 200 ? null
                        : "creds status " + answer.statusCode());
                if (answer.statusCode() != 200) {
                    return answer.statusCode();
                }
                int status = fixture.http().send(fixture.http().request("/v1/leases/release")
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"lease_id\":"
                                + BenchHttp.quote(DatabaseFixture.leaseId(answer.body())) + "}")).build());
                halves.revocations[client].record(System.nanoTime() - created, status == 204 ? null
                        : "release status " + status);
                return status;
            };
            // the warm-up is a run of its own, so what the halves record is the measured run alone
            LoadRunner.run(operation, settings.concurrency(), Duration.ZERO, settings.warmup());
            halves.reset();
            LoadRunner.Outcome outcome = LoadRunner.run(operation, settings.concurrency(), Duration.ZERO,
                    settings.duration());
            Latencies creations = halves.all(halves.creations);
            Latencies revocations = halves.all(halves.revocations);
            List<String> left = engine.users(DatabaseFixture.USER_PREFIX);
            if (left.isEmpty()) {
                System.err.printf("arca-bench: %s on %s: no %s users left in %s%n", name(),
                        fixture.target().backend(), DatabaseFixture.USER_PREFIX, engine.plugin());
            } else {
                System.err.printf("arca-bench: %s on %s: FAILED: %d %s users left in %s, e.g. %s%n", name(),
                        fixture.target().backend(), left.size(), DatabaseFixture.USER_PREFIX, engine.plugin(),
                        left.getFirst());
                outcome.latencies().fail("bench users left in the database", left.size());
            }
            LoadScenario.reportFailures(name(), fixture.target().backend(), outcome.latencies());
            double seconds = outcome.seconds();
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("create_p95_ms", creations.percentileMillis(95));
            extra.put("revoke_p95_ms", revocations.percentileMillis(95));
            extra.put("creates_per_s", (creations.count() - creations.errors()) / seconds);
            extra.put("revokes_per_s", (revocations.count() - revocations.errors()) / seconds);
            extra.put("users_left", left.size());
            return Result.of(name(), fixture.target().backend(), settings.concurrency(), outcome, extra);
        }
    }

    /** Each client's creation and revocation latencies (a histogram is not thread-safe, so one per client). */
    private static final class Halves {
        final Latencies[] creations;
        final Latencies[] revocations;

        Halves(int clients) {
            creations = new Latencies[clients];
            revocations = new Latencies[clients];
            reset();
        }

        void reset() {
            for (int i = 0; i < creations.length; i++) {
                creations[i] = new Latencies();
                revocations[i] = new Latencies();
            }
        }

        Latencies all(Latencies[] perClient) {
            Latencies all = new Latencies();
            for (Latencies client : perClient) {
                all.add(client);
            }
            return all;
        }
    }
}
