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

/**
 * {@code kill -9} of a real server process in the middle of 100 credential creations against the real PostgreSQL:
 * after a restart and unseal, every acknowledged user still exists with its lease, and within the intent sweep's
 * age every user the engine made has a live lease — the ones whose lease never got stored are dropped. Counted in
 * {@code pg_roles}.
 */
@Tag("fault")
class DatabaseCrashIT {
    private static final String DB = "/v1/vaults/default/database";
    private static final String ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final String PREFIX = "crash_";

    @TempDir
    Path dir;

    @Test
    void killDashNine_duringCreations_leavesNoUserWithoutALease() throws Exception {
        Assumptions.assumeTrue(TestDatabases.freshPostgres().isPresent(),
                "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        dropLeftovers();
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
            expect(200, server.send("PUT", DB + "/config/pg", token, "{\"plugin\":\"postgresql\","
                    + "\"connection_url\":\"postgresql://127.0.0.1:5432/test\",\"username\":\"postgres\","
                    + "\"password\":\"unused-under-trust\",\"allowed_roles\":[\"crash\"]}"));
            expect(200, server.send("PUT", DB + "/roles/crash", token, "{\"connection\":\"pg\","
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
            assertThat(users()).as("every acknowledged user survived the crash").containsAll(acknowledged);
            System.out.printf("after the restart: %d acknowledged, %d users, %d live leases%n", acknowledged.size(),
                    users().size(), liveLeases(restarted, token));
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (users().size() != liveLeases(restarted, token) && System.nanoTime() < deadline) {
                Thread.sleep(1000);
            }
            assertThat(users()).as("users in pg_roles: exactly those with a live lease").hasSize(
                    liveLeases(restarted, token));
            JsonNode page = expect(200, restarted.send("GET", "/v1/vaults/default/leases?limit=1000", token, null));
            for (JsonNode lease : page.path("data")) {
                expect(204, restarted.send("POST", "/v1/leases/release", token,
                        "{\"lease_id\":\"" + lease.path("lease_id").asText() + "\"}"));
            }
            assertThat(users()).as("released: none left").isEmpty();
        } finally {
            dropLeftovers();
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

    private static List<String> users() throws SQLException {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL);
                var query = admin.prepareStatement("SELECT rolname FROM pg_roles WHERE rolname LIKE ?")) {
            query.setString(1, PREFIX + "%");
            var rs = query.executeQuery();
            var users = new ArrayList<String>();
            while (rs.next()) {
                users.add(rs.getString(1));
            }
            return users;
        }
    }

    private static void dropLeftovers() throws SQLException {
        try (Connection admin = DriverManager.getConnection(ADMIN_URL)) {
            for (String user : users()) {
                admin.createStatement().execute("DROP ROLE IF EXISTS \"" + user + "\"");
            }
        }
    }

    private static JsonNode expect(int status, ArcaProcess.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return answer.json();
    }
}
