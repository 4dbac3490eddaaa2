package dev.arca.server.audit;

import static dev.arca.server.audit.AuditTrailTest.parse;
import static dev.arca.server.audit.TestRecords.lines;
import static dev.arca.server.audit.TestRecords.request;
import static dev.arca.server.audit.TestRecords.trailWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.arca.api.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real write failures: the trail's path is a symlink to {@code /dev/full}, where every write fails with ENOSPC. */
class AuditTrailFaultTest {
    private static final Path FULL = Path.of("/dev/full");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsDevFull() {
        assumeTrue(Files.isWritable(FULL), "/dev/full is needed to make writes fail");
    }

    @Test
    void appendToAFullDisk_isRefusedAsUnavailable() throws IOException {
        var path = Files.createSymbolicLink(dir.resolve("audit.log"), FULL);

        try (var trail = AuditTrail.open(path)) {
            assertThatThrownBy(() -> trail.append(request(1)))
                    .isInstanceOf(AuditUnavailableException.class)
                    .hasMessage("the audit trail cannot be written; the request was not carried out")
                    .extracting(e -> ((AuditUnavailableException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThatThrownBy(() -> trail.append(request(2))).isInstanceOf(AuditUnavailableException.class);
        }
    }

    @Test
    void everyCallerInAFailedBatch_isRefused() throws Exception {
        var path = Files.createSymbolicLink(dir.resolve("audit.log"), FULL);
        List<Future<?>> results = new ArrayList<>();

        try (var trail = AuditTrail.open(path); var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 64; i++) {
                int n = i;
                results.add(executor.submit(() -> trail.append(request(n))));
            }
            for (var result : results) {
                assertThatThrownBy(result::get).hasCauseInstanceOf(AuditUnavailableException.class);
            }
        }
    }

    @Test
    void afterFailures_pointingThePathAtAWritableFile_letsAppendsSucceedWithoutARestart() throws IOException {
        var path = Files.createSymbolicLink(dir.resolve("audit.log"), FULL);
        var real = dir.resolve("audit-real.log");

        try (var trail = AuditTrail.open(path)) {
            assertThatThrownBy(() -> trail.append(request(1))).isInstanceOf(AuditUnavailableException.class);
            assertThatThrownBy(() -> trail.append(request(2))).isInstanceOf(AuditUnavailableException.class);

            Files.delete(path);
            Files.createSymbolicLink(path, real);
            trail.append(request(3));
            trail.append(request(4));
        }

        var result = AuditVerifier.verify(real);
        assertThat(result.intact()).isTrue();
        assertThat(result.entries()).isEqualTo(2);
        assertThat(lines(real)).hasSize(2);
        assertThat(parse(lines(real).getFirst())).containsEntry("request_id", "req_3")
                .containsEntry("prev_hash", "0".repeat(64));
    }

    @Test
    void afterFailures_pointingThePathAtAnExistingTrail_continuesThatTrailsChain() throws IOException {
        var existing = trailWith(dir.resolve("audit-existing.log"), 3);
        var lastHash = parse(lines(existing).get(2)).get("hash");
        var path = Files.createSymbolicLink(dir.resolve("audit.log"), FULL);

        try (var trail = AuditTrail.open(path)) {
            assertThatThrownBy(() -> trail.append(request(9))).isInstanceOf(AuditUnavailableException.class);

            Files.delete(path);
            Files.createSymbolicLink(path, existing);
            trail.append(request(4));
        }

        assertThat(parse(lines(existing).get(3))).containsEntry("request_id", "req_4").containsEntry("prev_hash", lastHash);
        assertThat(AuditVerifier.verify(existing).intact()).isTrue();
        assertThat(AuditVerifier.verify(existing).entries()).isEqualTo(4);
    }

    @Test
    void writeCutOffPartway_isRemovedFromTheFile_andTheNextAppendChainsOntoTheLastDurableLine() throws Throwable {
        assumeTrue(FileSizeLimit.supported(), "needs Linux to limit the file size");
        var file = trailWith(dir.resolve("audit.log"), 3);
        long durableSize = Files.size(file);
        var lastHash = parse(lines(file).get(2)).get("hash");

        try (var trail = AuditTrail.open(file)) {
            try (var _ = FileSizeLimit.of(durableSize + 100)) {
                assertThatThrownBy(() -> trail.append(request(4))).isInstanceOf(AuditUnavailableException.class);
                assertThat(Files.size(file)).isEqualTo(durableSize);
            }
            trail.append(request(5));
        }

        assertThat(AuditVerifier.verify(file).intact()).isTrue();
        assertThat(lines(file)).hasSize(4);
        assertThat(parse(lines(file).get(3))).containsEntry("request_id", "req_5").containsEntry("prev_hash", lastHash);
    }
}
