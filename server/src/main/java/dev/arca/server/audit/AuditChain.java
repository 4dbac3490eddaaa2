package dev.arca.server.audit;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.arca.api.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The line format shared by the writer and the verifier, so the two compute a hash the same way: a line is a JSON
 * object with sorted keys and no whitespace, and its {@code hash} is SHA-256 over
 * {@code prev_hash + "\n" + canonical JSON of the line without hash}.
 */
final class AuditChain {
    static final String START_HASH = "0".repeat(64);
    static final String HASH = "hash";
    static final String PREV_HASH = "prev_hash";

    /**
     * Sorted map keys at every depth make the serialisation canonical; duplicate keys are refused when reading,
     * so a line cannot show one value to a person and hash another.
     */
    static final ObjectMapper CANONICAL = JsonMapper.builder(JsonMapper.builder().build().getFactory()
                    .setStreamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(Json.MAX_NESTING_DEPTH).build()))
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {}

    /** The record's fields under their snake_case names, with null fields left out so a reader sees no nulls. */
    static TreeMap<String, Object> fields(AuditRecord record, String prevHash) {
        var line = new TreeMap<String, Object>();
        line.put("time", record.time().toString());
        line.put("type", record.type().wire());
        line.put("request_id", record.requestId());
        putIfPresent(line, "principal", record.principal());
        putIfPresent(line, "operation", record.operation());
        line.put("method", record.method());
        line.put("path", record.path());
        putIfPresent(line, "source_ip", record.sourceIp());
        putIfPresent(line, "status", record.status());
        putIfPresent(line, "error", record.error());
        line.put("details", new TreeMap<>(record.details()));
        line.put(PREV_HASH, prevHash);
        return line;
    }

    /** The chain hash of a line given as its fields without {@code hash}; lowercase hex. */
    static String hash(String prevHash, Map<String, Object> lineWithoutHash) throws java.io.IOException {
        var digest = sha256();
        digest.update(prevHash.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) '\n');
        digest.update(CANONICAL.writeValueAsBytes(lineWithoutHash));
        return HEX.formatHex(digest.digest());
    }

    static boolean isHash(Object value) {
        return value instanceof String s && s.length() == 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }

    private static void putIfPresent(Map<String, Object> line, String key, Object value) {
        if (value != null) {
            line.put(key, value);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
