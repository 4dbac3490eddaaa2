package dev.arca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code rotation-db-static} (issue 17: "a static-role rotation end to end p95 ≤ 1 s locally"): a database user the
 * bench makes ({@code arca_bench_rot}, through the root JDBC connection) is held in a structured secret
 * {@code {"username","password"}} that a database policy on the connection {@code bench-<plugin>} covers. One
 * operation is {@code POST …/policies/bench-db-static/trigger} for that secret and then {@code GET …/rotation/runs/{id}}
 * every 5 ms until the run has finished: new password generated, set ({@code ALTER ROLE}/{@code ALTER USER}), logged
 * in with, made current. One client: a secret has one run at a time. PostgreSQL when it answers, else MariaDB.
 */
final class RotationDatabaseStatic implements Scenario {
    static final String USER = "arca_bench_rot";
    private static final String POLICY = "bench-db-static";
    private static final String PATH = Fixture.PROJECT + "/rotation/db-static";
    private static final int MAX_OPS = 200;
    private static final int WARMUP_OPS = 20;
    private static final long POLL_MILLIS = 5;
    private static final long RUN_TIMEOUT_NANOS = 30_000_000_000L;

    @Override
    public String name() {
        return "rotation-db-static";
    }

    @Override
    public String description() {
        return "a database user's password rotated end to end: trigger, then poll the run every 5 ms until it has "
                + "finished (set, logged in with, current); one client, at most " + MAX_OPS;
    }

    @Override
    public String unsupported(Target target) {
        return engine() == null ? "no database to rotate a user's password in: " + List.of(
                CredentialDatabase.POSTGRESQL.unreachable(), CredentialDatabase.MYSQL.unreachable()) : null;
    }

    @Override
    public Result run(Fixture fixture, Settings settings) throws Exception {
        CredentialDatabase engine = Objects.requireNonNull(engine());
        String connection = DatabaseFixture.of(fixture).connection(engine);
        RotationFixture rotation = RotationFixture.of(fixture);
        String token = rotation.token();
        String root = fixture.target().rootToken();

        String password = password();
        createUser(engine, password);
        try {
            fixture.http().call("PUT", fixture.secretUrl(PATH), root, "{\"type\":\"json\",\"fields\":{\"username\":"
                    + BenchHttp.quote(USER) + ",\"password\":" + BenchHttp.quote(password) + "}}", 200);
            rotation.policyAssigned(POLICY, "{\"interval\":\"1h\",\"kind\":\"database\",\"database\":"
                    + "{\"connection\":" + BenchHttp.quote(connection) + "}}", PATH);
            try {
                return measure(fixture, settings, rotation, token, engine);
            } finally {
                try {
                    rotation.deletePolicy(POLICY);
                } catch (IllegalStateException e) {
                    // a run still in progress (already counted as an error) keeps its policy; the user goes anyway
                    System.err.printf("arca-bench: %s: policy %s left in place: %s%n", name(), POLICY,
                            e.getMessage());
                }
            }
        } finally {
            engine.sqlRoot().orElseThrow().execute(dropUser(engine));
        }
    }

    private Result measure(Fixture fixture, Settings settings, RotationFixture rotation, String token,
            CredentialDatabase engine) throws Exception {
        Rotations rotations = new Rotations(fixture, rotation, token);
        Latencies warmup = new Latencies();
        rotations.loop(warmup, System.nanoTime() + settings.warmup().toNanos(), WARMUP_OPS);
        LoadScenario.reportFailures(name() + " (warm-up)", fixture.target().backend(), warmup);
        Latencies latencies = new Latencies();
        long measuring = System.nanoTime();
        rotations.loop(latencies, measuring + settings.duration().toNanos(), MAX_OPS);
        double seconds = (System.nanoTime() - measuring) / 1e9;
        LoadScenario.reportFailures(name(), fixture.target().backend(), latencies);

        int version = fixture.http().call("GET", fixture.secretUrl(PATH), fixture.target().rootToken(), null, 200)
                .path("version").asInt();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("p95_ms", latencies.percentileMillis(95));
        extra.put("engine", engine.plugin());
        extra.put("secret_version", version);
        return Result.of(name(), fixture.target().backend(), 1, new LoadRunner.Outcome(latencies, seconds), extra);
    }

