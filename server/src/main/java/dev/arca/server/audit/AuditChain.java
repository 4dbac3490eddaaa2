package dev.arca.server.audit;

import com.fasterxml.jackson.core.JsonGenerator;
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
     *
     * <p>Written member by member with the canonical mapper's own generator, in sorted key order, so the bytes are
     * what serialising the fields as a sorted map gives (the verifier's view, {@code AuditLineBytesTest}), without
     * building that map: it runs twice per request, and the maps and the mapper's map serializer showed in profiles.
     */
    static EncodedRecord encode(AuditRecord record) {
        var out = new ByteArrayOutputStream(256);
        int hashAt;
        int prevHashAt;
        int seqAt;
        try (var json = CANONICAL.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("details");
            for (var detail : new TreeMap<>(record.details()).entrySet()) {
                json.writeStringField(detail.getKey(), detail.getValue());
            }
            json.writeEndObject();
            writeIfPresent(json, "error", record.error());
            hashAt = positionOf(json, out);
            json.writeStringField("method", record.method());
            writeIfPresent(json, "operation", record.operation());
            json.writeStringField("path", record.path());
            prevHashAt = positionOf(json, out);
            writeIfPresent(json, "principal", record.principal());
            json.writeStringField("request_id", record.requestId());
            seqAt = positionOf(json, out);
            writeIfPresent(json, "source_ip", record.sourceIp());
            if (record.status() != null) {
                json.writeNumberField("status", record.status());
            }
            json.writeStringField("time", Timestamps.format(record.time()));
            json.writeStringField(TYPE, record.type().wire());
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("strings and a number always serialise to memory", e);
        }
        return new EncodedRecord(out.toByteArray(), hashAt, prevHashAt, seqAt,
                record.type() == AuditRecord.Type.BREAK);
    }

    /**
     * A record's canonical JSON ({@code {A,B,C,D}}) and where {@code hash}, {@code mac}, {@code prev_hash} and
     * {@code seq} go in it: each cut is the offset of the comma that starts B, C and D. The line is
     * {@code {A,"hash":h,"mac":m,B,"prev_hash":p,C,"seq":n,D}} and the hashed content is the same without hash and
     * mac: exactly what {@link #hash(String, Map)} computes from the parsed line, because the keys of each part sort
     * between the names around it (A before "hash", B between "mac" and "prev_hash", C between "prev_hash" and
     * "seq", D after "seq"). No part is empty: A holds details, B method and path, C request_id, D time and type.
     */
    record EncodedRecord(byte[] json, int hashAt, int prevHashAt, int seqAt, boolean isBreak) {
        private static final byte[] HASH_MEMBER = bytes(",\"hash\":\"");
        private static final byte[] MAC_MEMBER = bytes("\",\"mac\":\"");
        private static final byte[] PREV_HASH_MEMBER = bytes(",\"prev_hash\":\"");
        private static final byte[] SEQ_MEMBER = bytes(",\"seq\":");

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
            digest.update(json, 0, prevHashAt);
            digest.update(PREV_HASH_MEMBER);
            digest.update(prev);
            digest.update((byte) '"');
            digest.update(json, prevHashAt, seqAt - prevHashAt);
            digest.update(SEQ_MEMBER);
            digest.update(seqBytes);
            digest.update(json, seqAt, json.length - seqAt);
            var hash = HEX.formatHex(digest.digest());
            var mac = key.mac(hash).orElse(null);
            out.write(json, 0, hashAt);
            out.writeBytes(HASH_MEMBER);
            out.writeBytes(bytes(hash));
            if (mac != null) {
                out.writeBytes(MAC_MEMBER);
                out.writeBytes(bytes(mac));
            }
            out.write('"');
            out.write(json, hashAt, prevHashAt - hashAt);
            out.writeBytes(PREV_HASH_MEMBER);
            out.writeBytes(prev);
            out.write('"');
            out.write(json, prevHashAt, seqAt - prevHashAt);
            out.writeBytes(SEQ_MEMBER);
            out.writeBytes(seqBytes);
            out.write(json, seqAt, json.length - seqAt);
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

    private static void writeIfPresent(JsonGenerator json, String name, @Nullable String value) throws IOException {
        if (value != null) {
            json.writeStringField(name, value);
        }
    }

    /** Where the next member's comma will go: what the generator wrote so far. */
    private static int positionOf(JsonGenerator json, ByteArrayOutputStream out) throws IOException {
        json.flush();
        return out.size();
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
