package dev.arca.server.audit;

import static dev.arca.server.audit.TestRecords.lines;
import static dev.arca.server.audit.TestRecords.request;
import static dev.arca.server.audit.TestRecords.response;
import static dev.arca.server.audit.TestRecords.trailWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditTrailTest {
    @TempDir
    Path dir;

    @Test
    void entries_areWrittenAsSnakeCaseJsonLinesChainedFromZeros() throws IOException {
        var file = dir.resolve("audit.log");
        try (var trail = AuditTrail.open(file)) {
            trail.append(request(1));
            trail.append(response(1, 404, "not_found"));
        }

        var lines = lines(file);
        var first = parse(lines.get(0));
        var second = parse(lines.get(1));
        assertThat(first).containsEntry("type", "request").containsEntry("request_id", "req_1")
                .containsEntry("principal", "token:acc_x").containsEntry("operation", "secret.read")
                .containsEntry("method", "GET").containsEntry("path", "/v1/secrets/sk_1")
                .containsEntry("source_ip", "10.0.0.1").containsEntry("time", "2026-01-01T00:00:00.001Z")
                .containsEntry("details", Map.of("secret_id", "hmac-sha256:1"))
                .containsEntry("prev_hash", "0".repeat(64))
                .doesNotContainKeys("status", "error");
        assertThat(second).containsEntry("type", "response").containsEntry("status", 404)
                .containsEntry("error", "not_found").containsEntry("prev_hash", first.get("hash"));
        assertThat((String) first.get("hash")).matches("[0-9a-f]{64}");
        assertThat(lines.get(0)).doesNotContain(" ").startsWith("{\"details\":");
        assertThat(AuditVerifier.verify(file).intact()).isTrue();
    }

    @Test
    void nullFields_areLeftOutOfTheLine() throws IOException {
        var file = dir.resolve("audit.log");
        try (var trail = AuditTrail.open(file)) {
            trail.append(new AuditRecord(Instant.EPOCH, AuditRecord.Type.REQUEST, "req_1", null, null, "GET",
                    "/v1/nothing", null, null, null, null));
        }

        assertThat(parse(lines(file).getFirst())).doesNotContainKeys("principal", "operation", "source_ip")
                .containsEntry("details", Map.of());
        assertThat(lines(file).getFirst()).doesNotContain("null");
        assertThat(AuditVerifier.verify(file).intact()).isTrue();
    }

    @Test
    void chain_continuesAcrossCloseAndReopen() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 3);
        var lastHash = parse(lines(file).get(2)).get("hash");

        try (var trail = AuditTrail.open(file)) {
            trail.append(request(4));
        }

        assertThat(parse(lines(file).get(3))).containsEntry("prev_hash", lastHash);
        assertThat(AuditVerifier.verify(file).intact()).isTrue();
        assertThat(AuditVerifier.verify(file).entries()).isEqualTo(4);
    }

    @Test
    void partialTrailingLine_isCutAwayOnReopen_andTheChainStillVerifies() throws IOException {
        var file = trailWith(dir.resolve("audit.log"), 3);
        long intactSize = Files.size(file);
        Files.writeString(file, "{\"details\":{},\"method\":\"GE", StandardOpenOption.APPEND);

        try (var trail = AuditTrail.open(file)) {
            assertThat(Files.size(file)).isEqualTo(intactSize);
            trail.append(request(4));
        }

        var result = AuditVerifier.verify(file);
        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isEqualTo(4);
    }

    @Test
    void fileHoldingOnlyAPartialLine_startsTheChainAfresh() throws IOException {
        var file = dir.resolve("audit.log");
        Files.writeString(file, "{\"details\":{},\"met");

        try (var trail = AuditTrail.open(file)) {
            trail.append(request(1));
        }

        assertThat(AuditVerifier.verify(file).intact()).isTrue();
        assertThat(parse(lines(file).getFirst())).containsEntry("prev_hash", "0".repeat(64));
    }

    @Test
    void longLastLine_isFoundFromTheEnd() throws IOException {
        var file = dir.resolve("audit.log");
        var big = "x".repeat(50_000);
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.BUFFERED)) {
            trail.append(request(1));
            trail.append(new AuditRecord(Instant.EPOCH, AuditRecord.Type.REQUEST, "req_2", null, null, "GET",
                    "/v1/x", null, null, null, Map.of("a", big, "b", big)));
        }
        try (var trail = AuditTrail.open(file)) {
            trail.append(request(3));
        }

        assertThat(AuditVerifier.verify(file).intact()).isTrue();
    }

    @Test
    void fileUnlinkedWhileOpen_isNotWrittenOnto_theTrailReopensThePathAndRecordsTheBreak() throws IOException {
        var file = dir.resolve("audit.log");
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.BUFFERED)) {
            trail.append(request(1));
            var before = trail.append(request(2));
            Files.delete(file);

            var after = trail.append(request(3));

            assertThat(after.seq()).isEqualTo(before.seq() + 2);
            var lines = lines(file);
            assertThat(lines).hasSize(2);
            assertThat(parse(lines.get(0))).containsEntry("type", "break").containsEntry("seq", 3)
                    .containsEntry("prev_hash", before.hash())
                    .containsEntry("details", Map.of("reason", "file_missing", "previous_seq", "2",
                            "previous_hash", before.hash()));
            assertThat(parse(lines.get(1))).containsEntry("request_id", "req_3").containsEntry("seq", 4);
        }
        var result = AuditVerifier.verify(file);
        assertThat(result.intact()).isTrue();
        assertThat(result.notes()).anySatisfy(note -> assertThat(note).contains("file_missing"));
    }

    @Test
    void fileReplacedWhileOpen_getsTheBreakAfterWhatItHolds() throws IOException {
        var file = dir.resolve("audit.log");
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.BUFFERED)) {
            trail.append(request(1));
            Files.move(file, dir.resolve("audit.log.1"));
            trailWith(file, 2);

            trail.append(request(2));
        }

        var lines = lines(file);
        assertThat(lines).hasSize(4);
        assertThat(parse(lines.get(2))).containsEntry("type", "break").containsEntry("seq", 3)
                .containsEntry("details", Map.of("reason", "file_replaced", "previous_seq", "1",
                        "previous_hash", parse(lines(dir.resolve("audit.log.1")).getFirst()).get("hash")));
        assertThat(lines(dir.resolve("audit.log.1"))).hasSize(1);
    }

    @Test
    void lastLineThatIsNotAnEntry_refusesToOpen() throws IOException {
        var file = dir.resolve("audit.log");
        Files.writeString(file, "this is not an audit trail\n");

        assertThatThrownBy(() -> AuditTrail.open(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON");
        assertThat(Files.readString(file)).isEqualTo("this is not an audit trail\n");
    }

    @Test
    void newFile_isCreatedOwnerOnly_withItsMissingParentFolders() throws IOException {
        var file = dir.resolve("data/audit/audit.log");

        try (var trail = AuditTrail.open(file)) {
            trail.append(request(1));
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(AuditVerifier.verify(file).entries()).isEqualTo(1);
    }

    @Test
    void detailsWithQuotesNewlinesAndOddCharacters_stayEscapedOnOneLine() throws IOException {
        var file = dir.resolve("audit.log");
        var nasty = "a\"b\nc\r\nd\\e\u0000f\u2028g\uD800h😀 {\"injected\":true}\n";
        try (var trail = AuditTrail.open(file)) {
            trail.append(new AuditRecord(Instant.EPOCH, AuditRecord.Type.REQUEST, "req_\n1", "token:\"x\"", "secret.read",
                    "GET", "/v1/secrets/a\nb", "::1", null, null, Map.of("name\n", nasty, "other", "plain")));
            trail.append(request(2));
        }

        var content = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(content.lines()).hasSize(2);
        assertThat(parse(content.lines().findFirst().orElseThrow()))
                .containsEntry("details", Map.of("name\n", nasty, "other", "plain"))
                .containsEntry("path", "/v1/secrets/a\nb");
        assertThat(AuditVerifier.verify(file).intact()).isTrue();
    }

    @Test
    void appendAfterClose_isRefusedAsUnavailable() throws IOException {
        var trail = AuditTrail.open(dir.resolve("audit.log"));
        trail.close();

        assertThatThrownBy(() -> trail.append(request(1))).isInstanceOf(AuditUnavailableException.class)
                .extracting(e -> ((AuditUnavailableException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void concurrentAppends_fromManyVirtualThreads_allLandInOneChain() throws Exception {
        var file = dir.resolve("audit.log");
        int threads = 64;
        int each = 200;
        try (var trail = AuditTrail.open(file); var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                int base = t * each;
                executor.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        trail.append(request(base + i));
                    }
                    return null;
                });
            }
        }

        var result = AuditVerifier.verify(file);
        long appended = (long) threads * each;
        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isEqualTo(appended);
        assertThat(lines(file).stream().map(l -> parse(l).get("request_id")).distinct().count()).isEqualTo(appended);
    }

    @Test
    void recordsThatContradictTheirType_areRejected() {
        assertThatThrownBy(() -> new AuditRecord(Instant.EPOCH, AuditRecord.Type.REQUEST, "req_1", null, null, "GET",
                "/", null, 200, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuditRecord(Instant.EPOCH, AuditRecord.Type.RESPONSE, "req_1", null, null, "GET",
                "/", null, null, null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    static TreeMap<String, Object> parse(String line) {
        try {
            return AuditChain.CANONICAL.readValue(line, new TypeReference<TreeMap<String, Object>>() {});
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
