package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.server.audit.AuditVerifier;
import dev.arca.server.storage.TestDatabases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a real server process in the middle of a stream of concurrent writes, which the server combines
 * into shared transactions: after a restart and unseal, every write that was acknowledged is readable with its value
 * (new secrets, and every acknowledged version of secrets many writers race on), each has its response entry in the
 * audit trail, and the audit chain still verifies.
 */
@Tag("fault")
class CrashRecoveryIT {
    private static final int WRITERS = 32;
    /** Each of the 16 writers racing on the four shared secrets stops after this many: 800 versions a secret. */
    private static final int SHARED_WRITES = 200;
    /** The shared secrets' max_versions (the most allowed), above the 800 they can get. */
    private static final int KEPT_VERSIONS = 1000;

    /** A write the server answered 200: the secret, the version it made, the value, the request's id. */
    private record Acknowledged(String id, int version, String value, String requestId) {}

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
        int port = ArcaProcess.freePort();
        Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        List<String> keys = new ArrayList<>();
        String token;
        try (var server = ArcaProcess.start(dir, port, storage)) {
            JsonNode init = server.send("POST", "/v1/sys/init", null, "{\"shares\":1,\"threshold\":1}").json();
            init.path("unseal_keys").forEach(k -> keys.add(k.asText()));
            token = init.path("root_token").asText();
            server.send("POST", "/v1/sys/unseal", null, "{\"key\":\"" + keys.getFirst() + "\"}");
            server.send("POST", "/v1/vaults", token, "{\"name\":\"default\"}");
            server.send("POST", "/v1/vaults/default/projects", token, "{\"name\":\"app\"}");

            // the shared secrets keep every version the racing writers can make: a version pruned by max_versions
            // would be retention, not loss
            for (int s = 0; s < 4; s++) {
                server.send("PUT", "/v1/vaults/default/secrets/app/shared" + s, token,
                        "{\"value\":\"first\",\"max_versions\":" + KEPT_VERSIONS + "}");
            }
            var stop = new AtomicBoolean();
            try (var writers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    writers.submit(() -> {
                        for (int i = 0; !stop.get() && (writer % 2 == 0 || i < SHARED_WRITES); i++) {
                            // half the writers make new secrets, half race on new versions of four shared ones
                            String path = writer % 2 == 0 ? "app/w" + writer + "-" + i : "app/shared" + (i % 4);
                            String value = "value-" + writer + "-" + i;
                            try {
                                var r = server.send("PUT", "/v1/vaults/default/secrets/" + path, token,
                                        "{\"value\":\"" + value + "\"}");
                                if (r.status() == 200) {
                                    acknowledged.add(new Acknowledged(r.json().path("id").asText(),
                                            r.json().path("version").asInt(), value, r.requestId()));
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
                server.kill();
                stop.set(true);
            }
        }
        assertThat(acknowledged).hasSizeGreaterThan(10);

        try (var restarted = ArcaProcess.start(dir, port, storage)) {
            restarted.send("POST", "/v1/sys/unseal", null, "{\"key\":\"" + keys.getFirst() + "\"}");
            for (var write : acknowledged) {
                var read = restarted.send("GET", "/v1/secrets/" + write.id() + "?version=" + write.version(), token,
                        null);
                assertThat(read.status()).as(write.toString() + " " + read.body()).isEqualTo(200);
                assertThat(read.json().path("value").asText()).as(write.toString()).isEqualTo(write.value());
            }
        }
        var answered = new HashSet<String>();
        for (String line : Files.readAllLines(dir.resolve("data/audit.log"))) {
            JsonNode entry = Json.lenient().readTree(line);
            if (entry.path("type").asText().equals("response") && entry.path("status").asInt() == 200) {
                answered.add(entry.path("request_id").asText());
            }
        }
        assertThat(acknowledged).allSatisfy(write -> assertThat(answered).contains(write.requestId()));
        assertThat(AuditVerifier.verify(dir.resolve("data/audit.log")).intact()).isTrue();
    }
}
