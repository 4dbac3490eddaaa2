package dev.arca.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.arca.api.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
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

    /**
     * Serialises the parts of a record's line that do not depend on its place in the chain. Call it on the
     * appending thread, so the single writer only hashes and copies bytes.
     */
    static EncodedRecord encode(AuditRecord record) {
        // Three groups whose keys sort before "hash", between "hash" and "prev_hash", and after "prev_hash".
        var beforeHash = new TreeMap<String, Object>();
        beforeHash.put("details", new TreeMap<>(record.details()));
        putIfPresent(beforeHash, "error", record.error());
        var betweenHashes = new TreeMap<String, Object>();
        betweenHashes.put("method", record.method());
        putIfPresent(betweenHashes, "operation", record.operation());
        betweenHashes.put("path", record.path());
        var afterPrevHash = new TreeMap<String, Object>();
        putIfPresent(afterPrevHash, "principal", record.principal());
        afterPrevHash.put("request_id", record.requestId());
        putIfPresent(afterPrevHash, "source_ip", record.sourceIp());
        putIfPresent(afterPrevHash, "status", record.status());
        afterPrevHash.put("time", record.time().toString());
        afterPrevHash.put("type", record.type().wire());
        return new EncodedRecord(members(beforeHash), members(betweenHashes), members(afterPrevHash));
    }

    /**
     * A record's canonical JSON cut where {@code hash} and {@code prev_hash} go. Each part is a non-empty list of
     * members without the enclosing braces, so the line is {@code {A,"hash":h,B,"prev_hash":p,C}} and the hashed
     * content is the same without {@code "hash":h}: exactly what {@link #hash(String, Map)} computes from the parsed
     * line, because every key of A sorts before "hash", every key of B between the two, every key of C after.
     */
    record EncodedRecord(byte[] beforeHash, byte[] betweenHashes, byte[] afterPrevHash) {
        private static final byte[] HASH_MEMBER = bytes(",\"hash\":\"");
        private static final byte[] PREV_HASH_MEMBER = bytes(",\"prev_hash\":\"");
        private static final byte[] QUOTE_COMMA = bytes("\",");

        /** Writes the line chained onto {@code prevHash}, ending in a newline, and returns its hash. */
        String writeLine(String prevHash, MessageDigest digest, ByteArrayOutputStream out) {
            var prev = bytes(prevHash);
            digest.reset();
            digest.update(prev);
            digest.update((byte) '\n');
            digest.update((byte) '{');
            digest.update(beforeHash);
            digest.update((byte) ',');
            digest.update(betweenHashes);
            digest.update(PREV_HASH_MEMBER);
            digest.update(prev);
            digest.update(QUOTE_COMMA);
            digest.update(afterPrevHash);
            digest.update((byte) '}');
            var hash = HEX.formatHex(digest.digest());
            out.write('{');
            out.writeBytes(beforeHash);
            out.writeBytes(HASH_MEMBER);
            out.writeBytes(bytes(hash));
            out.writeBytes(QUOTE_COMMA);
            out.writeBytes(betweenHashes);
            out.writeBytes(PREV_HASH_MEMBER);
            out.writeBytes(prev);
            out.writeBytes(QUOTE_COMMA);
            out.writeBytes(afterPrevHash);
            out.write('}');
            out.write('\n');
            return hash;
        }
    }

    /** The chain hash of a line given as its fields without {@code hash}; lowercase hex. */
    static String hash(String prevHash, Map<String, Object> lineWithoutHash) throws IOException {
        var digest = sha256();
        digest.update(bytes(prevHash));
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

    private static byte[] members(Map<String, Object> group) {
        byte[] json;
        try {
            json = CANONICAL.writeValueAsBytes(group);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers always serialises", e);
        }
        return Arrays.copyOfRange(json, 1, json.length - 1);
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
