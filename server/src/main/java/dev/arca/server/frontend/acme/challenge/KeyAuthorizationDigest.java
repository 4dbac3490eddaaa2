package dev.arca.server.frontend.acme.challenge;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of a key authorization, what {@code dns-01} and {@code tls-alpn-01} publish instead of the text itself. */
final class KeyAuthorizationDigest {
    private KeyAuthorizationDigest() {}

    static byte[] of(String keyAuthorization) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(keyAuthorization.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
