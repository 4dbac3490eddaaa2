package dev.arca.server.database.plugin.postgres;

import static dev.arca.server.database.TestServers.postgresPasswordIs;
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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL plugin against the real server on 127.0.0.1:5432.
 *
 * <p>That server's pg_hba.conf trusts every host connection from 127.0.0.1 ({@code host all all 127.0.0.1/32
 * trust}): any password logs in, so a login alone proves nothing about the password. The tests therefore check
 * the password itself against the SCRAM verifier PostgreSQL stored for the role
 * ({@link TestServers#postgresPasswordIs}), log in with {@code psql} and the JDBC driver to show the role may log
 * in, and show revocation by the role being gone ({@code role "…" does not exist}) — which trust cannot paper
 * over.
 */
class PostgresPluginIT {
    private static final String PREFIX = "arca_it_";
    private static final String USER_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private final PostgresPlugin plugin = new PostgresPlugin();
    private DatabaseClient client;
    private String table;

    @BeforeEach
    void open() throws SQLException {
        client = plugin.open(TestServers.postgres());
        table = PREFIX + "t_" + suffix();
        root("CREATE TABLE " + table + " (id int)", "INSERT INTO " + table + " VALUES (42)");
    }

    @AfterEach
    void cleanUp() throws SQLException {
        for (String user : client.usersStartingWith(PREFIX)) {
            client.revoke(user, List.of());
        }
        root("DROP TABLE IF EXISTS " + table);
        client.close();
    }

    @Test
    void create_userLogsInWithPsqlAndJdbcAndReadsATable() throws Exception {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());

        assertTrue(postgresPasswordIs(user.username(), user.password()), "the role's password is the one given");
        var psql = psql(user, "select id from " + table);
        assertEquals(0, psql.exitCode(), psql.output());
        assertTrue(psql.output().contains("42"), psql.output());
        try (Connection session = login(user); ResultSet rows = session.createStatement()
                .executeQuery("SELECT id, current_user FROM " + table)) {
            assertTrue(rows.next());
            assertEquals(42, rows.getInt(1));
            assertEquals(user.username(), rows.getString(2));
        }
    }

    @Test
    void create_failingMidway_leavesNoRoleAndNoPassword() {
        NewUser user = newUser();
        var failed = assertThrows(DatabaseException.Failed.class, () -> client.create(user, List.of(
                plugin.defaults().creation().getFirst(), "SELECT '{{password}}'::int")));

        assertTrue(failed.getMessage().contains("invalid input syntax for type integer"), failed.getMessage());
        assertTrue(failed.getMessage().contains("[redacted]"), failed.getMessage());
        assertFalse(failed.getMessage().contains(user.password().reveal()), failed.getMessage());
        assertFalse(client.exists(user.username()), "the transaction took the CREATE ROLE back");
    }

    @Test
    void create_existingName_failsAndKeepsTheRole() throws SQLException {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());
        var again = new NewUser(user.username(), SecretText.of("another-password-1"), user.expiration());

        assertThrows(DatabaseException.Failed.class, () -> client.create(again, plugin.defaults().creation()));
        assertTrue(postgresPasswordIs(user.username(), user.password()), "the first password still stands");
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
        var psql = psql(user, "select 1");
        assertNotEquals(0, psql.exitCode(), psql.output());
        assertTrue(psql.output().contains("role \"" + user.username() + "\" does not exist"), psql.output());
        var refused = assertThrows(SQLException.class, () -> login(user).close());
        assertTrue(refused.getMessage().contains("does not exist"), refused.getMessage());
    }

    @Test
    void revoke_withTheRolesOwnStatements_stillKillsAnOpenSession() throws Exception {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());
        try (Connection session = login(user)) {
            client.revoke(user.username(), List.of("DROP OWNED BY \"{{name}}\"",
                    "DROP ROLE \"{{name}}\""));

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
    void revoke_ofARoleDroppedByHand_succeeds() throws SQLException {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());
        root("DROP OWNED BY \"" + user.username() + "\"", "DROP ROLE \"" + user.username() + "\"");

        client.revoke(user.username(), List.of());

        assertFalse(client.exists(user.username()));
    }

    @Test
    void revoke_ofARoleThatOwnsATableAndHoldsGrants_dropsItAndKeepsTheTable() throws SQLException {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());
        String owned = PREFIX + "owned_" + suffix();
        root("GRANT CREATE ON SCHEMA public TO \"" + user.username() + "\"",
                "GRANT INSERT, UPDATE ON " + table + " TO \"" + user.username() + "\"");
        try (Connection session = login(user)) {
            session.createStatement().execute("CREATE TABLE " + owned + " (id int)");
        }
        try {
            client.revoke(user.username(), List.of());

            assertFalse(client.exists(user.username()));
            assertEquals("postgres", rootQuery("SELECT tableowner FROM pg_tables WHERE tablename = ?", owned),
                    "what the role owned went to the root user");
        } finally {
            root("DROP TABLE IF EXISTS " + owned);
        }
    }

    @Test
    void renew_movesValidUntil() throws SQLException {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());
        Instant later = user.expiration().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);

        client.renew(user.username(), later, List.of());

        assertEquals(later.toString(), validUntil(user.username()).toString());
        assertNotEquals(user.expiration().truncatedTo(ChronoUnit.SECONDS), validUntil(user.username()));
    }

    @Test
    void check_syntaxError_failsWithPostgresMessageAndNoPassword() {
        var failed = assertThrows(DatabaseException.Failed.class, () -> client.check(List.of(
                "CREATE ROLLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}';")));
        assertTrue(failed.getMessage().contains("syntax error at or near \"ROLLE\""), failed.getMessage());

        var quoting = assertThrows(DatabaseException.Failed.class, () -> client.check(List.of(
                "SELECT '{{password}}'::int")));
        // "invalid input syntax" for most passwords, "out of range" for the rare all-digit one: either way quoted
        assertTrue(quoting.getMessage().contains("\"[redacted]\"") && quoting.getMessage().contains("integer"),
                quoting.getMessage());
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
        var next = SecretText.of("next-" + suffix());

        client.setPassword(user.username(), next, List.of());

        assertTrue(postgresPasswordIs(user.username(), next));
        assertFalse(postgresPasswordIs(user.username(), user.password()));
        var psql = psql(new NewUser(user.username(), next, user.expiration()), "select 1");
        assertEquals(0, psql.exitCode(), psql.output());
    }

    @Test
    void usersStartingWith_findsOnlyThatPrefix() {
        NewUser user = newUser();
        client.create(user, plugin.defaults().creation());

        assertEquals(List.of(user.username()), client.usersStartingWith(user.username()));
        assertEquals(List.of(), client.usersStartingWith(user.username().replace('_', 'x')));
        assertTrue(client.exists(user.username()));
    }

    /**
     * The default creation grants on every table of the schema and revocation drops those grants again: done by
     * many requests at once they rewrite the same pg_class rows, which PostgreSQL refuses ("tuple concurrently
     * updated", deadlocks) unless the client makes them take turns.
     */
    @Test
    void createAndRevoke_manyAtOnce_allSucceed() throws Exception {
        for (int i = 0; i < 8; i++) {
            root("CREATE TABLE " + table + "_" + i + " (id int)");
        }
        var settings = new ConnectionSettings("postgresql://127.0.0.1:5432/test", "postgres", SecretText.of(""), 8,
                Duration.ofSeconds(3), ConnectionSettings.Tls.OFF);
        var failures = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        try (DatabaseClient wide = plugin.open(settings);
                var threads = java.util.concurrent.Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                threads.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        NewUser user = newUser();
                        try {
                            wide.create(user, plugin.defaults().creation());
                            wide.revoke(user.username(), List.of());
                        } catch (RuntimeException e) {
                            failures.add(e.getMessage());
                        }
                    }
                });
            }
        } finally {
            for (int i = 0; i < 8; i++) {
                root("DROP TABLE IF EXISTS " + table + "_" + i);
            }
        }
        assertEquals(List.of(), List.copyOf(failures));
        assertEquals(List.of(), client.usersStartingWith(PREFIX));
    }

    @Test
    void unreachablePort_isUnavailable() {
        var settings = new ConnectionSettings("postgresql://127.0.0.1:1/test", "postgres", SecretText.of(""), 1,
                Duration.ofSeconds(1), ConnectionSettings.Tls.OFF);
        try (DatabaseClient down = plugin.open(settings)) {
            var unavailable = assertThrows(DatabaseException.Unavailable.class, down::verify);
            assertTrue(unavailable.getMessage().contains("refused"), unavailable.getMessage());
        }
    }

    @Test
    void urlWithCredentials_isInvalid() {
        var settings = new ConnectionSettings("postgresql://postgres:secret@127.0.0.1:5432/test", "postgres",
                SecretText.of(""), 1, Duration.ofSeconds(1), ConnectionSettings.Tls.OFF);

        var invalid = assertThrows(DatabaseException.Invalid.class, () -> plugin.open(settings));
        assertFalse(invalid.getMessage().contains("secret"), invalid.getMessage());
    }

    /** The server here runs without TLS, so a client that really asks for TLS cannot log in. */
    @Test
    void tlsEnabled_reachesTheDriver_andAServerWithoutTlsIsUnavailable() {
        var settings = new ConnectionSettings("postgresql://127.0.0.1:5432/test", "postgres", SecretText.of(""), 1,
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

    private static TestServers.Ran psql(NewUser user, String sql) throws Exception {
        return TestServers.run(List.of(TestServers.binary("psql"), "-h", "127.0.0.1", "-U", user.username(), "-d",
                "test", "-w", "-Atc", sql), Map.of("PGPASSWORD", user.password().reveal()));
    }

    /** A terminated backend may take a moment to notice; a session that still answers after 5 s survived. */
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
        try (Connection c = TestServers.rootConnection(TestServers.POSTGRES_ROOT_URL);
                Statement statement = c.createStatement()) {
            for (String sql : statements) {
                executeRetryingCatalogRace(statement, sql);
            }
        }
    }

    /**
     * PostgreSQL refuses DDL whose catalog row another session changes at the same moment ("tuple concurrently
     * updated", as when revocations of users granted on the same table still finish): the statement is retried,
     * as an operator would.
     */
    private static void executeRetryingCatalogRace(Statement statement, String sql) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                statement.execute(sql);
                return;
            } catch (SQLException e) {
                if (attempt == 5 || e.getMessage() == null || !e.getMessage().contains("tuple concurrently updated")) {
                    throw e;
                }
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static String rootQuery(String sql, String parameter) throws SQLException {
        try (Connection c = TestServers.rootConnection(TestServers.POSTGRES_ROOT_URL);
                PreparedStatement query = c.prepareStatement(sql)) {
            query.setString(1, parameter);
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next(), "no row for " + parameter);
                return rows.getString(1);
            }
        }
    }

    private static Instant validUntil(String username) throws SQLException {
        try (Connection c = TestServers.rootConnection(TestServers.POSTGRES_ROOT_URL);
                PreparedStatement query = c.prepareStatement(
                        "SELECT rolvaliduntil FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, username);
            try (ResultSet rows = query.executeQuery()) {
                assertTrue(rows.next());
                return rows.getTimestamp(1).toInstant();
            }
        }
    }
}
