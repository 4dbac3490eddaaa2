package dev.arca.bench.jmh;

import dev.arca.server.audit.AuditRecord;
import dev.arca.server.audit.AuditTrail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One audit entry appended to the hash-chained file ({@link AuditTrail#append}), forced to disk or not. With
 * {@code -t 64} the appends of many threads are group-committed, as under load.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AuditAppendBenchmark {
    @Param({"SYNCED", "BUFFERED"})
    public AuditTrail.Durability durability;

    private Path dir;
    private AuditTrail trail;
    private AuditRecord record;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("arca-jmh-audit-");
        trail = AuditTrail.open(dir.resolve("audit.log"), durability);
        record = new AuditRecord(Instant.now(), AuditRecord.Type.RESPONSE, "req_0123456789abcdef", "token:acc_jmh",
                "secret.read", "GET", "/v1/vaults/bench/secrets/bench/s000042", "127.0.0.1", 200, null,
                Map.of("vault", "vault_0123456789", "secret", "hmac-sha256:0123456789abcdef0123456789abcdef"));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        trail.close();
        Files.deleteIfExists(dir.resolve("audit.log"));
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public void append() {
        trail.append(record);
    }
}
