package dev.arca.server.transit;

import com.google.crypto.tink.AccessesPartialKey;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.Key;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.ChaCha20Poly1305Key;
import com.google.crypto.tink.aead.ChaCha20Poly1305Parameters;
import dev.arca.server.error.ArcaException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The AEADs a transit key can use, as named on the wire. Both are Tink parameters without an output prefix: the key
 * version is already in our ciphertext ({@code arca:v{N}:…}), and each version is a keyset of one key.
 */
enum TransitAlgorithm {
    AES256_GCM("aes256-gcm", aesGcm()),
    CHACHA20_POLY1305("chacha20-poly1305",
            ChaCha20Poly1305Parameters.create(ChaCha20Poly1305Parameters.Variant.NO_PREFIX));

    private final String wire;
    private final Parameters parameters;

    TransitAlgorithm(String wire, Parameters parameters) {
        this.wire = wire;
        this.parameters = parameters;
    }

    /** The algorithm a create request names; {@code aes256-gcm} when it names none. */
    static TransitAlgorithm of(@Nullable String wire) {
        if (wire == null) {
            return AES256_GCM;
        }
        return Arrays.stream(values()).filter(a -> a.wire.equals(wire)).findFirst()
                .orElseThrow(() -> ArcaException.invalid("algorithm", "algorithm must be aes256-gcm (the default) or "
                        + "chacha20-poly1305"));
    }

    String wire() {
        return wire;
    }

    Parameters parameters() {
        return parameters;
    }

    /** The raw key bytes of one version, for the export of an exportable key: the one place they are taken out. */
    @AccessesPartialKey
    static byte[] rawKey(Key key) {
        return switch (key) {
            case AesGcmKey aes -> aes.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
            case ChaCha20Poly1305Key chacha -> chacha.getKeyBytes().toByteArray(InsecureSecretKeyAccess.get());
            default -> throw new IllegalStateException("a transit keyset holds an unexpected key: " + key.getClass());
        };
    }

    private static Parameters aesGcm() {
        try {
            return AesGcmParameters.builder()
                    .setKeySizeBytes(32)
                    .setIvSizeBytes(12)
                    .setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
