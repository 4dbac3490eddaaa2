package dev.arca.server.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
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

    /** A chain key as the server's, HMAC-SHA256 under a fixed test key. */
    static final ChainKey KEY = new ChainKey() {
        @Override
        public Optional<String> mac(String hash) {
            return Optional.of(HexFormat.of().formatHex(hmac(hash)));
        }

        @Override
        public Optional<Boolean> verify(String hash, String mac) {
            return Optional.of(MessageDigest.isEqual(hmac(hash), HexFormat.of().parseHex(mac)));
        }

        private byte[] hmac(String hash) {
            try {
                var mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
                return mac.doFinal(hash.getBytes(StandardCharsets.US_ASCII));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    /**
     * What an attacker without the key can do: edit each line, then chain every line afresh with recomputed SHA-256
     * hashes, leaving any {@code mac} as it was (it cannot make a new one).
     */
    static List<String> rewrite(List<String> lines, UnaryOperator<String> edit) throws IOException {
        var out = new ArrayList<String>();
        String prev = AuditChain.START_HASH;
        for (String line : lines) {
            TreeMap<String, Object> fields = AuditChain.CANONICAL.readValue(edit.apply(line), new TypeReference<>() {});
            fields.remove(AuditChain.HASH);
            Object mac = fields.remove(AuditChain.MAC);
            fields.put(AuditChain.PREV_HASH, prev);
            prev = AuditChain.hash(prev, fields);
            fields.put(AuditChain.HASH, prev);
            if (mac != null) {
                fields.put(AuditChain.MAC, mac);
            }
            out.add(AuditChain.CANONICAL.writeValueAsString(fields));
        }
        return out;
    }
}
