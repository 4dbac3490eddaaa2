package dev.arca.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database engine over HTTP against the real MariaDB on 127.0.0.1:3306 (root, no password; skipped loudly when
 * absent, failing with {@code ARCA_REQUIRE_MARIADB=1}): configure, role, credentials, log in with the
 * {@code mariadb} client, renew, release, the bad inputs, and rotate-root with an admin user of the test's own (the
 * shared root must keep its empty password).
 */
class DatabaseMariadbIT {
    private static final String DB = "/v1/vaults/default/database";
    private static final String ADMIN = "arca_it_admin";
    private static final String ADMIN_PASSWORD = "it-admin-7c1e";

    @TempDir
    Path dir;
    TestServer server;
    final List<Connection> opened = new ArrayList<>();

    @BeforeEach
    void start() {
        TestServers.mariadb();
        server = TestServer.start(dir.resolve("server")).initAndUnseal();
        expect(200, server.root("PUT", DB + "/config/maria", """
                {"plugin":"mysql","connection_url":"mysql://127.0.0.1:3306","username":"root","password":"",
                 "allowed_roles":["ro","broken"]}"""));
    }

    @AfterEach
    void stop() throws SQLException {
        for (Connection connection : opened) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
        try (Connection root = TestServers.rootConnection(TestServers.MARIADB_ROOT_URL)) {
            root.createStatement().execute("DROP USER IF EXISTS '" + ADMIN + "'@'%'");
        }
    }

    @Test
    void credentials_logIn_renewMovesTheExpiry_releaseDropsTheUserAndKillsItsSession() throws Exception {
        expect(200, server.root("PUT", DB + "/roles/ro", "{\"connection\":\"maria\",\"default_ttl\":\"10m\","
                + "\"max_ttl\":\"1h\"}"));
        JsonNode creds = expect(200, server.root("GET", DB + "/creds/ro", null)).json();
        String user = creds.path("data").path("username").asText();
        String password = creds.path("data").path("password").asText();
        assertThat(user).startsWith("v_ro_");
        assertThat(password).hasSize(24);
        assertThat(creds.path("data").path("connection_url").asText()).isEqualTo("mysql://" + user
                + "@127.0.0.1:3306");
        assertThat(creds.path("lease_duration").asLong()).isEqualTo(600);

        TestServers.Ran cli = mariadb(user, password);
        assertThat(cli.exitCode()).as(cli.output()).isZero();
        assertThat(cli.output().strip()).isEqualTo("1");
        Connection session = login(user, password);

        String leaseId = creds.path("lease_id").asText();
        JsonNode renewed = expect(200, server.root("POST", "/v1/leases/renew", "{\"lease_id\":\"" + leaseId
                + "\",\"increment\":\"30m\"}")).json();
        assertThat(renewed.path("kind").asText()).isEqualTo("database");
        assertThat(Instant.parse(renewed.path("expires_at").asText()))
                .isBetween(Instant.now().plusSeconds(1790), Instant.now().plusSeconds(1810));
        assertThat(mariadb(user, password).exitCode()).as("the user still logs in after renew").isZero();

        expect(204, server.root("POST", "/v1/leases/release", "{\"lease_id\":\"" + leaseId + "\"}"));
        assertThat(userExists(user)).isFalse();
        TestServers.Ran refused = mariadb(user, password);
        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("Access denied");
        assertSessionDies(session);
        assertThat(expect(410, server.root("GET", "/v1/leases/" + leaseId, null)).body()).contains("has ended");
    }

    @Test
    void aRoleNotAllowed_is403_andACreationStatementWithASyntaxError_is400WithMariadbsMessage() throws Exception {
        expect(200, server.root("PUT", DB + "/roles/other", "{\"connection\":\"maria\"}"));
        assertThat(expect(403, server.root("GET", DB + "/creds/other", null)).body()).contains("allowed_roles");

        TestServer.Response syntax = server.root("PUT", DB + "/roles/broken", "{\"connection\":\"maria\","
                + "\"creation_statements\":[\"CREAT USER '{{name}}'@'%' IDENTIFIED BY '{{password}}'\"]}");
        assertThat(expect(400, syntax).body()).contains("creation_statements").contains("SQL syntax");
        expect(404, server.root("GET", DB + "/roles/broken", null));
        try (Connection root = TestServers.rootConnection(TestServers.MARIADB_ROOT_URL);
                var scratch = root.createStatement().executeQuery("SELECT User FROM mysql.user WHERE User LIKE "
                        + "'v\\_broken\\_%'")) {
            assertThat(scratch.next()).as("checking the statements left no user behind").isFalse();
        }
    }

