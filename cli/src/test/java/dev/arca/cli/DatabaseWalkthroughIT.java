package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import dev.arca.server.database.TestServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dynamic database credentials as a user gets them through {@code arca database …} and {@code arca lease …} against
 * a real dev server in this process, each checked with the database's own client: the connection configured, a
 * role, credentials ({@code --format json}), a login with {@code psql}, {@code mariadb} or {@code redis-cli}, a
 * renewal, the release, and then the same login refused. PostgreSQL on 127.0.0.1:5432 (user postgres, trust, db
 * test), MariaDB on 127.0.0.1:3306 (root without a password) and Redis on 127.0.0.1:6379: each test skips loudly when
 * its server or client is absent, and fails instead with {@code ARCA_REQUIRE_POSTGRES}, {@code ARCA_REQUIRE_MARIADB}
 * or {@code ARCA_REQUIRE_REDIS=1}.
 */
class DatabaseWalkthroughIT {
    @TempDir
    Path dir;

    private ArcaServer server;
    private Cli admin;

    @BeforeEach
    void start() {
        server = ArcaServer.start(new ServerConfigLoader(dir.resolve("home")).dev(true)
                .flag("listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve("data").toString())
                .load());
        admin = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("home").toString())
                .with("ARCA_VAULT", "default");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void postgres_configureRoleCreds_psqlLogsIn_renewMovesValidUntil_releaseDropsTheUser() throws Exception {
        TestServers.postgres();
        TestServers.binary("psql");
        // Trust from 127.0.0.1: the root password is not checked, but a new connection needs one.
        json(admin.runWithStdin("unused-under-trust\n", "database", "config", "put", "pg", "--plugin", "postgresql",
                "--url", "postgresql://127.0.0.1:5432/test", "--username", "postgres", "--password-stdin",
                "--allowed-role", "walk", "--format", "json"));
        json(admin.run("database", "role", "put", "walk", "--connection", "pg", "--default-ttl", "10m", "--max-ttl",
                "1h", "--format", "json"));
        JsonNode creds = json(admin.run("database", "creds", "walk", "--format", "json"));
        String user = creds.path("data").path("username").asText();
        String password = creds.path("data").path("password").asText();
        String lease = creds.path("lease_id").asText();
        assertThat(user).startsWith("v_walk_");

        assertThat(psql(user, password, "SELECT current_user").out()).isEqualTo(user);
        Instant validUntil = Instant.parse(psqlAsRoot("SELECT to_char(rolvaliduntil AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM pg_roles WHERE rolname = '" + user + "'"));
        assertThat(validUntil).isBetween(Instant.now().plusSeconds(590), Instant.now().plusSeconds(610));

        renewAndShow(lease, "database/creds/walk");
        Instant renewedUntil = Instant.parse(psqlAsRoot("SELECT to_char(rolvaliduntil AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM pg_roles WHERE rolname = '" + user + "'"));
        assertThat(renewedUntil).as("renewal moves VALID UNTIL").isAfter(validUntil.plusSeconds(1000));

        release(lease);
        var refused = psql(user, password, "SELECT current_user");
        assertThat(refused.code()).as(refused.out()).isNotZero();
        assertThat(refused.err()).contains("\"" + user + "\" does not exist");
        cleanUp("walk", "pg");
    }

    @Test
    void mariadb_configureRoleCreds_mariadbLogsIn_renew_releaseDropsTheUser() throws Exception {
        TestServers.mariadb();
        TestServers.binary("mariadb");
        // root has no password here: an empty one, from an empty file.
        json(admin.run("database", "config", "put", "maria", "--plugin", "mysql", "--url", "mysql://127.0.0.1:3306",
                "--username", "root", "--password-file", file("root.pw", ""), "--allowed-role", "walk",
                "--format", "json"));
        json(admin.run("database", "role", "put", "walk", "--connection", "maria", "--default-ttl", "10m",
                "--max-ttl", "1h", "--format", "json"));
        JsonNode creds = json(admin.run("database", "creds", "walk", "--format", "json"));
        String user = creds.path("data").path("username").asText();
        String password = creds.path("data").path("password").asText();
        String lease = creds.path("lease_id").asText();

        assertThat(mariadb(user, password, "SELECT CURRENT_USER()").out()).isEqualTo(user + "@%");
        renewAndShow(lease, "database/creds/walk");
        assertThat(mariadb(user, password, "SELECT 1").out()).as("still there after the renewal").isEqualTo("1");

        release(lease);
        var refused = mariadb(user, password, "SELECT 1");
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("Access denied for user '" + user + "'");
        cleanUp("walk", "maria");
    }

    @Test
    void mariadb_staticRole_staticCredsLogIn_rotateRoleRefusesTheOldPassword_deleteKeepsTheUser() throws Exception {
        TestServers.mariadb();
        TestServers.binary("mariadb");
        String user = "arca_walk_static";
        mariadbAsRoot("DROP USER IF EXISTS '" + user + "'@'%'");
        mariadbAsRoot("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'set-by-hand-1'");
        try {
            json(admin.run("database", "config", "put", "maria", "--plugin", "mysql", "--url",
                    "mysql://127.0.0.1:3306", "--username", "root", "--password-file", file("root.pw", ""),
                    "--format", "json"));
            var put = admin.run("database", "static-role", "put", "app", "--connection", "maria", "--username", user,
                    "--rotation-period", "1h");
            assertThat(put.exitCode()).as(put.err()).isZero();
            assertThat(put.out()).contains("ROTATION PERIOD  1h").contains("only Arca knows it now");
            assertThat(mariadb(user, "set-by-hand-1", "SELECT 1").code()).as("the hand-set password is replaced")
                    .isNotZero();

            String first = staticPassword(user);
            assertThat(mariadb(user, first, "SELECT CURRENT_USER()").out()).isEqualTo(user + "@%");
            JsonNode rotated = json(admin.run("database", "rotate-role", "app", "--format", "json"));
            assertThat(rotated.path("last_error").isNull() || rotated.path("last_error").isMissingNode()).isTrue();
            String second = staticPassword(user);
            assertThat(second).isNotEqualTo(first);
            assertThat(mariadb(user, first, "SELECT 1").err()).contains("Access denied for user '" + user + "'");
            assertThat(mariadb(user, second, "SELECT 1").out()).isEqualTo("1");

            assertThat(admin.run("database", "static-role", "list").out()).contains("app   maria");
            assertThat(admin.run("database", "static-role", "delete", "app").exitCode()).isZero();
            assertThat(admin.run("database", "static-creds", "app").exitCode()).isEqualTo(1);
            assertThat(mariadb(user, second, "SELECT 1").out()).as("the user stays, as Arca left it").isEqualTo("1");
        } finally {
            mariadbAsRoot("DROP USER IF EXISTS '" + user + "'@'%'");
        }
    }

    /** The static role {@code app}'s password as {@code static-creds --format env} prints it for a shell. */
    private String staticPassword(String user) {
        var env = admin.run("database", "static-creds", "app", "--format", "env");
        assertThat(env.exitCode()).as(env.err()).isZero();
        Map<String, String> variables = EnvFile.parse(env.out(), "static-creds").variables(Map.of());
        assertThat(variables).containsEntry("DB_USERNAME", user)
                .containsEntry("DB_URL", "mysql://" + user + "@127.0.0.1:3306");
        return variables.get("DB_PASSWORD");
    }

    private void mariadbAsRoot(String sql) throws Exception {
        var run = exec(Map.of(), "mariadb", "-h", "127.0.0.1", "-P", "3306", "-u", "root", "-N", "-B", "-e", sql);
        assertThat(run.code()).as(run.err()).isZero();
    }

    @Test
    void redis_configureRoleCreds_redisCliAuthenticates_renew_releaseDeletesTheAclUser() throws Exception {
        requireRedis();
        TestServers.binary("redis-cli");
        json(admin.run("database", "config", "put", "cache", "--plugin", "redis", "--url", "redis://127.0.0.1:6379",
                "--username", "default", "--password-file", file("none.pw", ""), "--allowed-role", "walk",
                "--format", "json"));
        json(admin.run("database", "role", "put", "walk", "--connection", "cache", "--creation-statement", "~walk:*",
                "--creation-statement", "+@read", "--creation-statement", "+acl|whoami", "--default-ttl", "10m",
                "--max-ttl", "1h", "--format", "json"));
        JsonNode creds = json(admin.run("database", "creds", "walk", "--format", "json"));
        String user = creds.path("data").path("username").asText();
        String password = creds.path("data").path("password").asText();
        String lease = creds.path("lease_id").asText();

        var whoami = redisCli(user, password, "ACL", "WHOAMI");
        assertThat(whoami.out()).as(whoami.err()).isEqualTo(user);
        renewAndShow(lease, "database/creds/walk");
        assertThat(redisCli(user, password, "ACL", "WHOAMI").out()).isEqualTo(user);

        release(lease);
        // redis-cli goes on as the default user when AUTH fails: the refusal is its warning, and WHOAMI no longer
        // names the user.
        var refused = redisCli(user, password, "ACL", "WHOAMI");
        assertThat(refused.out() + refused.err()).contains("WRONGPASS").doesNotContain(user);
        cleanUp("walk", "cache");
    }

    /** {@code arca lease renew} moves the expiry; {@code lease show} prints a dynamic lease's kind and cleanup. */
    private void renewAndShow(String lease, String path) throws IOException {
        JsonNode before = json(admin.run("lease", "show", lease, "--format", "json"));
        assertThat(before.path("kind").asText()).isEqualTo("database");
        assertThat(before.path("path").asText()).isEqualTo(path);
        assertThat(before.path("version").isNull() || before.path("version").isMissingNode()).isTrue();
        assertThat(before.path("cleanup").asText()).isEqualTo("owed");
        JsonNode renewed = json(admin.run("lease", "renew", lease, "--increment", "50m", "--format", "json"));
        assertThat(Instant.parse(renewed.path("expires_at").asText()))
                .isAfter(Instant.parse(before.path("expires_at").asText()).plusSeconds(1000));
        var table = admin.run("lease", "show", lease);
        assertThat(table.out()).contains("KIND         database").contains("VERSION      -")
                .contains("CLEANUP      owed");
    }

    /** {@code arca lease release} answers once the user is dropped; the lease then is ended. */
    private void release(String lease) {
        var released = admin.run("lease", "release", lease);
        assertThat(released.exitCode()).as(released.err()).isZero();
        assertThat(released.out()).startsWith("Released " + lease);
        var again = admin.run("lease", "renew", lease);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("lease_expired");
    }

    /** The role and connection go, which the server allows only once nothing is owed through them. */
    private void cleanUp(String role, String connection) {
        assertThat(admin.run("database", "role", "delete", role).exitCode()).isZero();
        var deleted = admin.run("database", "config", "delete", connection);
        assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    }

    private record Run(int code, String out, String err) {}

    private Run psql(String user, String password, String sql) throws Exception {
        return exec(Map.of("PGPASSWORD", password, "PGCONNECT_TIMEOUT", "5"), "psql", "-h", "127.0.0.1", "-p", "5432",
                "-U", user, "-d", "test", "-w", "-tA", "-c", sql);
    }

    private String psqlAsRoot(String sql) throws Exception {
        var run = exec(Map.of(), "psql", "-h", "127.0.0.1", "-p", "5432", "-U", "postgres", "-d", "test", "-w", "-tA",
                "-c", sql);
        assertThat(run.code()).as(run.err()).isZero();
        return run.out();
    }

    private Run mariadb(String user, String password, String sql) throws Exception {
        return exec(Map.of("MYSQL_PWD", password), "mariadb", "-h", "127.0.0.1", "-P", "3306", "-u", user,
                "--connect-timeout=5", "-N", "-B", "-e", sql);
    }

    private Run redisCli(String user, String password, String... command) throws Exception {
        var args = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", "6379", "--user", user, "--pass",
                password));
        args.addAll(List.of(command));
        return exec(Map.of(), args.toArray(String[]::new));
    }

    private Run exec(Map<String, String> env, String... command) throws Exception {
        var builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            Assertions.fail(command[0] + " did not finish in 30 s");
        }
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).strip(), new String(process.getErrorStream().readAllBytes(),
                StandardCharsets.UTF_8).strip());
    }

    /**
     * As the server's {@code RedisTestServer} (package-private there): skips loudly when Redis on 127.0.0.1:6379 does
     * not answer PING, fails instead under {@code ARCA_REQUIRE_REDIS=1}.
     */
    private static void requireRedis() {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 2000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = socket.getInputStream().readNBytes(7);
            if (new String(answer, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                return;
            }
            skipOrFail("Redis on 127.0.0.1:6379 answered PING with " + new String(answer, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            skipOrFail("Redis on 127.0.0.1:6379 is not reachable: " + e.getMessage());
        }
    }

    private static void skipOrFail(String why) {
        if ("1".equals(System.getenv("ARCA_REQUIRE_REDIS"))) {
            throw new IllegalStateException(why + ", and it is required (ARCA_REQUIRE_REDIS=1)");
        }
        System.err.println("*** SKIPPING the Redis walkthrough: " + why + " ***");
        Assumptions.abort(why + ": skipping");
    }

    private String file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content);
        return path.toString();
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return Json.lenient().readTree(result.out());
    }
}
