package dev.arca.server.seal;

import dev.arca.server.error.ArcaException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/** The text form of a share, as {@code arca operator init} prints it: base64 of x-coordinate ‖ y bytes. */
final class UnsealKeys {
    private UnsealKeys() {}

    static String encode(byte[] share) {
        return Base64.getEncoder().encodeToString(share);
    }

    /**
     * The share in {@code text}, which must decode to exactly {@code length} bytes; surrounding white space is
     * ignored because keys are pasted.
     *
     * @param progress what the refusal adds about progress: {@code unseal progress unchanged (1/3)}
     * @throws ArcaException {@code invalid_request} naming field {@code key}; the message never repeats the input
     */
    static byte[] decode(String text, int length, String progress) {
        byte[] share;
        try {
            share = Base64.getDecoder().decode(text == null ? "" : text.strip());
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid("key", "this is not an unseal key: unseal keys are the base64 text "
                    + "`arca operator init` printed; " + progress);
        }
        if (share.length != length) {
            Arrays.fill(share, (byte) 0);
            throw ArcaException.invalid("key", "this is not an unseal key: it decodes to " + share.length
                    + " bytes, an unseal key to " + length + "; " + progress);
        }
        return share;
    }

    static byte[] digest(byte[] share) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(share);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
