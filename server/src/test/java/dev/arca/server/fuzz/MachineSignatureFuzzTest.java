package dev.arca.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.arca.api.ErrorCode;
import dev.arca.server.auth.TokenService;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Credentials;
import dev.arca.server.identity.Principal;
import dev.arca.server.machine.MachineService;
import dev.arca.server.machine.MachineSignatureAuthenticator;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed machine requests (DESIGN §6) against {@link MachineSignatureAuthenticator}: a request signed for (method,
 * request target, timestamp, nonce, body) with the machine's key is accepted once when its timestamp is inside the
 * window, and whatever the fuzzer changes afterwards — any of those five parts, the signature, the machine it
 * claims to be or the key that signed — it is refused with a 401 that does not quote the signature. The signing
 * here is written from the protocol, not from the server's code, and the request parts are what can arrive over
 * HTTP: the method an HTTP token, the target visible ASCII.
 */
class MachineSignatureFuzzTest {
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final String VAULT = "vault_fuzz";
    private static final String MACHINE = "mach_signer";
    private static final String OTHER_MACHINE = "mach_other";
    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final KeyPair KEY = ed25519();
    private static final KeyPair OTHER_KEY = ed25519();
    /** Every signed request gets a nonce no earlier one had, so only a deliberate replay repeats one. */
    private static final AtomicLong NONCES = new AtomicLong();

    private static Database db;
    private static MachineSignatureAuthenticator authenticator;

    /** What the fuzzer may change between signing and sending. */
    private enum Change { NOTHING, METHOD, TARGET, TIMESTAMP, NONCE, BODY, SIGNATURE_BYTES, HEADER_TEXT, MACHINE_ID,
        SIGNING_KEY }

    private record Request(String method, String target, byte[] body, Map<String, String> headers) {}

