package dev.arca.sdk;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Ed25519 keys as Arca's wire carries them: a public key is the base64 of its raw 32 bytes (RFC 8032), not the
 * X.509 structure the JDK encodes. Everything cryptographic is the JDK's {@code Ed25519} provider.
 */
public final class Ed25519Keys {
    /** The raw key is the last 32 bytes of the 44-byte X.509 SubjectPublicKeyInfo (RFC 8410 §4). */
    private static final int RAW_LENGTH = 32;
    private static final byte[] SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private Ed25519Keys() {}

    /** A fresh key pair from the JDK's default {@code SecureRandom}; the private key never leaves memory here. */
    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("this Java runtime has no Ed25519 (Java 15 or later has): " + e.getMessage());
        }
    }

    /** The base64 of the raw 32-byte public key, as {@code POST /v1/enroll} and agent registration expect. */
    public static String rawPublicKeyBase64(PublicKey key) {
        byte[] spki = key.getEncoded();
        if ((!"Ed25519".equalsIgnoreCase(key.getAlgorithm()) && !"EdDSA".equalsIgnoreCase(key.getAlgorithm()))
                || spki.length != SPKI_PREFIX.length + RAW_LENGTH
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            throw new ConfigurationException("not an Ed25519 public key (" + key.getAlgorithm() + ")");
        }
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length));
    }

    /** The Ed25519 signature of {@code message}, made by {@code provider} (null: the runtime's first that can). */
    static byte[] sign(PrivateKey key, byte[] message, @Nullable Provider provider) {
        try {
            var signature = provider == null ? Signature.getInstance("Ed25519")
                    : Signature.getInstance("Ed25519", provider);
            signature.initSign(key);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            // The message names the key type at most, never key material.
            throw new ConfigurationException("cannot sign with this key (an Ed25519 private key is needed): "
                    + e.getClass().getSimpleName());
        }
    }
}
