package dev.arca.server.machine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Authenticator;
import dev.arca.server.identity.Credentials;
import dev.arca.server.identity.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.jspecify.annotations.Nullable;

/**
 * Signed machine requests (DESIGN §6): recognises requests carrying {@code X-Machine-Id} and accepts one only if
 * its {@code X-Signature} is the machine's Ed25519 signature of
 * {@code METHOD\nPATH_WITH_QUERY\nTIMESTAMP\nNONCE\nhex(sha256(body))} (the request target exactly as sent and the
 * header values exactly as sent), its {@code X-Timestamp} is within {@value #WINDOW_SECONDS} s of this server's
 * clock, its {@code X-Nonce} (at least 16 random bytes, base64url) has not been seen from that machine in the
 * last {@value #NONCE_MEMORY_SECONDS} s, and the machine is active and unexpired. Every refusal is a 401 saying
 * what to fix, except a pending machine (403, awaiting approval); none quotes key material.
 *
 * <p>Requests of the SikkerKey door ({@link Credentials.Signing#SIKKERKEY}) carry the same headers over that
 * product's string, {@code METHOD:PATH:TIMESTAMP:NONCE:hex(sha256(body))} (the path without its query, which the door
 * refuses on signed routes), with an opaque nonce of 1 to {@value #MAX_NONCE_CHARS} printable ASCII characters but {@code :}
 * (its clients send the base64 of 16 bytes, or hex); window, nonce memory and status checks are the same.
 *
 * <p>The nonce memory is per node: with several nodes behind a load balancer, a request replayed to another node
 * inside the timestamp window is not recognised as a replay there. It holds at most {@value #MAX_NONCES}
 * nonces; past that the oldest are forgotten first.
 */
public final class MachineSignatureAuthenticator implements Authenticator {
    static final long WINDOW_SECONDS = 300;
    static final long NONCE_MEMORY_SECONDS = 600;
    static final int MIN_NONCE_BYTES = 16;
    static final long MAX_NONCES = 2_000_000;
    static final int MAX_NONCE_CHARS = 128;
    private static final Pattern MACHINE_ID = Pattern.compile("mach_[A-Za-z0-9_-]{1,59}");
    private static final Pattern TIMESTAMP = Pattern.compile("-?\\d{1,18}");

