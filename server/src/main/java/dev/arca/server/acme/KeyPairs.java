package dev.arca.server.acme;

import dev.arca.server.error.ArcaException;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * The key pairs the client makes (account keys and certificate keys) and how they are kept as key material: PEM,
 * which holds the public half too. The bytes go nowhere but {@link org.shredzone.acme4j} and the key-material store.
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
        return RSA.equals(type) ? KeyPairUtils.createKeyPair(2048) : KeyPairUtils.createECKeyPair("secp256r1");
    }

    static byte[] encode(KeyPair pair) {
        var out = new StringWriter();
        try {
            KeyPairUtils.writeKeyPair(pair, out);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a key pair", e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static KeyPair decode(byte[] material) {
        try {
            return KeyPairUtils.readKeyPair(new StringReader(new String(material, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("stored key material is not a key pair", e);
        }
    }
}
