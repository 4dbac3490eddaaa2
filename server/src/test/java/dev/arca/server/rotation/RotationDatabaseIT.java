package dev.arca.server.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.SecretText;
import dev.arca.server.TestClock;
import dev.arca.server.TestServer;
import dev.arca.server.database.TcpProxy;
import dev.arca.server.database.TestServers;
import dev.arca.server.watch.EventStreamClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Database rotation policies over HTTP on SQLite, against the real MariaDB on 127.0.0.1:3306 and PostgreSQL on
 * 127.0.0.1:5432 (each skipped loudly when absent, failing with {@code ARCA_REQUIRE_MARIADB=1} /
 * {@code ARCA_REQUIRE_POSTGRES=1}, through {@link TestServers}). The server tells time by a clock moved by hand;
 * its scheduler still rounds every real second, so a test waits for a round (with a deadline), never for a period.
 *
 * <p>MariaDB checks passwords, so there a login with the {@code mariadb} client proves the password; the local
 * PostgreSQL trusts every login from 127.0.0.1, so there the password is checked against the role's stored SCRAM
 * verifier ({@link TestServers#postgresPasswordIs}) and {@code psql} only shows the role may log in.
 */
class RotationDatabaseIT {
    private static final String V = "/v1/vaults/default";
    private static final String R = V + "/rotation";
    private static final String DB = V + "/database";
    private static final String USER_PREFIX = "arca_it_rot_";
    /** How long a run may take: a cut connection costs the pool's 5 s timeout per login or statement. */
    private static final Duration RUN_DEADLINE = Duration.ofSeconds(60);
    private static final Duration EVENT_DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    TestServer server;
    final List<String> mariadbUsers = new ArrayList<>();
    final List<String> postgresRoles = new ArrayList<>();

    @BeforeEach
    void start() {
        server = TestServer.start(dir, Map.of(), clock).initAndUnseal();
        expect(201, server.root("POST", V + "/projects", "{\"name\":\"app\"}"));
    }

    @AfterEach
    void stop() throws SQLException {
        if (server != null) {
            server.close();
        }
        if (!mariadbUsers.isEmpty()) {
            try (Connection root = TestServers.rootConnection(TestServers.MARIADB_ROOT_URL)) {
                for (String user : mariadbUsers) {
                    root.createStatement().execute("DROP USER IF EXISTS '" + user + "'@'%'");
                }
            }
        }
        if (!postgresRoles.isEmpty()) {
            try (Connection root = TestServers.rootConnection(TestServers.POSTGRES_ROOT_URL)) {
                for (String role : postgresRoles) {
                    root.createStatement().execute("DROP ROLE IF EXISTS \"" + role + "\"");
                }
            }
        }
    }

    @Test
    void mariadb_aTriggeredRunSetsAPasswordThatLogsIn_refusesTheOld_andServesItAsPreviousForTheGrace()
            throws Exception {
        TestServers.mariadb();
        String old = "old-" + suffix();
        String user = mariadbUser(old);
        configureMaria("maria", 3306);
        String secretId = writeDbSecret("app/db", user, old);
        databasePolicy("rot", "maria", "");
        expect(200, server.root("POST", R + "/policies/rot/assign", "{\"secret\":\"app/db\"}"));

        JsonNode run = awaitEnd(trigger("rot"));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("finished");
        assertThat(run.path("version").asInt()).isEqualTo(2);
        assertThat(run.path("secret_id").asText()).isEqualTo(secretId);

        JsonNode current = expect(200, server.root("GET", V + "/secrets/app/db", null)).json();
        assertThat(current.path("version").asInt()).isEqualTo(2);
        assertThat(current.path("fields").path("username").asText()).isEqualTo(user);
        String next = current.path("fields").path("password").asText();
        assertThat(next).isNotEqualTo(old).as("only what a statement never quotes").matches("[A-Za-z0-9_.~-]{24}");
        TestServers.Ran logIn = mariadb(user, next);
        assertThat(logIn.exitCode()).as("the new stored password logs in: " + logIn.output()).isZero();
        assertThat(logIn.output()).contains(user);
        TestServers.Ran refused = mariadb(user, old);
        assertThat(refused.exitCode()).as("the old password no longer logs in").isNotZero();
        assertThat(refused.output()).contains("Access denied");

        JsonNode history = expect(200, server.root("GET", R + "/runs?secret=app/db", null)).json().path("data");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("status").asText()).isEqualTo("finished");
        assertThat(history.get(0).path("version").asInt()).isEqualTo(2);
        assertThat(history.get(0).path("trigger").asText()).isEqualTo("trigger");
        JsonNode previous = expect(200, server.root("GET", V + "/secrets/app/db?version=previous", null)).json();
        assertThat(previous.path("version").asInt()).isEqualTo(1);
        assertThat(previous.path("fields").path("password").asText()).as("the grace keeps the old version readable")
                .isEqualTo(old);
        assertThat(previous.path("fields").path("username").asText()).isEqualTo(user);
    }

    @Test
    void postgres_aTriggeredRunSetsTheRolesPassword_itsVerifierIsTheNewOne_andPsqlLogsIn() throws Exception {
        TestServers.postgres();
        String old = "old-" + suffix();
        String role = postgresRole(old);
        expect(200, server.root("PUT", DB + "/config/pg", """
                {"plugin":"postgresql","connection_url":"postgresql://127.0.0.1:5432/test","username":"postgres",
                 "password":"root-secret-4b1d"}"""));
        writeDbSecret("app/db", role, old);
        databasePolicy("rot", "pg", "");
        expect(200, server.root("POST", R + "/policies/rot/assign", "{\"secret\":\"app/db\"}"));

        JsonNode run = awaitEnd(trigger("rot"));
        assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("finished");
        assertThat(run.path("version").asInt()).isEqualTo(2);

        JsonNode current = expect(200, server.root("GET", V + "/secrets/app/db", null)).json();
        String next = current.path("fields").path("password").asText();
        assertThat(next).isNotEqualTo(old);
        assertThat(TestServers.postgresPasswordIs(role, SecretText.of(next))).as("PostgreSQL holds the new password")
                .isTrue();
        assertThat(TestServers.postgresPasswordIs(role, SecretText.of(old))).as("and no longer the old one")
                .isFalse();
        TestServers.Ran psql = TestServers.run(List.of(TestServers.binary("psql"), "-h", "127.0.0.1", "-U", role,
                "-d", "test", "-w", "-Atc", "select current_user"), Map.of("PGPASSWORD", next));
        assertThat(psql.exitCode()).as(psql.output()).isZero();
        assertThat(psql.output().strip()).isEqualTo(role);
        assertThat(expect(200, server.root("GET", V + "/secrets/app/db?version=previous", null)).json()
                .path("fields").path("password").asText()).isEqualTo(old);
    }

    @Test
    void badInput_aSingleValueAMissingUserOrFieldOrConnection_is409_andACallersRotateIsSentToTheTrigger()
            throws Exception {
        TestServers.mariadb();
        String old = "old-" + suffix();
        String user = mariadbUser(old);
        configureMaria("maria", 3306);
        databasePolicy("rot", "maria", "");
        TestServer.Response tooLong = server.root("PUT", R + "/policies/long", "{\"interval\":\"1h\","
                + "\"kind\":\"database\",\"database\":{\"connection\":\"maria\"},\"generate\":{\"length\":300}}");
        assertThat(expect(400, tooLong).json().path("error").path("details").path("field").asText())
                .isEqualTo("generate.length");

        expect(200, server.root("PUT", V + "/secrets/app/single", "{\"value\":\"just-one\"}"));
        assertThat(expect(409, server.root("POST", R + "/policies/rot/assign", "{\"secret\":\"app/single\"}"))
                .body()).contains("single value");
        String missing = USER_PREFIX + "missing_" + suffix();
        writeDbSecret("app/ghost", missing, "whatever-1");
        assertThat(expect(409, server.root("POST", R + "/policies/rot/assign", "{\"secret\":\"app/ghost\"}"))
                .body()).contains("has no user " + missing);
        expect(200, server.root("PUT", V + "/secrets/app/half", "{\"type\":\"json\",\"fields\":{\"user\":\""
                + user + "\",\"password\":\"" + old + "\"}}"));
        assertThat(expect(409, server.root("POST", R + "/policies/rot/assign", "{\"secret\":\"app/half\"}"))
                .body()).contains("username");
        databasePolicy("elsewhere", "nowhere", "");
        writeDbSecret("app/db", user, old);
        assertThat(expect(409, server.root("POST", R + "/policies/elsewhere/assign", "{\"secret\":\"app/db\"}"))
                .body()).contains("no database connection nowhere");
        for (String path : List.of("app/single", "app/ghost", "app/half", "app/db")) {
            JsonNode rotation = expect(200, server.root("GET", V + "/secrets/" + path + "/metadata", null)).json()
                    .path("rotation");
            assertThat(rotation.isMissingNode() || rotation.isNull()).as(path + " is covered by no policy").isTrue();
        }

        expect(200, server.root("POST", R + "/policies/rot/assign", "{\"secret\":\"app/db\"}"));
        TestServer.Response rotate = server.root("POST", V + "/secrets/app/db/rotate", "{\"fields\":{\"username\":\""
                + user + "\",\"password\":\"by-hand-" + suffix() + "\"}}");
        assertThat(expect(409, rotate).body()).contains("arca rotation trigger rot");
        assertThat(server.root("GET", V + "/secrets/app/db", null).json().path("version").asInt()).isEqualTo(1);
        assertThat(mariadb(user, old).exitCode()).as("the refused rotate left the user's password").isZero();
    }

    @Test
    void databaseDownDuringSet_theRunFailsAfterItsAttempts_keepsThePassword_andOnceBackARunFinishes()
            throws Exception {
        TestServers.mariadb();
        String old = "old-" + suffix();
        String user = mariadbUser(old);
        try (var proxy = new TcpProxy(3306)) {
            configureMaria("flaky", proxy.port());
            writeDbSecret("app/db", user, old);
            databasePolicy("rot", "flaky", ",\"max_attempts\":2");
            expect(200, server.root("POST", R + "/policies/rot/assign", "{\"secret\":\"app/db\"}"));

            proxy.stop();
            String runId = trigger("rot");
            JsonNode retrying = await(runId, run -> !run.path("error").isMissingNode() && !run.path("error").isNull(),
                    "its first attempt failed");
            assertThat(retrying.path("finished_at").isMissingNode() || retrying.path("finished_at").isNull())
                    .as(retrying.toString()).isTrue();
            assertThat(retrying.path("attempts").asInt()).isEqualTo(1);
            assertThat(Instant.parse(retrying.path("next_attempt_at").asText())).as("30 s after attempt 1")
                    .isEqualTo(clock.instant().plus(Rotator.RETRY));

            clock.advance(Rotator.RETRY.plusSeconds(1));
            JsonNode failed = awaitEnd(runId);
            assertThat(failed.path("status").asText()).as(failed.toString()).isEqualTo("failed");
            assertThat(failed.path("attempts").asInt()).isEqualTo(2);
            String error = failed.path("error").asText();
            assertThat(error).contains("flaky").doesNotContain(old);
            assertThat(failed.toString()).doesNotContain(old);

            JsonNode current = expect(200, server.root("GET", V + "/secrets/app/db", null)).json();
            assertThat(current.path("version").asInt()).isEqualTo(1);
            assertThat(current.path("fields").path("password").asText()).isEqualTo(old);
            TestServers.Ran stillWorks = mariadb(user, old);
            assertThat(stillWorks.exitCode()).as("the stored password still logs in: " + stillWorks.output())
                    .isZero();
            JsonNode rotation = expect(200, server.root("GET", V + "/secrets/app/db/metadata", null)).json()
                    .path("rotation");
            assertThat(rotation.path("last_status").asText()).isEqualTo("failed");
            assertThat(Instant.parse(rotation.path("next_rotation_at").asText())).as("one interval after the failure")
                    .isEqualTo(Instant.parse(failed.path("finished_at").asText()).plus(Duration.ofHours(1)));

            proxy.start();
            JsonNode finished = awaitEnd(trigger("rot"));
            assertThat(finished.path("status").asText()).as(finished.toString()).isEqualTo("finished");
            assertThat(finished.path("version").asInt()).isEqualTo(2);
            String next = expect(200, server.root("GET", V + "/secrets/app/db", null)).json().path("fields")
                    .path("password").asText();
            assertThat(mariadb(user, next).exitCode()).as("the new password logs in").isZero();
            assertThat(mariadb(user, old).exitCode()).as("the old one no longer").isNotZero();
        }
    }

    @Test
    void watchers_hearRotatedWithTheNewPassword_andRotationFailedWithItsError() throws Exception {
        TestServers.mariadb();
        String old = "old-" + suffix();
        String user = mariadbUser(old);
        configureMaria("maria", 3306);
        String secretId = writeDbSecret("app/db", user, old);
        databasePolicy("rot", "maria", "");
        expect(200, server.root("POST", R + "/policies/rot/assign", "{\"secret\":\"app/db\"}"));

        try (var events = stream(secretId)) {
            String runId = trigger("rot");
            EventStreamClient.Message rotated = nextEvent(events);
            assertThat(rotated.type()).as(String.valueOf(rotated.data())).isEqualTo("rotated");
            assertThat(awaitEnd(runId).path("status").asText()).isEqualTo("finished");
            String next = expect(200, server.root("GET", V + "/secrets/app/db", null)).json().path("fields")
                    .path("password").asText();
            assertThat(next).isNotEqualTo(old);
            assertThat(rotated.data().path("secret_id").asText()).isEqualTo(secretId);
            assertThat(rotated.data().path("version").asInt()).isEqualTo(2);
            assertThat(rotated.data().path("fields").path("password").asText()).isEqualTo(next);
            assertThat(rotated.data().path("fields").path("username").asText()).isEqualTo(user);
            assertThat(rotated.data().path("rotation").path("policy").asText()).isEqualTo("rot");
            assertThat(rotated.data().path("rotation").path("run_id").asText()).isEqualTo(runId);

            // the user gone, the password cannot be set: one attempt, and the run fails
            databasePolicy("rot", "maria", ",\"max_attempts\":1");
            try (Connection root = TestServers.rootConnection(TestServers.MARIADB_ROOT_URL)) {
                root.createStatement().execute("DROP USER '" + user + "'@'%'");
            }
            String failingId = trigger("rot");
            EventStreamClient.Message failed = nextEvent(events);
            assertThat(failed.type()).as(String.valueOf(failed.data())).isEqualTo("rotation_failed");
            assertThat(failed.data().path("rotation").path("policy").asText()).isEqualTo("rot");
            assertThat(failed.data().path("rotation").path("run_id").asText()).isEqualTo(failingId);
            String error = failed.data().path("rotation").path("error").asText();
            assertThat(error).isEqualTo(awaitEnd(failingId).path("error").asText()).contains(user)
                    .doesNotContain(next);
            assertThat(failed.data().has("fields")).as("a failure carries no value").isFalse();
            assertThat(failed.data().has("value")).isFalse();
        }
    }

    @Test
    void watchers_hearRotationDue_asAWarnBeforePointPasses() throws Exception {
        String secretId = expect(200, server.root("PUT", V + "/secrets/app/token", "{\"value\":\"first\"}")).json()
                .path("id").asText();
        expect(200, server.root("PUT", R + "/policies/hourly", "{\"interval\":\"1h\",\"warn_before\":[\"10m\"]}"));
        expect(200, server.root("POST", R + "/policies/hourly/assign", "{\"secret\":\"app/token\"}"));
        Instant due = Instant.parse(expect(200, server.root("GET", V + "/secrets/app/token/metadata", null)).json()
                .path("rotation").path("next_rotation_at").asText());
        assertThat(due).isEqualTo(clock.instant().plus(Duration.ofHours(1)));

        try (var events = stream(secretId)) {
            clock.advance(Duration.ofMinutes(51));
            EventStreamClient.Message warned = nextEvent(events);
            assertThat(warned.type()).as(String.valueOf(warned.data())).isEqualTo("rotation_due");
            assertThat(warned.data().path("rotation").path("policy").asText()).isEqualTo("hourly");
            assertThat(Instant.parse(warned.data().path("rotation").path("due_at").asText())).isEqualTo(due);
            assertThat(warned.data().has("value")).as("a warning carries no value").isFalse();
        }
        assertThat(server.root("GET", V + "/secrets/app/token", null).json().path("version").asInt())
                .as("a warning is not a rotation").isEqualTo(1);
    }

    private void configureMaria(String name, int port) {
        expect(200, server.root("PUT", DB + "/config/" + name, "{\"plugin\":\"mysql\",\"connection_url\":"
                + "\"mysql://127.0.0.1:" + port + "\",\"username\":\"root\",\"password\":\"\"}"));
    }

    /** A database policy of {@code connection}, rotating hourly with an hour's grace; {@code more} adds fields. */
    private void databasePolicy(String name, String connection, String more) {
        expect(200, server.root("PUT", R + "/policies/" + name, "{\"interval\":\"1h\",\"kind\":\"database\","
                + "\"database\":{\"connection\":\"" + connection + "\"},\"grace\":\"1h\"" + more + "}"));
    }

    /** Writes a structured secret naming a database user and its password; returns its id. */
    private String writeDbSecret(String path, String username, String password) {
        return expect(200, server.root("PUT", V + "/secrets/" + path, "{\"type\":\"json\",\"fields\":{"
                + "\"username\":\"" + username + "\",\"password\":\"" + password + "\"}}")).json().path("id").asText();
    }

    /** Triggers the policy for what it covers (one secret here); returns the run's id. */
    private String trigger(String policy) {
        JsonNode runs = expect(202, server.root("POST", R + "/policies/" + policy + "/trigger", "{}")).json()
                .path("runs");
        assertThat(runs).hasSize(1);
        return runs.get(0).path("id").asText();
    }

    private JsonNode awaitEnd(String runId) throws InterruptedException {
        return await(runId, run -> !run.path("finished_at").isMissingNode() && !run.path("finished_at").isNull(),
                "it ended");
    }

    private JsonNode await(String runId, Predicate<JsonNode> until, String what) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_DEADLINE.toNanos();
        JsonNode run;
        do {
            run = expect(200, server.root("GET", R + "/runs/" + runId, null)).json();
            if (until.test(run)) {
                return run;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("run " + runId + ": not " + what + " within " + RUN_DEADLINE + ": " + run);
    }

    private EventStreamClient stream(String secretId) throws InterruptedException {
        var events = EventStreamClient.open(server.address(), V + "/events?secrets=" + secretId,
                Map.of("Authorization", "Bearer " + server.rootToken));
        assertThat(events.status).isEqualTo(200);
        assertThat(events.next(EVENT_DEADLINE).comment()).startsWith("watching");
        return events;
    }

    /** The next event within {@link #EVENT_DEADLINE} in all, heartbeats skipped. */
    private static EventStreamClient.Message nextEvent(EventStreamClient events) throws InterruptedException {
        long deadline = System.nanoTime() + EVENT_DEADLINE.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no event within " + EVENT_DEADLINE);
            }
            EventStreamClient.Message message = events.next(Duration.ofNanos(left));
            if (message.comment() == null) {
                return message;
            }
        }
    }

    /** A MariaDB user {@code arca_it_rot_…}@'%' with {@code password}, dropped after the test. */
    private String mariadbUser(String password) throws SQLException {
        String user = USER_PREFIX + suffix();
        mariadbUsers.add(user);
        try (Connection root = TestServers.rootConnection(TestServers.MARIADB_ROOT_URL)) {
            root.createStatement().execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'");
        }
        return user;
    }

    /** A PostgreSQL login role {@code arca_it_rot_…} with {@code password}, dropped after the test. */
    private String postgresRole(String password) throws SQLException {
        String role = USER_PREFIX + suffix();
        postgresRoles.add(role);
        try (Connection root = TestServers.rootConnection(TestServers.POSTGRES_ROOT_URL)) {
            root.createStatement().execute("CREATE ROLE \"" + role + "\" WITH LOGIN PASSWORD '" + password + "'");
        }
        return role;
    }

    /** The real client, as an application's operator would log in. */
    private static TestServers.Ran mariadb(String user, String password) throws Exception {
        return TestServers.run(List.of(TestServers.binary("mariadb"), "-h", "127.0.0.1", "-P", "3306", "-u", user,
                "-p" + password, "--skip-ssl", "-N", "-e", "select current_user()"), Map.of());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