    private final MachineService machines;
    private final Clock clock;
    private final Cache<String, Boolean> seenNonces = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(NONCE_MEMORY_SECONDS)).maximumSize(MAX_NONCES).build();

    public MachineSignatureAuthenticator(MachineService machines, Clock clock) {
        this.machines = machines;
        this.clock = clock;
    }

    @Override
    public Optional<Principal> authenticate(Credentials credentials) {
        return credentials.header("x-machine-id").map(id -> authenticate(id, credentials));
    }

    private Principal authenticate(String machineId, Credentials credentials) {
        String timestamp = required(credentials, "x-timestamp", "X-Timestamp");
        String nonce = required(credentials, "x-nonce", "X-Nonce");
        String signature = required(credentials, "x-signature", "X-Signature");
        boolean sikkerkey = credentials.signing() == Credentials.Signing.SIKKERKEY;
        checkTimestamp(timestamp);
        if (sikkerkey) {
            checkOpaqueNonce(nonce);
        } else {
            checkNonce(nonce);
        }
        byte[] signatureBytes = decodeSignature(signature);
        if (!MACHINE_ID.matcher(machineId).matches()) {
            throw ArcaException.unauthenticated("X-Machine-Id must be a machine id (mach_…) as enrollment answered it");
        }
        MachineService.KnownMachine machine = machines.lookup(machineId).orElseThrow(() ->
                ArcaException.unauthenticated("no machine " + machineId + " is enrolled here; enroll it with an "
                        + "enrollment token (" + (sikkerkey ? "POST /v1/{vaultId}/enroll/register" : "POST /v1/enroll")
                        + ")"));
        String canonical = sikkerkey ? sikkerkeyCanonical(credentials, timestamp, nonce)
                : canonical(credentials, timestamp, nonce);
        if (!verifies(machine, canonical.getBytes(StandardCharsets.UTF_8), signatureBytes)) {
            throw ArcaException.unauthenticated("the X-Signature does not verify with machine " + machineId
                    + "'s key: " + (sikkerkey
                            ? "sign METHOD:PATH:TIMESTAMP:NONCE:hex(sha256(body)) with the path as sent (no query), "
                                    + "these headers' exact values and the body bytes exactly as sent"
                            : "sign METHOD\\nPATH_WITH_QUERY\\nTIMESTAMP\\nNONCE\\nhex(sha256(body)) with the "
                                    + "request target exactly as sent (query included) and these headers' exact "
                                    + "values"));
        }
        if (seenNonces.asMap().putIfAbsent(machineId + ":" + nonce, Boolean.TRUE) != null) {
            throw ArcaException.unauthenticated("this X-Nonce was already used (a replayed request); sign every "
                    + "request, retries included, with a fresh timestamp and nonce");
        }
        checkStatus(machine);
        return Principal.signed(Principal.Kind.MACHINE, machine.id(), machine.name(), machine.vaultId())
                .expiringAt(machine.expiresAt());
    }

    private void checkStatus(MachineService.KnownMachine machine) {
        switch (machine.status()) {
            case ACTIVE -> {
                if (machine.expiresAt() != null && !machine.expiresAt().isAfter(clock.instant())) {
                    throw expired(machine);
                }
            }
            case PENDING -> throw ArcaException.denied("machine " + machine.id() + " (" + machine.name()
                    + ") awaits approval (arca machine approve " + machine.id() + ")");
            case EXPIRED -> throw expired(machine);
            case REJECTED -> throw ArcaException.unauthenticated("machine " + machine.id() + " was rejected; enroll "
                    + "it again with a new enrollment token");
            case REVOKED -> throw ArcaException.unauthenticated("machine " + machine.id() + " has been revoked; "
                    + "enroll it again with a new enrollment token");
        }
    }

    private static ArcaException expired(MachineService.KnownMachine machine) {
        return ArcaException.unauthenticated("ephemeral machine " + machine.id() + " expired at "
                + machine.expiresAt() + "; enroll a new one");
    }

    private static String required(Credentials credentials, String header, String name) {
        return credentials.header(header).filter(v -> !v.isEmpty()).orElseThrow(() -> ArcaException.unauthenticated(
                "a signed machine request needs the headers X-Machine-Id, X-Timestamp, X-Nonce and X-Signature; "
                        + name + " is missing"));
    }

    private void checkTimestamp(String timestamp) {
        if (!TIMESTAMP.matcher(timestamp).matches()) {
            throw ArcaException.unauthenticated("X-Timestamp must be the time of signing in unix seconds");
        }
        long skew = Math.abs(Long.parseLong(timestamp) - clock.instant().getEpochSecond());
        if (skew > WINDOW_SECONDS) {
            throw ArcaException.unauthenticated("the request timestamp is " + skew + " s from the server's clock; "
                    + "sync the client's clock (at most " + WINDOW_SECONDS + " s are accepted)");
        }
    }

    private static void checkNonce(String nonce) {
        byte[] bytes = nonce.length() > 128 ? null : decode(Base64.getUrlDecoder(), nonce);
        if (bytes == null || bytes.length < MIN_NONCE_BYTES) {
            throw ArcaException.unauthenticated("X-Nonce must be at least " + MIN_NONCE_BYTES + " fresh random bytes "
                    + "in base64url (at most 128 characters)");
        }
    }

    /**
     * The SikkerKey dialect's nonce is opaque: only its size and alphabet are checked, its randomness is the client's.
     * No {@code :} (base64 and hex have none), so the signed string splits one way only.
     */
    private static void checkOpaqueNonce(String nonce) {
        if (nonce.length() > MAX_NONCE_CHARS || nonce.chars().anyMatch(c -> c < 0x21 || c > 0x7e || c == ':')) {
            throw ArcaException.unauthenticated("X-Nonce must be 1 to " + MAX_NONCE_CHARS + " printable ASCII "
                    + "characters other than ':', fresh for every request (e.g. the base64 of 16 random bytes)");
        }
    }

    private static byte[] decodeSignature(String signature) {
        byte[] bytes = signature.length() > 128 ? null : decode(Base64.getDecoder(), signature);
        if (bytes == null || bytes.length != Ed25519Keys.SIGNATURE_BYTES) {
            throw ArcaException.unauthenticated("X-Signature must be the base64 of a " + Ed25519Keys.SIGNATURE_BYTES
                    + "-byte Ed25519 signature");
        }
        return bytes;
    }

    private static byte @Nullable [] decode(Base64.Decoder decoder, String text) {
        try {
            return decoder.decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The string DESIGN §6 signs: method, request target, timestamp and nonce as sent, and the body's digest. */
    static String canonical(Credentials credentials, String timestamp, String nonce) {
        return credentials.method() + "\n" + credentials.pathWithQuery() + "\n" + timestamp + "\n" + nonce + "\n"
                + HexFormat.of().formatHex(sha256(credentials.body()));
    }

    /** The string the SikkerKey clients sign: method, path (no query), timestamp and nonce as sent, body digest. */
    static String sikkerkeyCanonical(Credentials credentials, String timestamp, String nonce) {
        return credentials.method() + ":" + credentials.pathWithQuery() + ":" + timestamp + ":" + nonce + ":"
                + HexFormat.of().formatHex(sha256(credentials.body()));
    }

    private static boolean verifies(MachineService.KnownMachine machine, byte[] signed, byte[] signatureBytes) {
        var verifier = new Ed25519Signer();
        verifier.init(false, machine.key());
        verifier.update(signed, 0, signed.length);
        return verifier.verifySignature(signatureBytes);
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
