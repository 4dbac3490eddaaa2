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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code kill -9} of a real server process in the middle of 100 credential creations against the real PostgreSQL,
 * MariaDB and Redis: after a restart and unseal, every acknowledged user still exists with its lease, and within the
 * intent sweep's age every user the engine made has a live lease — the ones whose lease never got stored are
 * dropped. Counted where each database keeps its users: {@code pg_roles}, {@code mysql.user}, {@code ACL USERS}.
 */
@Tag("fault")
class DatabaseCrashIT {
    private static final String DB = "/v1/vaults/default/database";
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String MARIADB_URL = "jdbc:mariadb://127.0.0.1:3306/?user=root&sslMode=disable";
    private static final String PREFIX = "crash_";

    @TempDir
    Path dir;

    /** One database: how the engine reaches it, and how the test counts and drops the users it made. */
    private interface Target {
        String connection();

        List<String> users() throws Exception;

        void drop(String user) throws Exception;
    }

    private static final Target POSTGRES = new Target() {
        @Override
        public String connection() {
            return "{\"plugin\":\"postgresql\",\"connection_url\":\"postgresql://127.0.0.1:5432/test\","
                    + "\"username\":\"postgres\",\"password\":\"unused-under-trust\",\"allowed_roles\":[\"crash\"]}";
        }

        @Override
        public List<String> users() throws SQLException {
            return sql(ADMIN_URL, "SELECT rolname FROM pg_roles WHERE rolname LIKE ?");
        }

        @Override
        public void drop(String user) throws SQLException {
            try (Connection admin = DriverManager.getConnection(ADMIN_URL)) {
                admin.createStatement().execute("DROP ROLE IF EXISTS \"" + user + "\"");
            }
        }
    };

    private static final Target MARIADB = new Target() {
        @Override
        public String connection() {
            return "{\"plugin\":\"mysql\",\"connection_url\":\"mysql://127.0.0.1:3306\",\"username\":\"root\","
                    + "\"password\":\"\",\"allowed_roles\":[\"crash\"]}";
        }

        @Override
        public List<String> users() throws SQLException {
            return sql(MARIADB_URL, "SELECT user FROM mysql.user WHERE user LIKE ?");
        }

        @Override
        public void drop(String user) throws SQLException {
            try (Connection admin = DriverManager.getConnection(MARIADB_URL)) {
                admin.createStatement().execute("DROP USER IF EXISTS '" + user + "'@'%'");
            }
        }
    };

    private static final Target REDIS = new Target() {
        @Override
        public String connection() {
            return "{\"plugin\":\"redis\",\"connection_url\":\"redis://127.0.0.1:6379\",\"username\":\"default\","
                    + "\"password\":\"\",\"allowed_roles\":[\"crash\"]}";
        }

        @Override
        public List<String> users() {
            try (var redis = new Jedis("127.0.0.1", 6379)) {
                return redis.aclUsers().stream().filter(user -> user.startsWith(PREFIX)).toList();
            }
        }

        @Override
        public void drop(String user) {
            try (var redis = new Jedis("127.0.0.1", 6379)) {
                redis.aclDelUser(user);
            }
        }
    };

    @Test
    void killDashNine_duringCreations_leavesNoUserWithoutALease_onPostgres() throws Exception {
        Assumptions.assumeTrue(TestDatabases.freshPostgres().isPresent(),
                "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        crashAndRecover(POSTGRES);
    }

    @Test
    void killDashNine_duringCreations_leavesNoUserWithoutALease_onMariadb() throws Exception {
        require("MARIADB", 3306);
        crashAndRecover(MARIADB);
    }

    @Test
    void killDashNine_duringCreations_leavesNoUserWithoutALease_onRedis() throws Exception {
        require("REDIS", 6379);
        crashAndRecover(REDIS);
    }

    private void crashAndRecover(Target target) throws Exception {
        dropLeftovers(target);
        int port = ArcaProcess.freePort();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        List<String> keys = new ArrayList<>();
        String token;
        try (var server = ArcaProcess.start(dir, port, null)) {
            JsonNode init = expect(200, server.send("POST", "/v1/sys/init", null, "{\"shares\":1,\"threshold\":1}"));
            init.path("unseal_keys").forEach(k -> keys.add(k.asText()));
            token = init.path("root_token").asText();
            expect(200, server.send("POST", "/v1/sys/unseal", null, "{\"key\":\"" + keys.getFirst() + "\"}"));
            expect(201, server.send("POST", "/v1/vaults", token, "{\"name\":\"default\"}"));
            expect(200, server.send("PUT", DB + "/config/db", token, target.connection()));
            expect(200, server.send("PUT", DB + "/roles/crash", token, "{\"connection\":\"db\","
                    + "\"username_template\":\"" + PREFIX + "{{random 12}}\"}"));

            var started = new AtomicInteger();
            try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < 8; w++) {
                    clients.submit(() -> createUntilGone(server, token, started, acknowledged));
                }
                while (started.get() < 50) {
                    Thread.sleep(5);
                }
                server.kill();
            }
        }
        assertThat(acknowledged).as("some creations were acknowledged before the kill").isNotEmpty();

