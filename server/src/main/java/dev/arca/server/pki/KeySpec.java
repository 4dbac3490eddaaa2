package dev.arca.server.pki;

import dev.arca.server.error.ArcaException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A key type and size as the PKI wire names them ({@code ec} 256/384, {@code rsa} 2048/3072/4096, {@code ed25519}),
 * what it generates and the signature algorithm a CA with such a key signs with.
 */
public record KeySpec(Type type, int bits) {
    public enum Type {
        EC, RSA, ED25519;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The least RSA size accepted anywhere, for generated keys and for keys in CSRs. */
    public static final int MIN_RSA_BITS = 2048;

    /**
     * The spec a request names; the type's default size when {@code bits} is null or 0.
     *
     * @throws ArcaException 400 naming {@code field} for an unknown type or a size the type does not have
     */
    public static KeySpec parse(@Nullable String type, @Nullable Integer bits, String field) {
        String name = type == null ? "ec" : type.toLowerCase(Locale.ROOT);
        int size = bits == null ? 0 : bits;
        return switch (name) {
            case "ec" -> {
                int b = size == 0 ? 256 : size;
                if (b != 256 && b != 384) {
                    throw ArcaException.invalid(field + "_bits", "an ec key is 256 or 384 bits, not " + b);
                }
                yield new KeySpec(Type.EC, b);
            }
            case "rsa" -> {
                int b = size == 0 ? 2048 : size;
                if (b != 2048 && b != 3072 && b != 4096) {
                    throw ArcaException.invalid(field + "_bits", "an rsa key is 2048, 3072 or 4096 bits, not " + b);
                }
                yield new KeySpec(Type.RSA, b);
            }
            case "ed25519" -> {
                if (size != 0 && size != 256) {
                    throw ArcaException.invalid(field + "_bits", "an ed25519 key has no size to choose; leave "
                            + field + "_bits out");
                }
                yield new KeySpec(Type.ED25519, 256);
            }
            default -> throw ArcaException.invalid(field + "_type", "unknown key type '" + type
                    + "'; use ec, rsa or ed25519");
        };
    }

    /**
     * The spec of a key someone else made (a CSR's, an imported CA's).
     *
     * @throws ArcaException 400 naming {@code field} for a key of another kind, an EC curve other than P-256/P-384,
     *     or an RSA key under {@value #MIN_RSA_BITS} bits
     */
    public static KeySpec of(PublicKey key, String field) {
        if (key instanceof RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw ArcaException.invalid(field, "the RSA key has " + bits + " bits; at least " + MIN_RSA_BITS
                        + " are needed");
            }
            return new KeySpec(Type.RSA, bits);
        }
        if (key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            if (bits != 256 && bits != 384) {
                throw ArcaException.invalid(field, "the EC key is on a " + bits + "-bit curve; use P-256 or P-384");
            }
            return new KeySpec(Type.EC, bits);
        }
        if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
            return new KeySpec(Type.ED25519, 256);
        }
        throw ArcaException.invalid(field, "the key is " + key.getAlgorithm() + "; use an ec, rsa or ed25519 key");
    }

    public KeyPair generate() {
        try {
            return switch (type) {
                case EC -> {
                    var generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec(bits == 384 ? "secp384r1" : "secp256r1"));
                    yield generator.generateKeyPair();
                }
                case RSA -> {
                    var generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(bits);
                    yield generator.generateKeyPair();
                }
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make a " + this + " key", e);
        }
    }

    /** The JCA signature algorithm a CA with this key signs with. */
    public String signatureAlgorithm() {
        return switch (type) {
            case EC -> bits == 384 ? "SHA384withECDSA" : "SHA256withECDSA";
            case RSA -> "SHA256withRSA";
            case ED25519 -> "Ed25519";
        };
    }

    @Override
    public String toString() {
        return type.wire() + (type == Type.ED25519 ? "" : " " + bits);
    }
}
