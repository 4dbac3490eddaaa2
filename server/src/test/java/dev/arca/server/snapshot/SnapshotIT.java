package dev.arca.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.server.TestServer;
import dev.arca.server.storage.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots through the real HTTP stack on both backends: saved while writes go on, restored into an empty server on
 * the other backend, unsealed with the original keys; and every refusal changes nothing.
 */
class SnapshotIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SNAPSHOT = "/v1/sys/storage/snapshot";

    @TempDir
    Path dir;

    @Test
    void sqliteSnapshot_savedWhileWritesGoOn_restoresOnPostgresql() throws Exception {
        roundTrip(null, postgres());
    }

    @Test
    void postgresqlSnapshot_savedWhileWritesGoOn_restoresOnSqlite() throws Exception {
        roundTrip(postgres(), null);
    }

    private void roundTrip(String sourceStorage, String targetStorage) throws Exception {
        Path file = dir.resolve("arca.snapshot");
        Map<String, String> written = new ConcurrentHashMap<>();
        List<String> unsealKeys;
        String rootToken;
        try (var source = TestServer.start(dir.resolve("source"), sourceStorage).initAndUnseal()) {
            unsealKeys = List.copyOf(source.unsealKeys);
            rootToken = source.rootToken;
            assertThat(source.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}").status()).isEqualTo(201);
            var random = new SecureRandom();
            for (int i = 0; i < 30; i++) { // over the 1 MiB body limit, restored all the same
                byte[] bytes = new byte[48 * 1024];
                random.nextBytes(bytes);
                put(source, written, "app/big-" + i, Base64.getEncoder().encodeToString(bytes));
            }
            var failure = new AtomicReference<String>();
            var stop = new AtomicBoolean();
            var writer = Thread.ofVirtual().start(() -> {
                for (int i = 0; !stop.get() && failure.get() == null; i++) {
                    var answer = source.root("PUT", "/v1/vaults/default/secrets/app/during-" + i,
                            "{\"value\":\"value-" + i + "\"}");
                    if (answer.status() != 200) {
                        failure.set(answer.toString());
                    }
                }
            });
            var saved = HTTP.send(HttpRequest.newBuilder(URI.create(source.address() + SNAPSHOT))
                    .header("Authorization", "Bearer " + source.rootToken).build(),
                    HttpResponse.BodyHandlers.ofFile(file));
            stop.set(true);
            writer.join();
            assertThat(saved.statusCode()).isEqualTo(200);
            assertThat(saved.headers().firstValue("Content-Type")).hasValue("application/vnd.arca.snapshot");
            assertThat(failure.get()).as("writes go on while the snapshot is taken").isNull();
            assertThat(Files.size(file)).isGreaterThan(1024 * 1024);
        }

        try (var target = TestServer.start(dir.resolve("target"), targetStorage)) {
            var restored = restore(target, Files.readAllBytes(file), Map.of());
            assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
            JsonNode answer = JSON.readTree(restored.body());
            assertThat(answer.get("sha256").asText()).isEqualTo(trailerSha(file));
            assertThat(answer.get("rows").get("vaults").asLong()).isEqualTo(1);
            long auditSeq = answer.get("audit_head").get("seq").asLong();
            assertThat(auditSeq).isPositive();
            var status = target.call("GET", "/v1/sys/seal-status", null, null).json();
            assertThat(status.get("initialized").asBoolean()).isTrue();
            assertThat(status.get("sealed").asBoolean()).isTrue();

            // the audit entry of the restore carries the saved server's audit head, and the restarted server accepts it
            String trail = Files.readString(target.config().auditFile());
            assertThat(trail).contains("\"snapshot_audit_seq\":\"" + auditSeq + "\"")
                    .contains(answer.get("audit_head").get("hash").asText());
            target.restart();
            unsealKeys.subList(0, 3).forEach(target::unseal);
            target.rootToken = rootToken; // the saved server's root token, restored with its tokens
            var verify = target.root("POST", "/v1/sys/audit/verify", null).json();
            assertThat(verify.get("intact").asBoolean()).as(verify.toString()).isTrue();

            written.forEach((path, value) -> {
                var read = target.root("GET", "/v1/vaults/default/secrets/" + path, null);
                assertThat(read.status()).as(path).isEqualTo(200);
                assertThat(read.json().get("value").asText()).as(path).isEqualTo(value);
            });
            // whatever the concurrent writer had committed at the snapshot is there whole, and readable
            var listed = target.root("GET", "/v1/vaults/default/secrets?limit=1000", null).json().get("data");
            for (JsonNode item : listed) {
                String path = item.get("path").asText();
                var read = target.root("GET", "/v1/vaults/default/secrets/" + path, null);
                assertThat(read.status()).as(path).isEqualTo(200);
                if (path.startsWith("app/during-")) {
                    assertThat(read.json().get("value").asText()).isEqualTo("value-" + path.substring(11));
                }
            }
        }
    }

    @Test
    void restore_intoAnInitializedServer_isRefusedWith409() throws Exception {
        byte[] snapshot = savedSnapshot();
        try (var other = TestServer.start(dir.resolve("other")).initAndUnseal()) {
            var answer = restore(other, snapshot, Map.of());
            assertThat(answer.statusCode()).isEqualTo(409);
            assertThat(answer.body()).contains("conflict").contains("only into an empty server").contains("initialized");
        }
    }

    @Test
    void badSnapshots_areRefusedWith400_andNothingIsWritten() throws Exception {
        byte[] snapshot = savedSnapshot();
        try (var target = TestServer.start(dir.resolve("target"))) {
            byte[] truncated = java.util.Arrays.copyOf(snapshot, snapshot.length * 2 / 3);
            refused(target, truncated, "cut short");
            byte[] flipped = snapshot.clone();
            flipped[snapshot.length / 2] ^= 0x01;
            refused(target, flipped, "cannot be restored");
            refused(target, rewritten(snapshot, "\"format_version\":1", "\"format_version\":2"),
                    "format version 2");
            refused(target, rewritten(snapshot, "\"schema_version\":\"", "\"schema_version\":\"1"),
                    "schema version 1");
            refused(target, rewritten(snapshot, "\"default\",", "\"defaulT\","), "SHA-256");
            refused(target, "not a snapshot".getBytes(StandardCharsets.UTF_8), "not gzip");
            var json = restore(target, snapshot, Map.of("Content-Type", "application/json"));
            assertThat(json.statusCode()).isEqualTo(400);
            assertThat(json.body()).contains("application/vnd.arca.snapshot");

            assertThat(restore(target, snapshot, Map.of()).statusCode()).as("the good one after them").isEqualTo(200);
            try (var files = Files.list(target.config().dataDir())) {
                assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.startsWith("restore-"));
            }
        }
    }

    @Test
    void save_withoutRoot_isRefused() throws Exception {
        try (var server = TestServer.start(dir.resolve("source")).initAndUnseal()) {
            assertThat(server.call("GET", SNAPSHOT, null, null).status()).isEqualTo(401);
        }
    }

    private void refused(TestServer target, byte[] body, String message) throws Exception {
        var answer = restore(target, body, Map.of());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
        assertThat(answer.body()).contains("invalid_request").contains(message).contains("nothing was written");
        assertThat(target.call("GET", "/v1/sys/seal-status", null, null).json().get("initialized").asBoolean())
                .isFalse();
    }

    private byte[] savedSnapshot() throws Exception {
        try (var source = TestServer.start(dir.resolve("saved")).initAndUnseal()) {
            var saved = HTTP.send(HttpRequest.newBuilder(URI.create(source.address() + SNAPSHOT))
                    .header("Authorization", "Bearer " + source.rootToken).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(saved.statusCode()).isEqualTo(200);
            return saved.body();
        }
    }

    private static HttpResponse<String> restore(TestServer target, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(target.address() + SNAPSHOT))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", headers.getOrDefault("Content-Type", "application/vnd.arca.snapshot"));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The snapshot with one text replaced, recompressed: its checksum no longer covers it. */
    private static byte[] rewritten(byte[] snapshot, String from, String to) throws IOException {
        String text = new String(new GZIPInputStream(new java.io.ByteArrayInputStream(snapshot)).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        var out = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(out)) {
            gzip.write(text.replaceFirst(java.util.regex.Pattern.quote(from), to).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** The SHA-256 of every line before the trailer, computed here independently of the server. */
    private static String trailerSha(Path file) throws Exception {
        byte[] text = new GZIPInputStream(Files.newInputStream(file)).readAllBytes();
        int end = text.length - 1;
        int start = end;
        while (start > 0 && text[start - 1] != '\n') {
            start--;
        }
        var digest = java.security.MessageDigest.getInstance("SHA-256");
        digest.update(text, 0, start);
        String sha = HexFormat.of().formatHex(digest.digest());
        assertThat(JSON.readTree(new String(text, start, end - start, StandardCharsets.UTF_8)).get("sha256").asText())
                .isEqualTo(sha);
        return sha;
    }

    private static void put(TestServer server, Map<String, String> written, String path, String value) {
        var answer = server.root("PUT", "/v1/vaults/default/secrets/" + path, "{\"value\":\"" + value + "\"}");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        written.put(path, value);
    }

    private static String postgres() {
        var url = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(url.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        return url.get();
    }
}
