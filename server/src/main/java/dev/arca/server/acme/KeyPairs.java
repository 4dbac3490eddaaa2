package dev.arca.server.acme;

import dev.arca.server.error.ArcaException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The key pairs the client makes (account keys and certificate keys), by the JDK, and how they are kept as key
 * material (both halves, so nothing is derived on reading). The bytes go nowhere but acme4j, the certificate secret
 * and the key-material store.
 */
final class KeyPairs {
    static final String EC = "ec";
    static final String RSA = "rsa";
    static final String ED25519 = "ed25519";

    private KeyPairs() {}

    /** The key type a request names, {@code ec} when none; 400 naming {@code field} otherwise. */
    static String type(@Nullable String requested, String field) {
        String type = requested == null ? EC : requested.toLowerCase(Locale.ROOT);
        return switch (type) {
            case EC, RSA -> type;
            case ED25519 -> throw ArcaException.invalid(field, "ed25519 keys cannot sign ACME requests with acme4j "
                    + "4.0 (it signs with ES256 or RS256 only); use " + EC + " (P-256) or " + RSA + " (2048)");
            default -> throw ArcaException.invalid(field, field + " is " + EC + " (P-256, default) or " + RSA
                    + " (2048)");
        };
    }

    static KeyPair generate(String type) {
        try {
            if (RSA.equals(type)) {
                var rsa = KeyPairGenerator.getInstance("RSA");
                rsa.initialize(2048);
                return rsa.generateKeyPair();
            }
            var ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            return ec.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make " + type + " keys", e);
        }
    }

    /** {@code algorithm \n base64(PKCS#8 private) \n base64(X.509 public)}: both halves, read back by the JDK. */
    static byte[] encode(KeyPair pair) {
        Base64.Encoder base64 = Base64.getEncoder();
        return (pair.getPrivate().getAlgorithm() + "\n" + base64.encodeToString(pair.getPrivate().getEncoded()) + "\n"
                + base64.encodeToString(pair.getPublic().getEncoded())).getBytes(StandardCharsets.US_ASCII);
    }

    static KeyPair decode(byte[] material) {
        String[] parts = new String(material, StandardCharsets.US_ASCII).split("\n");
        try {
            KeyFactory factory = KeyFactory.getInstance(parts[0]);
            return new KeyPair(factory.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(parts[2]))),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[1]))));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalStateException("stored key material is not a key pair");
        }
    }
}
