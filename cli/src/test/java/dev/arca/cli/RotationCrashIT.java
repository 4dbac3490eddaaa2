package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.storage.TestDatabases;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real server process while a rotation policy changes a MariaDB user's password: the kill lands
 * after {@code ALTER USER} took the new password and before the run recorded it (the policy's rotation statements
 * end with {@code DO SLEEP}). After a restart and unseal, the run is taken over once its claim lapses, and the
 * stored password is the one that logs in — on SQLite and on PostgreSQL storage. MariaDB checks passwords, so the
 * logins prove which one the database holds.
 */
@Tag("fault")
class RotationCrashIT {
    private static final String V = "/v1/vaults/default";
    private static final String ROOT_URL = "jdbc:mariadb://127.0.0.1:3306/?user=root&sslMode=disable";
    private static final String START_PASSWORD = "start-Pass-4f1c9";

    @TempDir
    Path dir;
    private final String user = "crash_rot_" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);

    @AfterEach
    void dropUser() throws SQLException {
        if (reachable()) {
            root("DROP USER IF EXISTS '" + user + "'@'%'");
        }
    }

    @Test
    void killDashNine_afterTheDatabaseTookTheNewPassword_storedAndDatabaseAgreeAfterRestart_onSqlite()
            throws Exception {
        requireMariadb();
        crashAndRecover(null);
    }

    @Test
    void killDashNine_afterTheDatabaseTookTheNewPassword_storedAndDatabaseAgreeAfterRestart_onPostgres()
            throws Exception {
        requireMariadb();
        Optional<String> storage = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(storage.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        crashAndRecover(storage.get());
    }

    private void crashAndRecover(String storage) throws Exception {
        root("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + START_PASSWORD + "'");
        int port = ArcaProcess.freePort();
        List<String> keys = new ArrayList<>();
        String token;
        String runId;
        try (var server = ArcaProcess.start(dir, port, storage)) {
            JsonNode init = expect(200, server.send("POST", "/v1/sys/init", null, "{\"shares\":1,\"threshold\":1}"));
            init.path("unseal_keys").forEach(k -> keys.add(k.asText()));
            token = init.path("root_token").asText();
            expect(200, server.send("POST", "/v1/sys/unseal", null, "{\"key\":\"" + keys.getFirst() + "\"}"));
            expect(201, server.send("POST", "/v1/vaults", token, "{\"name\":\"default\"}"));
            expect(201, server.send("POST", V + "/projects", token, "{\"name\":\"app\"}"));
            expect(200, server.send("PUT", V + "/database/config/maria", token, "{\"plugin\":\"mysql\","
                    + "\"connection_url\":\"mysql://127.0.0.1:3306\",\"username\":\"root\",\"password\":\"\"}"));
            expect(200, server.send("PUT", V + "/secrets/app/db", token, "{\"type\":\"json\",\"fields\":"
                    + "{\"username\":\"" + user + "\",\"password\":\"" + START_PASSWORD + "\"}}"));
            expect(200, server.send("PUT", V + "/rotation/policies/db", token, "{\"interval\":\"1h\","
                    + "\"kind\":\"database\",\"database\":{\"connection\":\"maria\",\"rotation_statements\":["
                    + "\"ALTER USER '{{name}}'@'%' IDENTIFIED BY '{{password}}'\",\"DO SLEEP(3)\"]}}"));
            expect(200, server.send("POST", V + "/rotation/policies/db/assign", token, "{\"secret\":\"app/db\"}"));
            runId = expect(202, server.send("POST", V + "/rotation/policies/db/trigger", token, "{}"))
                    .path("runs").get(0).path("id").asText();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (logsIn(START_PASSWORD) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(logsIn(START_PASSWORD)).as("ALTER USER ran: the start password no longer logs in; run "
                    + server.send("GET", V + "/rotation/runs/" + runId, token, null).body() + "\n"
                    + java.nio.file.Files.readString(dir.resolve("server.log"))).isFalse();
            server.kill();
        }

        try (var restarted = ArcaProcess.start(dir, port, storage)) {
            expect(200, restarted.send("POST", "/v1/sys/unseal", null, "{\"key\":\"" + keys.getFirst() + "\"}"));
            JsonNode run = awaitEnd(restarted, token, runId);
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("finished");
            JsonNode secret = expect(200, restarted.send("GET", V + "/secrets/app/db", token, null));
            assertThat(secret.path("version").asInt()).isEqualTo(2);
            String stored = secret.path("fields").path("password").asText();
            assertThat(stored).isNotEqualTo(START_PASSWORD);
            assertThat(logsIn(stored)).as("the stored password is the one the database holds").isTrue();
            assertThat(logsIn(START_PASSWORD)).isFalse();
            JsonNode history = expect(200, restarted.send("GET", V + "/rotation/runs?secret=app/db", token, null));
            assertThat(history.path("data")).as("one run, finished once").hasSize(1);
        }
    }

    /** The run's end, once the restarted node took it over (its claim lapses 15 s after the kill at most). */
    private static JsonNode awaitEnd(ArcaProcess server, String token, String runId) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode run;
        do {
            Thread.sleep(250);
            run = expect(200, server.send("GET", V + "/rotation/runs/" + runId, token, null));
        } while ((run.path("finished_at").isNull() || run.path("finished_at").isMissingNode())
                && System.nanoTime() < deadline);
        return run;
    }

    private boolean logsIn(String password) {
        try (Connection c = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/?sslMode=disable", user,
                password)) {
            return c.isValid(2);
        } catch (SQLException refused) {
            return false;
        }
    }

    private static void root(String sql) throws SQLException {
        try (Connection admin = DriverManager.getConnection(ROOT_URL)) {
            admin.createStatement().execute(sql);
        }
    }

    private static boolean reachable() {
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", 3306), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void requireMariadb() {
        boolean up = reachable();
        if (!up && "1".equals(System.getenv("ARCA_REQUIRE_MARIADB"))) {
            throw new IllegalStateException("MariaDB on 127.0.0.1:3306 is required (ARCA_REQUIRE_MARIADB=1) but not "
                    + "reachable");
        }
        Assumptions.assumeTrue(up, "MariaDB on 127.0.0.1:3306 is not reachable: skipping");
    }

    private static JsonNode expect(int status, ArcaProcess.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return answer.json();
    }
}
