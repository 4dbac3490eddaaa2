package dev.arca.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.api.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AuditChainTest {
    static Stream<AuditRecord> records() {
        return Stream.of(
                TestRecords.request(1),
                TestRecords.response(2, 403, "access_denied"),
                TestRecords.response(3, 200, null),
                new AuditRecord(Instant.EPOCH, AuditRecord.Type.REQUEST, "req_4", null, null, "GET", "/", null,
                        null, null, Map.of()),
                new AuditRecord(Instant.parse("2026-03-04T05:06:07.123456789Z"), AuditRecord.Type.RESPONSE, "req_5",
                        "machine:mach_1", "secret.write", "PUT", "/v1/secrets/\"q\"\n", "2001:db8::1", 503,
                        "unavailable", Map.of("method", "x", "zz", "\u2028", "hash", "h", "prev_hash", "p")));
    }

    @ParameterizedTest
    @MethodSource("records")
    void writtenLine_isTheCanonicalJsonOfItsFields_withTheHashTheVerifierComputes(AuditRecord record) throws IOException {
        var prev = "ab".repeat(32);
        var out = new ByteArrayOutputStream();

        var written = AuditChain.encode(record).writeLine(prev, 7, ChainKey.NONE, AuditChain.sha256(), out);

        var fields = fields(record, prev);
        assertThat(written.hash()).isEqualTo(AuditChain.hash(prev, fields));
        assertThat(written.seq()).isEqualTo(7);
        assertThat(written.mac()).isNull();
        fields.put("hash", written.hash());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(AuditChain.CANONICAL.writeValueAsString(fields) + "\n");
    }

    @ParameterizedTest
    @MethodSource("records")
    void lineWrittenWithAKey_carriesTheMacOfItsHash_outsideWhatIsHashed(AuditRecord record) throws IOException {
        var prev = "cd".repeat(32);
        var out = new ByteArrayOutputStream();
        var key = new ChainKey() {
            @Override
            public java.util.Optional<String> mac(String hash) {
                return java.util.Optional.of("ff" + hash);
            }

            @Override
            public java.util.Optional<Boolean> verify(String hash, String mac) {
                return java.util.Optional.of(mac.equals("ff" + hash));
            }
        };

        var written = AuditChain.encode(record).writeLine(prev, 3, key, AuditChain.sha256(), out);

        var fields = fields(record, prev);
        fields.put("seq", 3);
        assertThat(written.hash()).isEqualTo(AuditChain.hash(prev, fields));
        assertThat(written.mac()).isEqualTo("ff" + written.hash());
        fields.put("hash", written.hash());
        fields.put("mac", written.mac());
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(AuditChain.CANONICAL.writeValueAsString(fields) + "\n");
    }

    /** The line as the verifier sees it: every non-null field in one sorted map. */
    private static TreeMap<String, Object> fields(AuditRecord record, String prev) {
        var line = new TreeMap<String, Object>();
        line.put("time", Timestamps.format(record.time()));
        line.put("type", record.type().wire());
        line.put("request_id", record.requestId());
        line.put("method", record.method());
        line.put("path", record.path());
        line.put("details", new TreeMap<>(record.details()));
        line.put("prev_hash", prev);
        line.put("seq", 7);
        if (record.principal() != null) line.put("principal", record.principal());
        if (record.operation() != null) line.put("operation", record.operation());
        if (record.sourceIp() != null) line.put("source_ip", record.sourceIp());
        if (record.status() != null) line.put("status", record.status());
        if (record.error() != null) line.put("error", record.error());
        return line;
    }
}
