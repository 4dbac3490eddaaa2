package dev.arca.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import dev.arca.server.storage.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database engine over HTTP against the real PostgreSQL on 127.0.0.1:5432 (skipped loudly when absent, failing
 * with {@code ARCA_REQUIRE_POSTGRES=1}): configure, role, credentials, log in, renew, release, and the bad inputs.
 * This PostgreSQL trusts every login from 127.0.0.1 (pg_hba {@code trust}), so a login proves the user exists and
 * may connect, not its password; revocation shows as "role does not exist".
 */
class DatabasePostgresIT {
    private static final String DB = "/v1/vaults/default/database";
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    @TempDir
    Path dir;
    TestServer server;
    final List<Connection> opened = new ArrayList<>();

    @BeforeEach
    void start() throws SQLException {
        Assumptions.assumeTrue(postgresReachable(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        server = TestServer.start(dir.resolve("server")).initAndUnseal();
        try (Connection admin = DriverManager.getConnection(ADMIN_URL)) {
            admin.createStatement().execute("CREATE TABLE IF NOT EXISTS arca_it_items (id int)");
        }
        expect(200, server.root("PUT", DB + "/config/pg", """
                {"plugin":"postgresql","connection_url":"postgresql://127.0.0.1:5432/test","username":"postgres",
                 "password":"root-secret-9f2c","allowed_roles":["ro","temp"]}"""));
    }

    @AfterEach
    void stop() throws SQLException {
        for (Connection connection : opened) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void credentials_logIn_renewMovesValidUntil_releaseDropsTheUserAndItsSession() throws Exception {
        expect(200, server.root("PUT", DB + "/roles/ro", "{\"connection\":\"pg\",\"default_ttl\":\"10m\","
                + "\"max_ttl\":\"1h\"}"));
        JsonNode creds = expect(200, server.root("GET", DB + "/creds/ro", null)).json();
        String user = creds.path("data").path("username").asText();
        String password = creds.path("data").path("password").asText();
        assertThat(user).startsWith("v_ro_");
        assertThat(password).hasSize(24);
        assertThat(creds.path("data").path("connection_url").asText())
                .isEqualTo("postgresql://" + user + "@127.0.0.1:5432/test");
        assertThat(creds.path("lease_duration").asLong()).isEqualTo(600);

        Connection session = login(user, password);
        assertThat(session.createStatement().executeQuery("SELECT count(*) FROM arca_it_items").next()).isTrue();
        Instant validUntil = validUntil(user);
        assertThat(validUntil).isBetween(Instant.now().plusSeconds(590), Instant.now().plusSeconds(610));

        String leaseId = creds.path("lease_id").asText();
        JsonNode renewed = expect(200, server.root("POST", "/v1/leases/renew", "{\"lease_id\":\"" + leaseId
                + "\",\"increment\":\"30m\"}")).json();
        assertThat(renewed.path("kind").asText()).isEqualTo("database");
        assertThat(validUntil(user)).isBetween(Instant.now().plusSeconds(1790), Instant.now().plusSeconds(1810));

        expect(204, server.root("POST", "/v1/leases/release", "{\"lease_id\":\"" + leaseId + "\"}"));
        assertThat(roleExists(user)).isFalse();
        assertThatThrownBy(() -> session.createStatement().executeQuery("SELECT 1"))
                .as("the open session was terminated").isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> login(user, password)).isInstanceOf(SQLException.class)
                .hasMessageContaining("does not exist");
        assertThat(expect(410, server.root("GET", "/v1/leases/" + leaseId, null)).body()).contains("has ended");
    }

    @Test
    void aUserWhoOwnsATableAndHoldsGrants_isDroppedCleanly_asIsOneDroppedByHand() throws Exception {
        expect(200, server.root("PUT", DB + "/roles/temp", """
                {"connection":"pg","creation_statements":[
                  "CREATE ROLE \\"{{name}}\\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
                  "GRANT CREATE ON SCHEMA public TO \\"{{name}}\\";",
                  "GRANT SELECT ON arca_it_items TO \\"{{name}}\\";"]}"""));
        JsonNode owner = expect(200, server.root("POST", DB + "/creds/temp", "{}")).json();
        String user = owner.path("data").path("username").asText();
        try (Connection session = login(user, "x")) {
            session.createStatement().execute("CREATE TABLE \"" + user + "_owned\" (id int)");
        }
        release(owner);
        assertThat(roleExists(user)).isFalse();

        JsonNode gone = expect(200, server.root("POST", DB + "/creds/temp", "{}")).json();
        String byHand = gone.path("data").path("username").asText();
        try (Connection admin = DriverManager.getConnection(ADMIN_URL)) {
            admin.createStatement().execute("REVOKE ALL ON arca_it_items FROM \"" + byHand + "\"");
            admin.createStatement().execute("REVOKE ALL ON SCHEMA public FROM \"" + byHand + "\"");
            admin.createStatement().execute("DROP ROLE \"" + byHand + "\"");
        }
        release(gone);
        assertThat(expect(200, server.root("GET", "/v1/vaults/default/leases/irrevocable", null)).json()
                .path("data")).as("a user already gone counts as revoked, not as a failure").isEmpty();
    }

    @Test
    void badInput_isRefusedWithWhatToFix_andChangesNothing() throws Exception {
        TestServer.Response injection = server.root("PUT", DB + "/roles/x';DROP", "{\"connection\":\"pg\"}");
        assertThat(injection.status()).isIn(400, 404);
        TestServer.Response template = server.root("PUT", DB + "/roles/evil", "{\"connection\":\"pg\","
                + "\"username_template\":\"x'; DROP TABLE arca_it_items; --{{random 4}}\"}");
        assertThat(expect(400, template).body()).contains("username_template");
        TestServer.Response syntax = server.root("PUT", DB + "/roles/broken", "{\"connection\":\"pg\","
                + "\"creation_statements\":[\"CREAT ROLE \\\"{{name}}\\\" PASSWORD '{{password}}'\"]}");
        assertThat(expect(400, syntax).body()).contains("creation_statements").contains("syntax error");
        expect(404, server.root("GET", DB + "/roles/broken", null));
        assertThat(server.root("GET", DB + "/config/pg", null).body()).doesNotContain("root-secret-9f2c")
                .doesNotContain("password\"");
        assertThat(expect(400, server.root("PUT", DB + "/config/bad", "{\"plugin\":\"oracle\","
                + "\"connection_url\":\"x://y\",\"username\":\"u\",\"password\":\"p\"}")).body()).contains("plugin");

        expect(200, server.root("PUT", DB + "/roles/other", "{\"connection\":\"pg\"}"));
        TestServer.Response notAllowed = server.root("GET", DB + "/creds/other", null);
        assertThat(expect(403, notAllowed).body()).contains("allowed_roles");

        expect(200, server.root("PUT", DB + "/roles/ro", "{\"connection\":\"pg\",\"max_ttl\":\"1h\"}"));
        JsonNode clamped = expect(200, server.root("GET", DB + "/creds/ro?ttl=48h", null)).json();
        assertThat(clamped.path("lease_duration").asLong()).isEqualTo(3600);
        assertThat(clamped.path("warnings").get(0).asText()).contains("clamped to 1h");
        release(clamped);
        try (Connection admin = DriverManager.getConnection(ADMIN_URL)) {
            assertThat(admin.createStatement().executeQuery("SELECT 1 FROM pg_tables WHERE tablename = "
                    + "'arca_it_items'").next()).as("the injection attempt dropped nothing").isTrue();
        }
        String issued = clamped.path("data").path("password").asText();
        try (var files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                assertThat(bytes).as("%s holds no password in plaintext", file).doesNotContain("root-secret-9f2c")
                        .doesNotContain(issued);
            }
        }
    }

    @Test
    void databaseDown_answers503SayingSo() {
        expect(200, server.root("PUT", DB + "/config/down", """
                {"plugin":"postgresql","connection_url":"postgresql://127.0.0.1:1/test","username":"postgres",
                 "password":"x","allowed_roles":["*"],"verify_connection":false}"""));
        TestServer.Response role = server.root("PUT", DB + "/roles/later", "{\"connection\":\"down\"}");
        assertThat(expect(503, role).body()).contains("unavailable");
        TestServer.Response verify = expect(400, server.root("PUT", DB + "/config/down2", """
                {"plugin":"postgresql","connection_url":"postgresql://127.0.0.1:1/test","username":"postgres",
                 "password":"x"}"""));
        assertThat(verify.body()).contains("verify_connection");
    }

    @Test
    void databaseDownThenBack_credsAre503Meanwhile_andARevocationDueThenSucceedsOnceItIsBack() throws Exception {
        try (var proxy = new TcpProxy(5432)) {
            expect(200, server.root("PUT", DB + "/config/flaky", "{\"plugin\":\"postgresql\",\"connection_url\":"
                    + "\"postgresql://127.0.0.1:" + proxy.port() + "/test\",\"username\":\"postgres\","
                    + "\"password\":\"x\",\"allowed_roles\":[\"flaky\"]}"));
            expect(200, server.root("PUT", DB + "/roles/flaky", "{\"connection\":\"flaky\"}"));
            JsonNode creds = expect(200, server.root("GET", DB + "/creds/flaky", null)).json();
            String user = creds.path("data").path("username").asText();

            proxy.stop();
            assertThat(expect(503, server.root("GET", DB + "/creds/flaky", null)).body())
                    .contains("flaky is unavailable");
            expect(204, server.root("POST", "/v1/leases/release", "{\"lease_id\":\""
                    + creds.path("lease_id").asText() + "\"}"));
            assertThat(roleExists(user)).as("the database was down: the user is still owed its drop").isTrue();

            proxy.start();
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (roleExists(user) && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            assertThat(roleExists(user)).as("dropped by the retries once the database is back").isFalse();
            release(expect(200, server.root("GET", DB + "/creds/flaky", null)).json());
        }
    }

    @Test
    void aConnectionWithOwedLeases_cannotBeDeleted_butItsRoleCanAndTheLeaseStillRevokes() throws Exception {
        expect(200, server.root("PUT", DB + "/roles/temp", "{\"connection\":\"pg\"}"));
        JsonNode creds = expect(200, server.root("GET", DB + "/creds/temp", null)).json();
        expect(204, server.root("DELETE", DB + "/roles/temp", null));
        assertThat(expect(409, server.root("DELETE", DB + "/config/pg", null)).body()).contains("lease");
        release(creds);
        assertThat(roleExists(creds.path("data").path("username").asText())).isFalse();
        expect(204, server.root("DELETE", DB + "/config/pg", null));
    }

    private void release(JsonNode creds) {
        expect(204, server.root("POST", "/v1/leases/release", "{\"lease_id\":\"" + creds.path("lease_id").asText()
                + "\"}"));
    }

    private Connection login(String user, String password) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", user, password);
        opened.add(connection);
        return connection;
    }

    private static boolean roleExists(String user) throws SQLException {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL);
                var query = admin.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, user);
            return query.executeQuery().next();
        }
    }

    private static Instant validUntil(String user) throws SQLException {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL);
                var query = admin.prepareStatement("SELECT rolvaliduntil FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, user);
            var rs = query.executeQuery();
            assertThat(rs.next()).isTrue();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static boolean postgresReachable() {
        Optional<String> fresh = TestDatabases.freshPostgres();
        return fresh.isPresent();
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
