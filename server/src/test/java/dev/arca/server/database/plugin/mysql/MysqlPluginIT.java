package dev.arca.server.database.plugin.mysql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.arca.api.SecretText;
import dev.arca.server.database.TestServers;
import dev.arca.server.database.plugin.ConnectionSettings;
import dev.arca.server.database.plugin.DatabaseClient;
import dev.arca.server.database.plugin.DatabaseException;
import dev.arca.server.database.plugin.NewUser;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MariaDB/MySQL plugin against the real MariaDB (10.11) on 127.0.0.1:3306. MariaDB checks passwords for
 * every account here (only root@127.0.0.1 has an empty one), so a login with the wrong password is refused and a
 * login proves the password.
 */
class MysqlPluginIT {
    private static final String PREFIX = "arca_it_";
    private static final String USER_URL = "jdbc:mariadb://127.0.0.1:3306/?sslMode=disable";

    private final MysqlPlugin plugin = new MysqlPlugin();
    private DatabaseClient client;
    private String schema;

    @BeforeEach
    void open() throws SQLException {
        client = plugin.open(TestServers.mariadb());
        schema = PREFIX + "db_" + suffix();
        root("CREATE DATABASE " + schema, "CREATE TABLE " + schema + ".t (id int)",
                "INSERT INTO " + schema + ".t VALUES (42)");
    }

    @AfterEach
    void cleanUp() throws SQLException {
        for (String user : client.usersStartingWith(PREFIX)) {
            client.revoke(user, List.of());
        }
        root("DROP DATABASE IF EXISTS " + schema);
        client.close();
    }

    @Test
    void create_userLogsInWithTheMariadbClientAndReadsATable() throws Exception {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());

