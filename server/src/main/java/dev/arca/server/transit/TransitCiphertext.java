package dev.arca.server.transit;

import dev.arca.server.error.ArcaException;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A transit ciphertext as callers hold it: {@code arca:v{N}:{base64}}, where {@code N} is the key version that made
 * it and the base64 is Tink's output (nonce, ciphertext, tag). Naming the version lets a rotated key find the right
 * key without trying them all, and lets {@code min_decryption_version} refuse old ones before any decryption.
 */
record TransitCiphertext(int version, byte[] body) {
    private static final String PREFIX = "arca:v";
    private static final Pattern FORMAT = Pattern.compile("arca:v([1-9][0-9]{0,8}):([A-Za-z0-9+/]+={0,2})");

    /** Parses what a caller sent as {@code ciphertext}; 400 naming it when it is not of that form. */
    static TransitCiphertext parse(@Nullable String text) {
        return parse(text, "ciphertext");
    }

    /** Parses what a caller sent in {@code field} ({@code ciphertext} or {@code data}); 400 naming that field. */
    static TransitCiphertext parse(@Nullable String text, String field) {
        if (text == null) {
            throw ArcaException.invalid(field, "give the ciphertext to decrypt, as encrypt answered it "
                    + "(arca:v{N}:{base64})");
        }
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            throw malformed(field);
        }
        try {
            return new TransitCiphertext(Integer.parseInt(matcher.group(1)),
                    Base64.getDecoder().decode(matcher.group(2)));
        } catch (IllegalArgumentException e) {
            throw malformed(field);
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

    private static ArcaException malformed(String field) {
        return ArcaException.invalid(field, field + " must be of the form arca:v{N}:{base64}, as encrypt "
                + "answered it");
    }
}
