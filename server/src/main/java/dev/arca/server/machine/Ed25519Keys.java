package dev.arca.server.machine;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/** Raw 32-byte Ed25519 public keys (RFC 8032), as machines send them, turned into JDK keys. */
final class Ed25519Keys {
    static final int KEY_BYTES = 32;
    static final int SIGNATURE_BYTES = 64;
    /** DER of SubjectPublicKeyInfo{AlgorithmIdentifier{1.3.101.112}, BIT STRING(32 bytes)} up to the key. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519Keys() {}

    /** The raw key in a base64 text, or empty when it is not the base64 of exactly 32 bytes. */
    static Optional<byte[]> decodeRaw(String base64) {
        if (base64 == null || base64.length() > 64) {
            return Optional.empty();
        }
        try {
            byte[] raw = Base64.getDecoder().decode(base64.strip());
            return raw.length == KEY_BYTES ? Optional.of(raw) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The JDK key for a raw key; empty when the JDK refuses it. */
    static Optional<PublicKey> publicKey(byte[] raw) {
        if (raw.length != KEY_BYTES) {
            return Optional.empty();
        }
        byte[] spki = new byte[SPKI_PREFIX.length + KEY_BYTES];
        System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
        System.arraycopy(raw, 0, spki, SPKI_PREFIX.length, KEY_BYTES);
        try {
            return Optional.of(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }
}