    @BeforeAll
    static void enrollTwoMachines(@TempDir Path dir) {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        db.write(h -> h.execute("INSERT INTO vaults (id, name, created_at) VALUES (?, 'default', 0)", VAULT));
        enroll(MACHINE, KEY);
        enroll(OTHER_MACHINE, OTHER_KEY);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        authenticator = new MachineSignatureAuthenticator(new MachineService(db, new TokenService(db, clock), clock),
                clock);
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @FuzzTest
    void signedRequest_isAcceptedOnce_andAnyChangeToIt_isRefused(FuzzedDataProvider data) {
        long skew = data.consumeLong(-400, 400);
        String timestamp = Long.toString(NOW.getEpochSecond() + skew);
        String method = text(data, TOKEN_CHARS, 1, 12);
        String target = "/" + text(data, visibleAscii(), 0, 200);
        String nonce = freshNonce(data);
        Change change = data.pickValue(Change.values());
        byte[] body = data.consumeBytes(512);
        Request signed = new Request(method, target, body, sign(KEY.getPrivate(), MACHINE, method, target, timestamp,
                nonce, body));
        Request sent = change(signed, change, data);

        if (sameSignedRequest(signed, sent) && Math.abs(skew) <= 300) {
            assertThat(authenticate(sent)).map(Principal::id).contains(MACHINE);
            assertRefused(sent, "already used");
        } else {
            assertRefused(sent, "");
        }
    }

    private static Request change(Request r, Change change, FuzzedDataProvider data) {
        Map<String, String> headers = new HashMap<>(r.headers());
        return switch (change) {
            case NOTHING -> r;
            case METHOD -> new Request(data.consumeBoolean() ? r.method().toLowerCase(java.util.Locale.ROOT)
                    : text(data, TOKEN_CHARS, 1, 12), r.target(), r.body(), headers);
            case TARGET -> new Request(r.method(), "/" + text(data, visibleAscii(), 0, 200), r.body(), headers);
            case BODY -> new Request(r.method(), r.target(), data.consumeBytes(512), headers);
            case TIMESTAMP -> {
                String sent = headers.get("X-Timestamp");
                long shift = data.consumeLong(1, 300) * (data.consumeBoolean() ? 1 : -1);
                headers.put("X-Timestamp", data.consumeBoolean() ? "0" + sent
                        : Long.toString(Long.parseLong(sent) + shift));
                yield new Request(r.method(), r.target(), r.body(), headers);
            }
            case NONCE -> {
                headers.put("X-Nonce", data.consumeBoolean() ? headers.get("X-Nonce") + "==" : freshNonce(data));
                yield new Request(r.method(), r.target(), r.body(), headers);
            }
            case SIGNATURE_BYTES -> {
                byte[] signature = Base64.getDecoder().decode(headers.get("X-Signature"));
                byte flip = data.consumeByte();
                signature[data.consumeInt(0, signature.length - 1)] ^= flip == 0 ? 1 : flip;
                headers.put("X-Signature", Base64.getEncoder().encodeToString(signature));
                yield new Request(r.method(), r.target(), r.body(), headers);
            }
            case HEADER_TEXT -> {
                String name = data.pickValue(new String[] {"X-Machine-Id", "X-Timestamp", "X-Nonce", "X-Signature"});
                headers.put(name, data.consumeString(160));
                yield new Request(r.method(), r.target(), r.body(), headers);
            }
            case MACHINE_ID -> {
                headers.put("X-Machine-Id", OTHER_MACHINE);
                yield new Request(r.method(), r.target(), r.body(), headers);
            }
            case SIGNING_KEY -> new Request(r.method(), r.target(), r.body(), sign(OTHER_KEY.getPrivate(), MACHINE,
                    r.method(), r.target(), headers.get("X-Timestamp"), headers.get("X-Nonce"), r.body()));
        };
    }

    /**
     * Whether {@code sent} carries the very statement {@code signed} signed, by the same machine, with the same
     * signature bytes: only then may it pass. A signature header spelt differently (no padding) is the same
     * signature; the signed parts themselves count exactly as sent.
     */
    private static boolean sameSignedRequest(Request signed, Request sent) {
        Map<String, String> a = signed.headers();
        Map<String, String> b = sent.headers();
        return signed.method().equals(sent.method()) && signed.target().equals(sent.target())
                && Arrays.equals(signed.body(), sent.body())
                && a.get("X-Timestamp").equals(b.get("X-Timestamp")) && a.get("X-Nonce").equals(b.get("X-Nonce"))
                && a.get("X-Machine-Id").equals(b.get("X-Machine-Id"))
                && Arrays.equals(base64(a.get("X-Signature")), base64(b.get("X-Signature")));
    }

    private static Optional<Principal> authenticate(Request request) {
        Map<String, String> lowerCase = new HashMap<>();
        request.headers().forEach((name, value) -> lowerCase.put(name.toLowerCase(java.util.Locale.ROOT), value));
        return authenticator.authenticate(new Credentials(Optional.empty(), lowerCase, request.method(),
                request.target(), request.body(), "10.0.0.7"));
    }

    private static void assertRefused(Request request, String because) {
        String signature = request.headers().get("X-Signature");
        assertThatThrownBy(() -> authenticate(request)).isInstanceOfSatisfying(ArcaException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains(because);
            byte[] signatureBytes = base64(signature);
            if (signatureBytes != null && signatureBytes.length == 64) {
                assertThat(e.getMessage()).doesNotContain(signature);
            }
        });
    }

    private static Map<String, String> sign(PrivateKey key, String machineId, String method, String target,
            String timestamp, String nonce, byte[] body) {
        try {
            String bodyHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            String statement = String.join("\n", method, target, timestamp, nonce, bodyHash);
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(statement.getBytes(StandardCharsets.UTF_8));
            Map<String, String> headers = new HashMap<>();
            headers.put("X-Machine-Id", machineId);
            headers.put("X-Timestamp", timestamp);
            headers.put("X-Nonce", nonce);
            headers.put("X-Signature", Base64.getEncoder().encodeToString(signer.sign()));
            return headers;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 16 bytes, base64url: a counter the run never repeats, then bytes of the fuzzer's choosing. */
    private static String freshNonce(FuzzedDataProvider data) {
        byte[] nonce = ByteBuffer.allocate(16).putLong(NONCES.incrementAndGet()).putLong(data.consumeLong()).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    private static String text(FuzzedDataProvider data, String alphabet, int min, int max) {
        int length = data.consumeInt(min, max);
        var out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(data.consumeInt(0, alphabet.length() - 1)));
        }
        return out.toString();
    }

    private static String visibleAscii() {
        var out = new StringBuilder();
        for (char c = 0x21; c <= 0x7e; c++) {
            out.append(c);
        }
        return out.toString();
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void enroll(String id, KeyPair key) {
        byte[] spki = key.getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
        db.write(h -> h.execute("INSERT INTO machines (id, vault_id, name, public_key, status, ephemeral, created_at, "
                + "approved_at) VALUES (?, ?, ?, ?, 'active', 0, 0, 0)", id, VAULT, id, raw));
    }

    private static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
