package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.audit.AuditVerifier;
import dev.arca.server.storage.TestDatabases;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real server process in the middle of a stream of writes: after a restart and unseal,
 * every write that was acknowledged is readable with its value, and the audit chain still verifies.
 */
@Tag("fault")
class CrashRecoveryIT {
    private static final ObjectMapper JSON = Json.lenient();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dir;

    @Test
    void killDashNine_losesNoAcknowledgedWrite_onSqlite() throws Exception {
        crashAndRecover(null);
    }

    @Test
    void killDashNine_losesNoAcknowledgedWrite_onPostgres() throws Exception {
        var storage = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(storage.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        crashAndRecover(storage.get());
    }

    private void crashAndRecover(String storage) throws Exception {
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        Process server = startServer(port, storage);
        Map<String, String> acknowledged = new ConcurrentHashMap<>();
        List<String> keys = new ArrayList<>();
        String token;
        try {
            waitForHealth(base);
            JsonNode init = send(base, "POST", "/v1/sys/init", null, "{\"shares\":1,\"threshold\":1}").json;
            init.path("unseal_keys").forEach(k -> keys.add(k.asText()));
            token = init.path("root_token").asText();
            send(base, "POST", "/v1/sys/unseal", null, "{\"key\":\"" + keys.getFirst() + "\"}");
            send(base, "POST", "/v1/vaults", token, "{\"name\":\"default\"}");
            send(base, "POST", "/v1/vaults/default/projects", token, "{\"name\":\"app\"}");

            var stop = new AtomicBoolean();
            try (var writers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < 8; w++) {
                    int writer = w;
                    writers.submit(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            String path = "app/w" + writer + "-" + i;
                            String value = "value-" + writer + "-" + i;
                            try {
                                var r = send(base, "PUT", "/v1/vaults/default/secrets/" + path, token,
                                        "{\"value\":\"" + value + "\"}");
                                if (r.status == 200) {
                                    acknowledged.put(path, value);
                                }
                            } catch (IOException e) {
                                return; // the server is gone
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                    });
                }
                Thread.sleep(1500);
                server.destroyForcibly(); // SIGKILL
                server.waitFor(10, TimeUnit.SECONDS);
                stop.set(true);
            }
        } finally {
            server.destroyForcibly();
        }
        assertThat(acknowledged).hasSizeGreaterThan(10);

        Process restarted = startServer(port, storage);
        try {
            waitForHealth(base);
            send(base, "POST", "/v1/sys/unseal", null, "{\"key\":\"" + keys.getFirst() + "\"}");
            for (var entry : acknowledged.entrySet()) {
                var read = send(base, "GET", "/v1/vaults/default/secrets/" + entry.getKey(), token, null);
                assertThat(read.status).as(entry.getKey()).isEqualTo(200);
                assertThat(read.json.path("value").asText()).isEqualTo(entry.getValue());
            }
        } finally {
            restarted.destroy();
            restarted.waitFor(15, TimeUnit.SECONDS);
        }
        assertThat(AuditVerifier.verify(dir.resolve("data/audit.log")).intact()).isTrue();
    }

    private Process startServer(int port, String storage) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.arca.cli.ArcaCommand", "server",
                "--listen", "127.0.0.1:" + port, "--data-dir", dir.resolve("data").toString()));
        if (storage != null) {
            command.addAll(List.of("--storage", storage));
        }
        var builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile());
        builder.environment().put("ARCA_HOME", dir.resolve("home").toString());
        return builder.start();
    }

    private static void waitForHealth(String base) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            try {
                send(base, "GET", "/v1/sys/health", null, null);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the server did not come up at " + base);
    }

    private record Answer(int status, JsonNode json) {}

    private static Answer send(String base, String method, String path, String token, String body)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