    @Test
    void rotateRoot_theOldPasswordNoLongerLogsIn_andCredentialsStillWork() throws Exception {
        try (Connection root = TestServers.rootConnection(TestServers.MARIADB_ROOT_URL)) {
            Statement statement = root.createStatement();
            statement.execute("DROP USER IF EXISTS '" + ADMIN + "'@'%'");
            statement.execute("CREATE USER '" + ADMIN + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "'");
            statement.execute("GRANT ALL ON *.* TO '" + ADMIN + "'@'%' WITH GRANT OPTION");
        }
        assertThat(mariadb(ADMIN, ADMIN_PASSWORD).exitCode()).as("the admin logs in before the rotation").isZero();
        expect(200, server.root("PUT", DB + "/config/admin", "{\"plugin\":\"mysql\",\"connection_url\":"
                + "\"mysql://127.0.0.1:3306\",\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD
                + "\",\"allowed_roles\":[\"rot\"]}"));
        expect(200, server.root("PUT", DB + "/roles/rot", "{\"connection\":\"admin\"}"));

        JsonNode rotated = expect(200, server.root("POST", DB + "/rotate-root/admin", null)).json();
        assertThat(rotated.path("name").asText()).isEqualTo("admin");
        assertThat(rotated.toString()).doesNotContain(ADMIN_PASSWORD);

        TestServers.Ran old = mariadb(ADMIN, ADMIN_PASSWORD);
        assertThat(old.exitCode()).as("the old root password no longer logs in: " + old.output()).isNotZero();
        assertThat(old.output()).contains("Access denied");
        JsonNode creds = expect(200, server.root("GET", DB + "/creds/rot", null)).json();
        String user = creds.path("data").path("username").asText();
        assertThat(mariadb(user, creds.path("data").path("password").asText()).exitCode()).isZero();
        expect(204, server.root("POST", DB + "/config/admin/verify", null));
        expect(204, server.root("POST", "/v1/leases/release", "{\"lease_id\":\"" + creds.path("lease_id").asText()
                + "\"}"));
        assertThat(userExists(user)).as("revocation logs in with the rotated password").isFalse();
    }

    @Test
    void staticRole_setsTheExistingUsersPasswordAtOnce_rotatesOnDemand_andDeleteKeepsTheUser() throws Exception {
        String user = "arca_it_static";
        try (Connection root = TestServers.rootConnection(TestServers.MARIADB_ROOT_URL)) {
            Statement statement = root.createStatement();
            statement.execute("DROP USER IF EXISTS '" + user + "'@'%'");
            statement.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'set-by-hand-1'");
        }
        try {
            expect(400, server.root("PUT", DB + "/static-roles/nobody", "{\"connection\":\"maria\","
                    + "\"username\":\"arca_it_missing\"}"));
            assertThat(expect(400, server.root("PUT", DB + "/static-roles/fast", "{\"connection\":\"maria\","
                    + "\"username\":\"" + user + "\",\"rotation_period\":\"10s\"}")).body())
                    .contains("rotation_period");
            JsonNode role = expect(200, server.root("PUT", DB + "/static-roles/app", "{\"connection\":\"maria\","
                    + "\"username\":\"" + user + "\",\"rotation_period\":\"1h\"}")).json();
            assertThat(role.path("last_rotated_at").asText()).isNotEmpty();
            assertThat(mariadb(user, "set-by-hand-1").exitCode()).as("the hand-set password is replaced").isNotZero();

            JsonNode creds = expect(200, server.root("GET", DB + "/static-creds/app", null)).json();
            String first = creds.path("password").asText();
            assertThat(creds.path("username").asText()).isEqualTo(user);
            assertThat(creds.path("ttl").asLong()).isBetween(3500L, 3600L);
            assertThat(mariadb(user, first).exitCode()).isZero();

            expect(200, server.root("POST", DB + "/rotate-role/app", null));
            String second = expect(200, server.root("GET", DB + "/static-creds/app", null)).json().path("password")
                    .asText();
            assertThat(second).isNotEqualTo(first);
            assertThat(mariadb(user, second).exitCode()).isZero();
            assertThat(mariadb(user, first).exitCode()).as("the previous password no longer works").isNotZero();
            assertThat(expect(409, server.root("DELETE", DB + "/config/maria", null)).body()).contains("static role");

            expect(204, server.root("DELETE", DB + "/static-roles/app", null));
            expect(404, server.root("GET", DB + "/static-creds/app", null));
            assertThat(userExists(user)).as("the user stays in the database").isTrue();
        } finally {
            try (Connection root = TestServers.rootConnection(TestServers.MARIADB_ROOT_URL)) {
                root.createStatement().execute("DROP USER IF EXISTS '" + user + "'@'%'");
            }
        }
    }

    private Connection login(String user, String password) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/?sslMode=disable", user,
                password);
        opened.add(connection);
        return connection;
    }

    /** The real client, as an application's operator would log in. */
    private static TestServers.Ran mariadb(String user, String password) throws Exception {
        return TestServers.run(List.of(TestServers.binary("mariadb"), "-h", "127.0.0.1", "-P", "3306", "-u", user,
                "-p" + password, "--skip-ssl", "-N", "-e", "select 1"), Map.of());
    }

    private static boolean userExists(String user) throws SQLException {
        try (Connection root = TestServers.rootConnection(TestServers.MARIADB_ROOT_URL);
                var query = root.prepareStatement("SELECT 1 FROM mysql.user WHERE User = ?")) {
            query.setString(1, user);
            return query.executeQuery().next();
        }
    }

    /** A killed connection's client learns it on its next statement; one that still answers after 5 s survived. */
    private static void assertSessionDies(Connection session) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement statement = session.createStatement()) {
                statement.execute("SELECT 1");
            } catch (SQLException dead) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the session opened before the release still answers");
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
