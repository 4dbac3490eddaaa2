package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.Lease;
import dev.arca.api.SecretText;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Dynamic database credentials through the SDK only ({@link ArcaClient#database()} to configure,
 * {@link ArcaClient#dynamic()} to use), against a real server and the real PostgreSQL, MariaDB and Redis on this
 * machine (each skipped loudly when unreachable, failing with {@code ARCA_REQUIRE_POSTGRES/MARIADB/REDIS=1}): the
 * credentials log in, renew, and stop logging in once the try-with-resources block closes them; a static role's
 * password is Arca's at once and changes on demand. Runs on Java 17.
 */
class DatabaseSdkIT {
    @TempDir
    Path dir;

    private RealArca server;
    private ArcaClient root;

    @BeforeEach
    void start() {
        server = RealArca.start(dir.resolve("server"));
        root = server.root();
    }

    @AfterEach
    void stop() {
        root.close();
        server.close();
    }

    @Test
    void postgres_credentialsLogIn_renew_andAreGoneOnClose() throws Exception {
        require("POSTGRES", 5432);
        configure("pg", DatabaseSecrets.ConnectionWrite.builder("postgresql", "postgresql://127.0.0.1:5432/test",
                "postgres").password(SecretText.of("unused-under-trust")));
        String user;
        try (DynamicCredentials db = root.dynamic().generateCredentials("database", "app", Duration.ofMinutes(10))) {
            user = db.username();
            assertThat(db.connectionUrl()).isEqualTo("postgresql://" + user + "@127.0.0.1:5432/test");
            try (Connection session = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", user,
                    db.password().reveal())) {
                assertThat(session.createStatement().executeQuery("SELECT 1").next()).isTrue();
            }
            Lease renewed = root.dynamic().renew(db.leaseId(), Duration.ofMinutes(20));
            assertThat(renewed.expiresAt()).isAfter(db.expiresAt());
        }
        try {
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", user, "x"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("does not exist");
        } catch (AssertionError e) {
            System.out.println("the server's log:\n" + java.nio.file.Files.readString(dir.resolve("server/server.log")));
            throw e;
        }
    }

    @Test
    void mariadb_credentialsLogInWithTheirPassword_andAreGoneOnClose() throws Exception {
        require("MARIADB", 3306);
        configure("maria", DatabaseSecrets.ConnectionWrite.builder("mysql", "mysql://127.0.0.1:3306", "root")
                .password(SecretText.of("")));
        String user;
        String password;
        try (DynamicCredentials db = root.dynamic().generateCredentials("database", "app", null)) {
            user = db.username();
            password = db.password().reveal();
            try (Connection session = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/?sslMode=disable",
                    user, password)) {
                assertThat(session.createStatement().executeQuery("SELECT 1").next()).isTrue();
            }
            assertThatThrownBy(() -> DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/?sslMode=disable",
                    user, password + "x")).as("the password is checked").isInstanceOf(SQLException.class);
        }
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/?sslMode=disable", user,
                password)).isInstanceOf(SQLException.class);
    }

    @Test
    void mariadb_staticRole_passwordIsArcasAtOnce_rotatesOnDemand_andDeleteKeepsTheUser() throws Exception {
        require("MARIADB", 3306);
        String user = "arca_sdk_static";
        mariadbRoot("DROP USER IF EXISTS '" + user + "'@'%'");
        mariadbRoot("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'set-by-hand-1'");
        try {
            DatabaseOperations database = root.database();
            database.putConnection("maria", DatabaseSecrets.ConnectionWrite.builder("mysql", "mysql://127.0.0.1:3306",
                    "root").password(SecretText.of("")).build());
            assertThatThrownBy(() -> database.putStaticRole("nobody", DatabaseSecrets.StaticRoleWrite
                    .builder("maria", "arca_sdk_missing").build())).isInstanceOf(ValidationException.class);
            DatabaseSecrets.StaticRole role = database.putStaticRole("app", DatabaseSecrets.StaticRoleWrite
                    .builder("maria", user).rotationPeriod(Duration.ofHours(1)).build());
            assertThat(role.lastRotatedAt()).isNotNull();
            assertThat(role.rotationPeriod()).isEqualTo("1h");
            assertThatThrownBy(() -> mariadbLogIn(user, "set-by-hand-1")).as("the hand-set password is replaced")
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> database.putStaticRole("app", DatabaseSecrets.StaticRoleWrite
                    .builder("maria", user).build())).isInstanceOf(ConflictException.class);

            DatabaseSecrets.StaticCredentials first = database.staticCredentials("app");
            assertThat(first.username()).isEqualTo(user);
            assertThat(first.ttl()).isBetween(3500L, 3600L);
            mariadbLogIn(user, first.password().reveal()).close();

            database.rotateStaticRole("app");
            DatabaseSecrets.StaticCredentials second = root.async().database().staticCredentials("app").join();
            assertThat(second.password()).isNotEqualTo(first.password());
            mariadbLogIn(user, second.password().reveal()).close();
            assertThatThrownBy(() -> mariadbLogIn(user, first.password().reveal()))
                    .as("the previous password stops working").isInstanceOf(SQLException.class);
            assertThat(database.staticRoles().data()).extracting(DatabaseSecrets.StaticRole::name)
                    .containsExactly("app");

            database.deleteStaticRole("app");
            assertThatThrownBy(() -> database.staticCredentials("app")).isInstanceOf(NotFoundException.class);
            mariadbLogIn(user, second.password().reveal()).close();
        } finally {
            mariadbRoot("DROP USER IF EXISTS '" + user + "'@'%'");
        }
    }

    @Test
    void redis_credentialsReadButCannotWrite_andAreGoneOnClose() throws Exception {
        require("REDIS", 6379);
        configure("cache", DatabaseSecrets.ConnectionWrite.builder("redis", "redis://127.0.0.1:6379", "default")
                .password(SecretText.of("")));
        String user;
        String password;
        try (DynamicCredentials db = root.dynamic().generateCredentials("database", "app", null)) {
            user = db.username();
            password = db.password().reveal();
            try (Jedis session = redis(user, password)) {
                assertThat(session.get("arca-sdk-it-missing")).isNull();
                assertThatThrownBy(() -> session.set("arca-sdk-it", "x")).hasMessageContaining("NOPERM");
            }
        }
        assertThatThrownBy(() -> redis(user, password).get("arca-sdk-it-missing"))
                .hasMessageContaining("WRONGPASS");
    }

    /** A connection named {@code name} allowing role {@code app}, and role {@code app} with default statements. */
    private void configure(String name, DatabaseSecrets.ConnectionWrite.Builder connection) {
        DatabaseSecrets.Connection stored = root.database().putConnection(name,
                connection.allowedRoles(List.of("app")).build());
        assertThat(stored.toString()).doesNotContain("unused-under-trust");
        root.database().putRole("app", DatabaseSecrets.RoleWrite.builder(name).build());
    }

    private static void mariadbRoot(String statement) throws SQLException {
        try (Connection session = mariadbLogIn("root", "")) {
            session.createStatement().execute(statement);
        }
    }

    private static Connection mariadbLogIn(String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/?sslMode=disable", user, password);
    }

    private static Jedis redis(String user, String password) {
        return new Jedis(new HostAndPort("127.0.0.1", 6379), DefaultJedisClientConfig.builder().user(user)
                .password(password).build());
    }

    /** Skips loudly when the server is not listening; fails instead with {@code ARCA_REQUIRE_<name>=1}. */
    private static void require(String name, int port) {
        boolean up;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            up = true;
        } catch (java.io.IOException e) {
            up = false;
        }
        if (!up && "1".equals(System.getenv("ARCA_REQUIRE_" + name))) {
            throw new IllegalStateException(name + " on 127.0.0.1:" + port + " is required (ARCA_REQUIRE_" + name
                    + "=1) but not reachable");
        }
        Assumptions.assumeTrue(up, name + " on 127.0.0.1:" + port + " is not reachable: skipping");
    }
}
