package dev.arca.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.arca.server.audit.AuditVerifier;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The audit trail as the server writes it: every request, hash-chained, fail-closed, never a value. */
class AuditTrailIT {
    @TempDir
    Path dir;

    @Test
    void everyRequest_isAuditedOnArrivalAndAnswer_andTheChainVerifies() throws IOException {
        try (var server = TestServer.start(dir).initAndUnseal()) {
            var response = server.root("GET", "/v1/vaults", null);
            String requestId = response.header("X-Request-Id");
            List<String> lines = Files.readAllLines(server.config().auditFile());
            assertThat(lines.stream().filter(l -> l.contains(requestId)))
                    .anySatisfy(l -> assertThat(l).contains("\"type\":\"request\""))
                    .anySatisfy(l -> assertThat(l).contains("\"type\":\"response\"").contains("\"status\":200"));
            assertThat(AuditVerifier.verify(server.config().auditFile()).intact()).isTrue();
        }
    }

    @Test
    void secretValuesAndTokens_neverReachTheDatabaseTheAuditTrailOrTheLogs() throws IOException {
        var logs = new ListAppender<ILoggingEvent>();
        logs.start();
        var root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        String marker = "canary-" + System.nanoTime();
        try (var server = TestServer.start(dir).initAndUnseal()) {
            server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
            server.root("PUT", "/v1/vaults/default/secrets/app/canary", "{\"value\":\"" + marker + "\"}");
            server.root("PUT", "/v1/vaults/default/secrets/app/fields", "{\"fields\":{\"k\":\"" + marker + "\"}}");
            assertThat(server.root("GET", "/v1/vaults/default/secrets/app/canary", null).body()).contains(marker);
            server.root("POST", "/v1/tokens/lookup", "{\"token\":\"" + server.rootToken + "\"}");
            server.root("PUT", "/v1/vaults/default/secrets/app/bad", "{\"type\":\"json\",\"value\":\"" + marker + "\"}");
        } finally {
            root.detachAppender(logs);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (file.getFileName().toString().equals("dev-credentials.json")) {
                    continue;
                }
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(content).as(file.toString()).doesNotContain(marker);
            }
        }
        String audit = Files.readString(dir.resolve("data/audit.log"));
        assertThat(audit).contains("hmac-sha256:");
        assertThat(logs.list).noneSatisfy(event -> assertThat(event.getFormattedMessage()).contains(marker));
    }

    @Test
    void concurrentWrites_areEachAcknowledgedDurableAndAudited_andABadOneAmongThemChangesNothing() throws Exception {
        try (var server = TestServer.start(dir).initAndUnseal()) {
            server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
            var answers = new java.util.concurrent.ConcurrentHashMap<Integer, TestServer.Response>();
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 64; i++) {
                    int n = i;
                    // one secret written by all (versions race), every eighth request refused by validation
                    String body = n % 8 == 7 ? "{\"type\":\"json\",\"value\":\"not json " + n + "\"}"
                            : "{\"value\":\"v" + n + "\"}";
                    pool.submit(() -> answers.put(n, server.root("PUT", "/v1/vaults/default/secrets/app/shared", body)));
                }
            }
            List<String> lines = Files.readAllLines(server.config().auditFile());
            var versions = new java.util.HashSet<Integer>();
            for (var answer : answers.entrySet()) {
                int expected = answer.getKey() % 8 == 7 ? 400 : 200;
                assertThat(answer.getValue().status()).as("write %d", answer.getKey()).isEqualTo(expected);
                String requestId = answer.getValue().header("X-Request-Id");
                assertThat(lines.stream().filter(l -> l.contains(requestId) && l.contains("\"type\":\"response\"")))
                        .singleElement().satisfies(l -> assertThat(l).contains("\"status\":" + expected));
                if (expected == 200) {
                    versions.add(answer.getValue().json().path("version").asInt());
                }
            }
            assertThat(versions).as("each acknowledged write made its own version").hasSize(56);
            var latest = server.root("GET", "/v1/vaults/default/secrets/app/shared", null).json();
            assertThat(latest.path("version").asInt()).isEqualTo(56);
            assertThat(latest.path("value").asText()).doesNotStartWith("not json");
            assertThat(AuditVerifier.verify(server.config().auditFile()).intact()).isTrue();
        }
    }

    @Test
    @Tag("fault")
    void auditDiskFull_failsWritesWith503_storesNothing_andRecoversWithoutRestart() throws Exception {
        Path mount = dir.resolve("small");
        Files.createDirectories(mount);
        Process mounted = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        Assumptions.assumeTrue(mounted.waitFor() == 0,
                "SKIPPING the disk-full audit test: this machine does not let the test mount a small tmpfs");
        try {
            Path auditFile = mount.resolve("audit.log");
            try (var server = TestServer.start(dir, null, auditFile).initAndUnseal()) {
                server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
                Path filler = mount.resolve("filler");
                fill(filler);
                // the audit file's last page may still hold a few lines: write until the trail is full
                String lost = null;
                for (int i = 0; i < 200 && lost == null; i++) {
                    var write = server.root("PUT", "/v1/vaults/default/secrets/app/s" + i, "{\"value\":\"x\"}");
                    if (write.status() != 200) {
                        assertThat(write.status()).isEqualTo(503);
                        assertThat(write.errorCode()).isEqualTo("unavailable");
                        lost = "app/s" + i;
                    }
                }
                assertThat(lost).as("a write failed once the audit disk was full").isNotNull();
                // concurrent writes, combined into shared transactions, fail closed together
                var burst = new java.util.concurrent.ConcurrentHashMap<String, Integer>();
                try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                    for (int i = 0; i < 16; i++) {
                        String path = "app/burst" + i;
                        pool.submit(() -> burst.put(path,
                                server.root("PUT", "/v1/vaults/default/secrets/" + path, "{\"value\":\"x\"}").status()));
                    }
                }
                assertThat(burst.values()).contains(503).isSubsetOf(200, 503);
                Files.delete(filler);
                burst.forEach((path, status) -> assertThat(server.root("GET", "/v1/vaults/default/secrets/" + path,
                        null).status()).as(path).isEqualTo(status == 200 ? 200 : 404));
                assertThat(server.root("GET", "/v1/vaults/default/secrets/" + lost, null).status()).isEqualTo(404);
                assertThat(server.root("PUT", "/v1/vaults/default/secrets/app/kept", "{\"value\":\"x\"}").status())
                        .isEqualTo(200);
                assertThat(AuditVerifier.verify(auditFile).intact()).isTrue();
            }
        } finally {
            new ProcessBuilder("umount", "-l", mount.toString()).start().waitFor();
        }
    }

    /** Fills a filesystem to the last byte. */
    private static void fill(Path filler) {
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            // the filesystem is full: exactly what we wanted
        }
    }
}
