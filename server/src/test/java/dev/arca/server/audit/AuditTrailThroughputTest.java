package dev.arca.server.audit;

import static dev.arca.server.audit.TestRecords.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints how many appends per second 64 concurrent requests get, synced and (for comparison, to show what the
 * fsyncs cost once they are shared) buffered. Figures to watch, never asserted: they depend on the machine.
 */
class AuditTrailThroughputTest {
    private static final int THREADS = 64;
    private static final int EACH = 1_000;
    private static final int WARM_UP = 2_000;

    @TempDir
    Path dir;

    @Test
    void sixtyFourConcurrentAppenders_shareFsyncs() throws Exception {
        for (var durability : new AuditTrail.Durability[] {AuditTrail.Durability.BUFFERED, AuditTrail.Durability.SYNCED}) {
            var file = dir.resolve(durability + ".log");
            long elapsed;
            try (var trail = AuditTrail.open(file, durability)) {
                for (int i = 0; i < WARM_UP; i++) {
                    trail.append(request(-1 - i));
                }
                long started = System.nanoTime();
                appendConcurrently(trail);
                elapsed = System.nanoTime() - started;
            }

            long total = (long) THREADS * EACH;
            System.out.printf("audit trail, %s: %d appends from %d virtual threads in %d ms = %.0f appends/s%n",
                    durability, total, THREADS, elapsed / 1_000_000, total * 1e9 / elapsed);
            assertThat(AuditVerifier.verify(file).entries()).isEqualTo(total + WARM_UP);
        }
    }

    private static void appendConcurrently(AuditTrail trail) {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < THREADS; t++) {
                int base = t * EACH;
                executor.submit(() -> {
                    for (int i = 0; i < EACH; i++) {
                        trail.append(request(base + i));
                    }
                    return null;
                });
            }
        }
    }
}
