package dev.arca.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.arca.api.Json;
import dev.arca.api.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The line format shared by the writer and the verifier, so the two compute a hash the same way: a line is a JSON
 * object with sorted keys and no whitespace; its {@code hash} is SHA-256 over
 * {@code prev_hash + "\n" + canonical JSON of the line without hash and mac}, and its {@code mac}, present when the
 * chain key was in memory, is the chain key's MAC over that hash (see {@link ChainKey}). {@code seq} numbers the
 * entries: one more than the line before, except after a recorded break ({@code type: break}).
 */
final class AuditChain {
    static final String START_HASH = "0".repeat(64);
    static final String HASH = "hash";
    static final String PREV_HASH = "prev_hash";
    static final String MAC = "mac";
    static final String SEQ = "seq";
    static final String TYPE = "type";

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
        // Four groups whose keys sort before "hash", between "mac" and "prev_hash", between "prev_hash" and "seq",
        // and after "seq".
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
        afterSeq.put(TYPE, record.type().wire());
        return new EncodedRecord(members(beforeHash), members(betweenMacAndPrevHash), members(beforeSeq),
                members(afterSeq), record.type() == AuditRecord.Type.BREAK);
    }

    /**
     * A record's canonical JSON cut where {@code hash}, {@code mac}, {@code prev_hash} and {@code seq} go. Each part
     * is a non-empty list of members without the enclosing braces, so the line is
     * {@code {A,"hash":h,"mac":m,B,"prev_hash":p,C,"seq":n,D}} and the hashed content is the same without hash and
     * mac: exactly what {@link #hash(String, Map)} computes from the parsed line, because the keys of each part sort
     * between the names around it.
     */
    record EncodedRecord(byte[] beforeHash, byte[] betweenMacAndPrevHash, byte[] beforeSeq, byte[] afterSeq,
            boolean isBreak) {
        private static final byte[] HASH_MEMBER = bytes(",\"hash\":\"");
        private static final byte[] MAC_MEMBER = bytes("\",\"mac\":\"");
        private static final byte[] PREV_HASH_MEMBER = bytes(",\"prev_hash\":\"");
        private static final byte[] SEQ_MEMBER = bytes(",\"seq\":");
        private static final byte[] QUOTE_COMMA = bytes("\",");

        /**
         * Writes the line chained onto {@code prevHash} as entry {@code seq}, ending in a newline, with the MAC
         * {@code key} gives for its hash (none while the key is not in memory), and returns where it sits.
         */
        AuditHead writeLine(String prevHash, long seq, ChainKey key, MessageDigest digest, ByteArrayOutputStream out) {
            var prev = bytes(prevHash);
            var seqBytes = bytes(Long.toString(seq));
            digest.reset();
            digest.update(prev);
            digest.update((byte) '\n');
            digest.update((byte) '{');
            digest.update(beforeHash);
            digest.update((byte) ',');
            digest.update(betweenMacAndPrevHash);
            digest.update(PREV_HASH_MEMBER);
            digest.update(prev);
            digest.update(QUOTE_COMMA);
            digest.update(beforeSeq);
            digest.update(SEQ_MEMBER);
            digest.update(seqBytes);
            digest.update((byte) ',');
            digest.update(afterSeq);
            digest.update((byte) '}');
            var hash = HEX.formatHex(digest.digest());
            var mac = key.mac(hash).orElse(null);
            out.write('{');
            out.writeBytes(beforeHash);
            out.writeBytes(HASH_MEMBER);
            out.writeBytes(bytes(hash));
            if (mac != null) {
                out.writeBytes(MAC_MEMBER);
                out.writeBytes(bytes(mac));
            }
            out.writeBytes(QUOTE_COMMA);
            out.writeBytes(betweenMacAndPrevHash);
            out.writeBytes(PREV_HASH_MEMBER);
            out.writeBytes(prev);
            out.writeBytes(QUOTE_COMMA);
            out.writeBytes(beforeSeq);
            out.writeBytes(SEQ_MEMBER);
            out.writeBytes(seqBytes);
            out.write(',');
            out.writeBytes(afterSeq);
            out.write('}');
            out.write('\n');
            return new AuditHead(seq, hash, mac);
        }
    }

    /** The chain hash of a line given as its fields without {@code hash} and {@code mac}; lowercase hex. */
    static String hash(String prevHash, Map<String, Object> lineWithoutHash) throws IOException {
        var digest = sha256();
        digest.update(bytes(prevHash));
        digest.update((byte) '\n');
        digest.update(CANONICAL.writeValueAsBytes(lineWithoutHash));
        return HEX.formatHex(digest.digest());
    }

    static boolean isHash(@Nullable Object value) {
        return value instanceof String s && s.length() == 64 && isLowerHex(s);
    }

    /** A MAC as written: lowercase hex, of a length no valid MAC exceeds. */
    static boolean isMac(@Nullable Object value) {
        return value instanceof String s && !s.isEmpty() && s.length() <= 256 && s.length() % 2 == 0 && isLowerHex(s);
    }

    /** A loop, not a stream: every audit line checks two of these, and the stream cost a request 3 % of its CPU. */
    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
                return false;
            }
        }
        return true;
    }

    private static void putIfPresent(Map<String, Object> line, String key, @Nullable Object value) {
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