        try (var restarted = ArcaProcess.start(dir, port, null)) {
            expect(200, restarted.send("POST", "/v1/sys/unseal", null, "{\"key\":\"" + keys.getFirst() + "\"}"));
            assertThat(target.users()).as("every acknowledged user survived the crash").containsAll(acknowledged);
            System.out.printf("after the restart: %d acknowledged, %d users, %d live leases%n", acknowledged.size(),
                    target.users().size(), liveLeases(restarted, token));
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (target.users().size() != liveLeases(restarted, token) && System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
            assertThat(target.users()).as("users in the database: exactly those with a live lease").hasSize(
                    liveLeases(restarted, token));
            JsonNode page = expect(200, restarted.send("GET", "/v1/vaults/default/leases?limit=1000", token, null));
            for (JsonNode lease : page.path("data")) {
                expect(204, restarted.send("POST", "/v1/leases/release", token,
                        "{\"lease_id\":\"" + lease.path("lease_id").asText() + "\"}"));
            }
            assertThat(target.users()).as("released: none left").isEmpty();
        } finally {
            dropLeftovers(target);
        }
    }

    /** Asks for credentials until the server is gone; 100 at most. */
    private static void createUntilGone(ArcaProcess server, String token, AtomicInteger started,
            Set<String> acknowledged) {
        while (started.incrementAndGet() <= 100) {
            try {
                var creds = server.send("GET", DB + "/creds/crash", token, null);
                if (creds.status() == 200) {
                    acknowledged.add(creds.json().path("data").path("username").asText());
                }
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static int liveLeases(ArcaProcess server, String token) throws Exception {
        JsonNode page = expect(200, server.send("GET", "/v1/vaults/default/leases?limit=1000", token, null));
        int count = 0;
        for (JsonNode lease : page.path("data")) {
            if (lease.path("kind").asText().equals("database")) {
                count++;
            }
        }
        return count;
    }

    /** The users a query finds with the test's prefix. */
    private static List<String> sql(String url, String select) throws SQLException {
        try (Connection admin = DriverManager.getConnection(url); var query = admin.prepareStatement(select)) {
            query.setString(1, PREFIX + "%");
            var rs = query.executeQuery();
            var users = new ArrayList<String>();
            while (rs.next()) {
                users.add(rs.getString(1));
            }
            return users;
        }
    }

    private static void dropLeftovers(Target target) throws Exception {
        for (String user : target.users()) {
            target.drop(user);
        }
    }

    /** Skips loudly when the server is not listening; fails instead with {@code ARCA_REQUIRE_<name>=1}. */
    private static void require(String name, int port) {
        boolean up;
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 1000);
            up = true;
        } catch (IOException e) {
            up = false;
        }
        if (!up && "1".equals(System.getenv("ARCA_REQUIRE_" + name))) {
            throw new IllegalStateException(name + " on 127.0.0.1:" + port + " is required (ARCA_REQUIRE_" + name
                    + "=1) but not reachable");
        }
        Assumptions.assumeTrue(up, name + " on 127.0.0.1:" + port + " is not reachable: skipping");
    }

    private static JsonNode expect(int status, ArcaProcess.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return answer.json();
    }
}
