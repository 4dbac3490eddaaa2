package dev.arca.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.arca.api.Timestamps;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming encoder writes every line byte for byte as the map-based encoder it replaced did: trails written
 * before it must still verify, and the hash chain runs over these bytes. {@link MapEncoder} is that old encoder,
 * kept here only as the reference.
 */
class AuditLineBytesTest {
    private static final Instant TIME = Instant.parse("2026-12-04T19:58:00.120Z");

    static Stream<AuditRecord> records() {
        var every = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            every.append((char) c); // every UTF-16 unit: control characters, U+2028, surrogates alone and paired
        }
        var details = new HashMap<String, String>();
        for (int i = 0; i < 40; i++) {
            details.put("k" + (char) ('a' + i % 26) + i, "v" + i);
        }
        details.put("", "empty key");
        details.put("Zed", "upper case sorts first");
        details.put("é", "non-ASCII key");
        details.put("hash", "a detail may be named like a chain member");
        return Stream.of(
                TestRecords.request(1),
                TestRecords.response(2, 403, "access_denied"),
                TestRecords.response(3, 200, null),
                AuditRecord.chainBreak("truncated", Map.of("previous_seq", "41", "previous_hash", "ab".repeat(32))),
                AuditRecord.rotated("size", Map.of("previous_file", "audit.log.1", "previous_seq", "99",
                        "previous_hash", "cd".repeat(32))),
                new AuditRecord(Instant.EPOCH, AuditRecord.Type.REQUEST, "req_min", null, null, "GET", "/", null,
                        null, null, Map.of()),
                new AuditRecord(Instant.parse("2026-03-04T05:06:07.123456789Z"), AuditRecord.Type.RESPONSE, "req_5",
                        "machine:mach_1", "secret.write", "PUT", "/v1/secrets/\"q\"\\\n\t\r\b\f\u0000\u001f\u007f",
                        "2001:db8::1", 503, "unavailable", details),
                new AuditRecord(TIME, AuditRecord.Type.RESPONSE, "req_\u2028\u2029", "user:zoë", "секрет.читать",
                        "GET", "/v1/vaults/金庫/secrets/🔑/😀", "127.0.0.1", 599, "über \"quoted\"",
                        Map.of("emoji", "🔑😀", "lone", "\ud800 and \udfff", "cjk", "秘密", "ctl", "\u0001\u0002")),
                new AuditRecord(TIME, AuditRecord.Type.REQUEST, "req_all", "token:acc_x", "x", "POST",
                        every.toString(), "10.0.0.1", null, null, Map.of("all", every.toString())),
                new AuditRecord(TIME, AuditRecord.Type.RESPONSE, "req_all", null, null, "-", "-", null, 0, null,
                        Map.of()));
    }

    @ParameterizedTest
    @MethodSource("records")
    void streamedLine_isByteForByteTheMapEncodersLine(AuditRecord record) {
        for (var key : new ChainKey[] {ChainKey.NONE, TestRecords.KEY}) {
            for (long seq : new long[] {1, 7, Long.MAX_VALUE}) {
                var prev = HexFormat.of().formatHex(AuditChain.sha256().digest(MapEncoder.ascii(Long.toString(seq))));
                var streamed = new ByteArrayOutputStream();
                var mapped = new ByteArrayOutputStream();

                var streamedHead = AuditChain.encode(record).writeLine(prev, seq, key, AuditChain.sha256(), streamed);
                var mappedHash = MapEncoder.writeLine(record, prev, seq, key, mapped);

                assertThat(streamed.toByteArray()).isEqualTo(mapped.toByteArray());
                assertThat(streamedHead.hash()).isEqualTo(mappedHash);
            }
        }
    }

    /** The encoder as it was before the streaming one: four sorted maps, each serialised by the canonical mapper. */
    private static final class MapEncoder {
        static String writeLine(AuditRecord record, String prevHash, long seq, ChainKey key, ByteArrayOutputStream out) {
            var beforeHash = new TreeMap<String, Object>();
            beforeHash.put("details", new TreeMap<>(record.details()));
            putIfPresent(beforeHash, "error", record.error());
            var betweenMacAndPrevHash = new TreeMap<String, Object>();
            betweenMacAndPrevHash.put("method", record.method());
            putIfPresent(betweenMacAndPrevHash, "operation", record.operation());
            betweenMacAndPrevHash.put("path", record.path());
            var beforeSeq = new TreeMap<String, Object>();
            putIfPresent(beforeSeq, "principal", record.principal());
            beforeSeq.put("request_id", record.requestId());
            var afterSeq = new TreeMap<String, Object>();
            putIfPresent(afterSeq, "source_ip", record.sourceIp());
            putIfPresent(afterSeq, "status", record.status());
            afterSeq.put("time", Timestamps.format(record.time()));
            afterSeq.put("type", record.type().wire());
            byte[] a = members(beforeHash);
            byte[] b = members(betweenMacAndPrevHash);
            byte[] c = members(beforeSeq);
            byte[] d = members(afterSeq);

            var prev = ascii(prevHash);
            var seqBytes = ascii(Long.toString(seq));
            MessageDigest digest = AuditChain.sha256();
            digest.update(prev);
            digest.update((byte) '\n');
            digest.update((byte) '{');
            digest.update(a);
            digest.update((byte) ',');
            digest.update(b);
            digest.update(ascii(",\"prev_hash\":\""));
            digest.update(prev);
            digest.update(ascii("\","));
            digest.update(c);
            digest.update(ascii(",\"seq\":"));
            digest.update(seqBytes);
            digest.update((byte) ',');
            digest.update(d);
            digest.update((byte) '}');
            var hash = HexFormat.of().formatHex(digest.digest());
            var mac = key.mac(hash).orElse(null);
            out.write('{');
            out.writeBytes(a);
            out.writeBytes(ascii(",\"hash\":\""));
            out.writeBytes(ascii(hash));
            if (mac != null) {
                out.writeBytes(ascii("\",\"mac\":\""));
                out.writeBytes(ascii(mac));
            }
            out.writeBytes(ascii("\","));
            out.writeBytes(b);
            out.writeBytes(ascii(",\"prev_hash\":\""));
            out.writeBytes(prev);
            out.writeBytes(ascii("\","));
            out.writeBytes(c);
            out.writeBytes(ascii(",\"seq\":"));
            out.writeBytes(seqBytes);
            out.write(',');
            out.writeBytes(d);
            out.write('}');
            out.write('\n');
            return hash;
        }

        private static void putIfPresent(Map<String, Object> line, String key, @Nullable Object value) {
            if (value != null) {
                line.put(key, value);
            }
        }

        private static byte[] members(Map<String, Object> group) {
            try {
                byte[] json = AuditChain.CANONICAL.writeValueAsBytes(group);
                return Arrays.copyOfRange(json, 1, json.length - 1);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        private static byte[] ascii(String text) {
            return text.getBytes(StandardCharsets.US_ASCII);
        }
    }
}