    /** Rotations of the one secret, one after the other. */
    private record Rotations(Fixture fixture, RotationFixture rotation, String token) {
        /**
         * Rotates until {@code stopAt} or {@code maxOps}; a run that is not over after 30 s stops the loop (the
         * secret's next trigger would be refused while it is in progress).
         */
        void loop(Latencies latencies, long stopAt, int maxOps) throws Exception {
            for (int ops = 0; ops < maxOps && System.nanoTime() < stopAt; ops++) {
                long started = System.nanoTime();
                Outcome outcome = rotateOnce(started);
                latencies.record(System.nanoTime() - started, outcome.failure());
                if (!outcome.over()) {
                    return;
                }
            }
        }

        private record Outcome(String failure, boolean over) {}

        private Outcome rotateOnce(long started) throws Exception {
            var triggered = fixture.http().sendForText(fixture.http().request(rotation.policy(POLICY) + "/trigger")
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"secrets\":[" + BenchHttp.quote(PATH) + "]}"))
                    .build());
            if (triggered.statusCode() != 202) {
                // 409: a run of the secret is still in progress, so every later trigger would be refused too
                return new Outcome("trigger status " + triggered.statusCode(), triggered.statusCode() != 409);
            }
            String runId = BenchHttp.JSON.readTree(triggered.body()).path("runs").path(0).path("id").asText();
            HttpRequest poll = fixture.http().request(rotation.rotation() + "/runs/" + runId)
                    .header("Authorization", "Bearer " + token).GET().build();
            JsonNode run = BenchHttp.JSON.createObjectNode();
            while (System.nanoTime() - started < RUN_TIMEOUT_NANOS) {
                var answer = fixture.http().sendForText(poll);
                if (answer.statusCode() != 200) {
                    return new Outcome("run status " + answer.statusCode(), true);
                }
                run = BenchHttp.JSON.readTree(answer.body());
                if (!run.path("finished_at").isMissingNode() && !run.path("finished_at").isNull()) {
                    return new Outcome(run.path("status").asText().equals("finished") ? null
                            : "run " + run.path("status").asText() + ": " + run.path("error").asText(), true);
                }
                Thread.sleep(POLL_MILLIS);
            }
            return new Outcome("run not over after 30 s (" + run.path("status").asText() + ", attempts "
                    + run.path("attempts").asInt() + ", error " + run.path("error").asText("none") + ")", false);
        }
    }

    /** PostgreSQL when it answers, else MariaDB (Redis has no password rotation of this kind to measure here). */
    private static CredentialDatabase engine() {
        return Arrays.stream(new CredentialDatabase[] {CredentialDatabase.POSTGRESQL, CredentialDatabase.MYSQL})
                .filter(e -> e.sqlRoot().isPresent() && e.unreachable() == null).findFirst().orElse(null);
    }

    /** The user with {@code password}, made afresh (one a run that stopped half-way left is dropped first). */
    private static void createUser(CredentialDatabase engine, String password) throws SQLException {
        CredentialDatabase.SqlRoot root = engine.sqlRoot().orElseThrow();
        root.execute(dropUser(engine));
        root.execute(engine == CredentialDatabase.POSTGRESQL
                ? "CREATE ROLE " + USER + " LOGIN PASSWORD '" + password + "'"
                : "CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + password + "'");
    }

    private static String dropUser(CredentialDatabase engine) {
        return engine == CredentialDatabase.POSTGRESQL ? "DROP ROLE IF EXISTS " + USER
                : "DROP USER IF EXISTS '" + USER + "'@'%'";
    }

    /** 24 letters and digits: nothing to quote in a SQL literal. */
    private static String password() {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        var random = new SecureRandom();
        var password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }
}