        var cli = mariadb(user, "select id from " + schema + ".t");
        assertEquals(0, cli.exitCode(), cli.output());
        assertTrue(cli.output().contains("42"), cli.output());
        var wrong = mariadb(new NewUser(user.username(), SecretText.of("wrong-password"), user.expiration()),
                "select 1");
        assertNotEquals(0, wrong.exitCode(), "a wrong password is refused: " + wrong.output());
        assertTrue(wrong.output().contains("Access denied"), wrong.output());
    }

    @Test
    void create_failingMidway_rollsTheUserBack() {
        NewUser user = newUser();
        var failed = assertThrows(DatabaseException.Failed.class, () -> client.create(user, List.of(
                plugin.defaults().creation().getFirst(), "GRANT BOGUS ON *.* TO '{{name}}'@'%'")));

        assertTrue(failed.getMessage().contains("SQL syntax"), failed.getMessage());
        assertFalse(client.exists(user.username()), "the rollback dropped the half-made user");
    }

    @Test
    void create_existingName_failsAndKeepsTheUser() throws Exception {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());
        var again = new NewUser(user.username(), SecretText.of("another-password-1"), user.expiration());

        assertThrows(DatabaseException.Failed.class, () -> client.create(again, plugin.defaults().creation()));
        assertTrue(client.exists(user.username()));
        assertEquals(0, mariadb(user, "select 1").exitCode(), "the first password still logs in");
    }

    @Test
    void revoke_refusesLoginsAndKillsAnOpenSession() throws Exception {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());
        try (Connection session = login(user)) {
            session.createStatement().execute("SELECT 1");

            client.revoke(user.username(), List.of());

            assertSessionDies(session);
        }
        assertFalse(client.exists(user.username()));
        var cli = mariadb(user, "select 1");
        assertNotEquals(0, cli.exitCode(), cli.output());
        assertTrue(cli.output().contains("Access denied"), cli.output());
    }

    @Test
    void revoke_withTheRolesOwnStatements_stillKillsAnOpenSession() throws Exception {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());
        try (Connection session = login(user)) {
            client.revoke(user.username(), List.of("DROP USER '{{name}}'@'%'"));

            assertSessionDies(session);
        }
        assertFalse(client.exists(user.username()));
    }

    @Test
    void revokeTwice_succeeds() {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());

        client.revoke(user.username(), List.of());
        client.revoke(user.username(), List.of());

        assertFalse(client.exists(user.username()));
    }

    @Test
    void revoke_ofAUserDroppedByHand_succeedsAndStillKillsItsSession() throws Exception {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());
        try (Connection session = login(user)) {
            root("DROP USER '" + user.username() + "'@'%'");
            session.createStatement().execute("SELECT 1");

            client.revoke(user.username(), List.of());

            assertSessionDies(session);
        }
        assertFalse(client.exists(user.username()));
    }

    @Test
    void renew_isANoOpThatKeepsTheUser() throws Exception {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());

        client.renew(user.username(), user.expiration().plus(Duration.ofDays(1)), List.of());

        assertEquals(0, mariadb(user, "select 1").exitCode());
    }

    @Test
    void check_syntaxError_failsWithMariadbMessageAndNoPassword() {
        var failed = assertThrows(DatabaseException.Failed.class, () -> client.check(List.of(
                "CREATE USER '{{name}}'@'%' BOGUS IDENTIFIED BY '{{password}}'")));

        assertTrue(failed.getMessage().contains("You have an error in your SQL syntax"), failed.getMessage());
        // MariaDB quotes the statement from the error on, the scratch user's password with it.
        assertTrue(failed.getMessage().contains("[redacted]"), failed.getMessage());
        assertEquals(List.of(), client.usersStartingWith("arca_check_"));
    }

    @Test
    void check_validStatements_leavesNothingBehind() {
        client.check(plugin.defaults().creation());

        assertEquals(List.of(), client.usersStartingWith("arca_check_"));
    }

    @Test
    void setPassword_replacesThePassword() throws Exception {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());
        var next = new NewUser(user.username(), SecretText.of("next-" + suffix()), user.expiration());

        client.setPassword(user.username(), next.password(), List.of());

        assertEquals(0, mariadb(next, "select 1").exitCode(), "the new password logs in");
        assertNotEquals(0, mariadb(user, "select 1").exitCode(), "the old one does not");
    }

    @Test
    void usersStartingWith_findsOnlyThatPrefix() {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());

        assertEquals(List.of(user.username()), client.usersStartingWith(user.username()));
        assertEquals(List.of(), client.usersStartingWith(user.username().replace('_', 'x')));
    }

    @Test
    void unreachablePort_isUnavailable() {
        var settings = new ConnectionSettings("mysql://127.0.0.1:1", "root", SecretText.of(""), 1,
                Duration.ofSeconds(1), ConnectionSettings.Tls.OFF);
        try (DatabaseClient down = plugin.open(settings)) {
            assertThrows(DatabaseException.Unavailable.class, down::verify);
        }
    }

    @Test
    void wrongRootPassword_isUnavailableAndDoesNotShowIt() {
        var password = SecretText.of("wrong-root-" + suffix());
        var settings = new ConnectionSettings("mysql://127.0.0.1:3306", "root", password, 1, Duration.ofSeconds(2),
                ConnectionSettings.Tls.OFF);
        try (DatabaseClient refused = plugin.open(settings)) {
            var unavailable = assertThrows(DatabaseException.Unavailable.class, refused::verify);
            assertTrue(unavailable.getMessage().contains("Access denied"), unavailable.getMessage());
            assertFalse(unavailable.getMessage().contains(password.reveal()), unavailable.getMessage());
        }
    }

    /** The server here runs without TLS, so a client that really asks for TLS cannot log in. */
    @Test
    void tlsEnabled_reachesTheDriver_andAServerWithoutTlsIsUnavailable() {
        var settings = new ConnectionSettings("mysql://127.0.0.1:3306", "root", SecretText.of(""), 1,
                Duration.ofSeconds(2), new ConnectionSettings.Tls(true, null, true));
        try (DatabaseClient tls = plugin.open(settings)) {
            var unavailable = assertThrows(DatabaseException.Unavailable.class, tls::verify);
            assertTrue(unavailable.getMessage().toLowerCase(Locale.ROOT).contains("ssl"), unavailable.getMessage());
        }
    }

    private static NewUser newUser() {
        return new NewUser(PREFIX + suffix(), SecretText.of("pw-" + UUID.randomUUID()),
                Instant.now().plus(Duration.ofHours(1)));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
    }

    private static Connection login(NewUser user) throws SQLException {
        return DriverManager.getConnection(USER_URL, user.username(), user.password().reveal());
    }

    private static TestServers.Ran mariadb(NewUser user, String sql) throws Exception {
        return TestServers.run(List.of(TestServers.binary("mariadb"), "-h", "127.0.0.1", "-P", "3306", "-u",
                user.username(), "-p" + user.password().reveal(), "--skip-ssl", "-N", "-e", sql), Map.of());
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
        throw new AssertionError("the session opened before revocation still answers");
    }

    private static void root(String... statements) throws SQLException {
        try (Connection c = TestServers.rootConnection(TestServers.MARIADB_ROOT_URL);
                Statement statement = c.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
