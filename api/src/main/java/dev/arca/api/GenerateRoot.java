package dev.arca.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Making a new root token from a quorum of unseal keys, for when every root token was revoked or lost:
 * {@code /v1/sys/generate-root…}, no token needed (the keys are the authority), unsealed only. As in Vault, whoever
 * starts it gives a one-time pad ({@code otp}) and the answer carries the token only XOR-ed with it, so the key holder
 * who gives the last key does not see the token: the starter {@link #decode}s it.
 */
public final class GenerateRoot {
    /** The pad's length in bytes: longer than any root token. */
    public static final int OTP_BYTES = 64;

    private GenerateRoot() {}

    /** {@code POST /v1/sys/generate-root/attempt}: base64 of {@value #OTP_BYTES} random bytes, kept by the starter. */
    public record Start(@Nullable SecretText otp) {}

    /** {@code POST /v1/sys/generate-root/update}: one unseal key for the attempt {@code nonce} names. */
    public record Update(@Nullable SecretText key, @Nullable String nonce) {}

    /**
     * Where an attempt stands, and its outcome.
     *
     * @param nonce the attempt's id, named by every update; null when none is in progress
     * @param progress valid, distinct unseal keys given so far
     * @param required the unseal threshold
     * @param encodedToken once complete: base64 of the new root token XOR the pad; {@link #decode} it (a secret
     *     still: with the pad, it is the token)
     */
    public record Status(boolean started, @Nullable String nonce, int progress, int required, boolean complete,
            @Nullable SecretText encodedToken) {}

    /**
     * The root token in {@code encodedToken}, with the pad {@code otp} the attempt was started with.
     *
     * @throws IllegalArgumentException when either is not base64 or the pad is shorter than the token
     */
    public static SecretText decode(String encodedToken, String otp) {
        byte[] encoded = Base64.getDecoder().decode(encodedToken.strip());
        byte[] pad = Base64.getDecoder().decode(otp.strip());
        if (pad.length < encoded.length) {
            throw new IllegalArgumentException("the one-time pad is shorter than the encoded token: not the pad this "
                    + "attempt was started with");
        }
        return SecretText.of(new String(xor(encoded, pad), StandardCharsets.UTF_8));
    }

    /** {@code data} XOR the first {@code data.length} bytes of {@code pad}: encodes and decodes alike. */
    public static byte[] xor(byte[] data, byte[] pad) {
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = (byte) (data[i] ^ pad[i]);
        }
        return out;
    }
}
