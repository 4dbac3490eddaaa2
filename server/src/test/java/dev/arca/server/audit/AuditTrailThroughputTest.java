package dev.arca.server.audit;

import static dev.arca.server.audit.TestRecords.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prints how many synced appends per second 64 concurrent requests get; a figure to watch, never asserted. */
class AuditTrailThroughputTest {
    @TempDir
    Path dir;

    @Test
    void sixtyFourConcurrentAppenders_shareFsyncs() throws Exception {
        var file = dir.resolve("audit.log");
        int threads = 64;
        int each = 1_000;
        long started;
        long elapsed;
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.SYNCED)) {
            for (int i = 0; i < 2_000; i++) {
                trail.append(request(-1 - i));
            }
            started = System.nanoTime();
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
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
            elapsed = System.nanoTime() - started;
        }

        long total = (long) threads * each;
        System.out.printf("audit trail: %d synced appends from %d virtual threads in %d ms = %.0f appends/s%n",
                total, threads, elapsed / 1_000_000, total * 1e9 / elapsed);
        assertThat(AuditVerifier.verify(file).entries()).isEqualTo(total + 2_000);
    }
}
