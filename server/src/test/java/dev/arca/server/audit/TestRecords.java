package dev.arca.server.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records and file helpers shared by the audit tests. */
final class TestRecords {
    private TestRecords() {}

    static AuditRecord request(int n) {
        return new AuditRecord(Instant.parse("2026-01-01T00:00:00Z").plusMillis(n), AuditRecord.Type.REQUEST,
                "req_" + n, "token:acc_x", "secret.read", "GET", "/v1/secrets/sk_" + n, "10.0.0.1",
                null, null, Map.of("secret_id", "hmac-sha256:" + n));
    }

    static AuditRecord response(int n, int status, String error) {
        return new AuditRecord(Instant.parse("2026-01-01T00:00:00Z").plusMillis(n), AuditRecord.Type.RESPONSE,
                "req_" + n, "token:acc_x", "secret.read", "GET", "/v1/secrets/sk_" + n, "10.0.0.1",
                status, error, Map.of());
    }

    /** A trail at {@code file} holding {@code count} entries, closed again. */
    static Path trailWith(Path file, int count) throws IOException {
        try (var trail = AuditTrail.open(file, AuditTrail.Durability.BUFFERED)) {
            for (int i = 1; i <= count; i++) {
                trail.append(request(i));
            }
        }
        return file;
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file);
    }

    static void writeLines(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n");
    }
}
