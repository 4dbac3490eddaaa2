package dev.arca.server.agent;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/** Agent keys: base64 of a raw 32-byte Ed25519 public key (RFC 8032), verified with the JDK's Ed25519. */
final class Ed25519Keys {
    /** The DER SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410); the raw 32 bytes follow. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    static final int KEY_BYTES = 32;

    private Ed25519Keys() {}

    /** The key, or {@link IllegalArgumentException} saying what is wrong (never quoting the input). */
    static PublicKey parse(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public_key must be base64 of the raw 32-byte Ed25519 public key");
        }
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("public_key must be base64 of the raw 32-byte Ed25519 public key, not "
                    + raw.length + " bytes");
        }
        byte[] der = new byte[X509_PREFIX.length + KEY_BYTES];
        System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, KEY_BYTES);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("public_key is not a valid Ed25519 public key");
        }
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code message} by {@code key}. */
    static boolean verifies(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
