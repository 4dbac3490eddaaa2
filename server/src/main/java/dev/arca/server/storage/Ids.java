package dev.arca.server.storage;

import java.security.SecureRandom;
import java.util.Base64;

/** Random, URL-safe identifiers with the type prefixes of DESIGN §7 ({@code vault_}, {@code sk_}, …). */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private Ids() {}

    /** A new id: the prefix and 16 random bytes (128 bits) in base64url. */
    public static String newId(String prefix) {
        return prefix + ENCODER.encodeToString(randomBytes(16));
    }

    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
