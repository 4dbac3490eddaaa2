package dev.arca.server.transit;

import dev.arca.server.error.ArcaException;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transit ciphertext as callers hold it: {@code arca:v{N}:{base64}}, where {@code N} is the key version that made
 * it and the base64 is Tink's output (nonce, ciphertext, tag). Naming the version lets a rotated key find the right
 * key without trying them all, and lets {@code min_decryption_version} refuse old ones before any decryption.
 */
record TransitCiphertext(int version, byte[] body) {
    private static final String PREFIX = "arca:v";
    private static final Pattern FORMAT = Pattern.compile("arca:v([1-9][0-9]{0,8}):([A-Za-z0-9+/]+={0,2})");

    /** Parses what a caller sent; 400 naming {@code ciphertext} when it is not of that form. */
    static TransitCiphertext parse(String text) {
        if (text == null) {
            throw ArcaException.invalid("ciphertext", "give the ciphertext to decrypt, as encrypt answered it "
                    + "(arca:v{N}:{base64})");
        }
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            throw malformed();
        }
        try {
            return new TransitCiphertext(Integer.parseInt(matcher.group(1)),
                    Base64.getDecoder().decode(matcher.group(2)));
        } catch (IllegalArgumentException e) {
            throw malformed();
        }
    }

    String format() {
        return PREFIX + version + ":" + Base64.getEncoder().encodeToString(body);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TransitCiphertext that && version == that.version
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return 31 * version + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return format();
    }

    private static ArcaException malformed() {
        return ArcaException.invalid("ciphertext", "ciphertext must be of the form arca:v{N}:{base64}, as encrypt "
                + "answered it");
    }
}
