package dev.arca.server.user;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;

/**
 * Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP): HMAC-SHA1 from the JDK, 30-second steps, 6 digits,
 * codes of the previous, current and next step accepted. {@link #acceptedStep} compares every candidate in
 * constant time and never accepts a step at or before the last one accepted, so a code works once.
 */
final class Totp {
    static final int DIGITS = 6;
    static final long STEP_SECONDS = 30;
    static final int SECRET_BYTES = 20;
    private static final int WINDOW = 1;
    private static final int[] POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private Totp() {}

    /** The step (RFC 6238 T) that {@code time} falls in. */
    static long stepAt(Instant time) {
        return Math.floorDiv(time.getEpochSecond(), STEP_SECONDS);
    }

    /** The HOTP value of {@code key} at counter {@code step}, zero-padded to {@code digits} (1..8). */
    static String code(byte[] key, long step, int digits) {
        byte[] hmac;
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(key, "HmacSHA1"));
            hmac = mac.doFinal(ByteBuffer.allocate(Long.BYTES).putLong(step).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
        int offset = hmac[hmac.length - 1] & 0x0f;
        int binary = ((hmac[offset] & 0x7f) << 24) | ((hmac[offset + 1] & 0xff) << 16)
                | ((hmac[offset + 2] & 0xff) << 8) | (hmac[offset + 3] & 0xff);
        String value = Integer.toString(binary % POWERS[digits]);
        return "0".repeat(digits - value.length()) + value;
    }

    /**
     * The step within one of {@code now}'s whose 6-digit code is {@code code} and which comes after
     * {@code lastAcceptedStep}; empty when there is none (wrong, expired or already used code).
     */
    static OptionalLong acceptedStep(byte[] key, String code, Instant now, long lastAcceptedStep) {
        byte[] given = (code == null ? "" : code).getBytes(StandardCharsets.UTF_8);
        long current = stepAt(now);
        long accepted = -1;
        for (long step = current - WINDOW; step <= current + WINDOW; step++) {
            boolean matches = MessageDigest.isEqual(given, code(key, step, DIGITS).getBytes(StandardCharsets.UTF_8));
            if (matches && step > lastAcceptedStep && accepted < 0) {
                accepted = step;
            }
        }
        return accepted < 0 ? OptionalLong.empty() : OptionalLong.of(accepted);
    }

    /** RFC 4648 base32 without padding, as authenticator apps read secrets. */
    static String base32(byte[] secret) {
        return new String(Base32.encode(secret), StandardCharsets.US_ASCII).replace("=", "");
    }

    /** The URI an authenticator app scans: {@code otpauth://totp/Arca:alice?secret=…&issuer=Arca}. */
    static String otpauthUri(String username, byte[] secret) {
        return "otpauth://totp/Arca:" + username + "?secret=" + base32(secret) + "&issuer=Arca";
    }
}
