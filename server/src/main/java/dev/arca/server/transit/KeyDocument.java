package dev.arca.server.transit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import dev.arca.api.Json;
import dev.arca.server.error.ArcaException;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What a transit key's stored material holds: its algorithm, whether it may be exported, the oldest version that
 * still decrypts, and every key version ever made, each a Tink keyset of one key. Stored only in the key-material
 * store ({@link dev.arca.server.keymaterial.KeyMaterialStore}), encrypted with the vault's data key. A rotation or a
 * change of {@code min_decryption_version} is a new document, written as the stored material's next version.
 *
 * @param keys oldest first; version {@code i + 1} is {@code keys.get(i)}
 */
record KeyDocument(String algorithm, boolean exportable, int minDecryptionVersion, List<KeyVersion> keys) {
    private static final ObjectMapper JSON = Json.strict();

    // every keyset is made and parsed here, through Tink's registry
    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * One key version.
     *
     * @param keyset base64 of the Tink keyset (binary proto format, cleartext: the whole document is encrypted)
     */
    record KeyVersion(int version, Instant createdAt, String keyset) {
        @Override
        public String toString() {
            return "KeyVersion[version=" + version + ", createdAt=" + createdAt + ", keyset=<redacted>]";
        }

        KeysetHandle handle() {
            try {
                return TinkProtoKeysetFormat.parseKeyset(Base64.getDecoder().decode(keyset),
                        InsecureSecretKeyAccess.get(), RegistryConfiguration.get());
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("version " + version + " of a transit key holds no valid keyset", e);
            }
        }
    }

    KeyDocument {
        keys = List.copyOf(keys);
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).version() != i + 1) {
                throw new IllegalStateException("a transit key's versions run 1, 2, … without gaps");
            }
        }
        if (keys.isEmpty() || minDecryptionVersion < 1 || minDecryptionVersion > keys.size()) {
            throw new IllegalStateException("a transit key has at least one version and 1 <= "
                    + "min_decryption_version <= its latest version");
        }
    }

    /** A new key with its first version. */
    static KeyDocument create(TransitAlgorithm algorithm, boolean exportable, Instant now) {
        return new KeyDocument(algorithm.wire(), exportable, 1, List.of(newVersion(algorithm, 1, now)));
    }

    /** This key with one more version, which becomes the latest (the one new ciphertexts use). */
    KeyDocument rotated(Instant now) {
        var more = new ArrayList<>(keys);
        more.add(newVersion(algorithmValue(), latestVersion() + 1, now));
        return new KeyDocument(algorithm, exportable, minDecryptionVersion, more);
    }

    /** This key with another minimum: ciphertexts of older versions stop decrypting, or decrypt again. */
    KeyDocument withMinDecryptionVersion(Integer minimum) {
        if (minimum == null || minimum < 1 || minimum > latestVersion()) {
            throw ArcaException.invalid("min_decryption_version", "min_decryption_version must be from 1 to the "
                    + "latest version (" + latestVersion() + ")");
        }
        return new KeyDocument(algorithm, exportable, minimum, keys);
    }

    int latestVersion() {
        return keys.size();
    }

    KeyVersion version(int version) {
        return keys.get(version - 1);
    }

    TransitAlgorithm algorithmValue() {
        return TransitAlgorithm.of(algorithm);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a key document always serialises", e);
        }
    }

    static KeyDocument parse(String json) {
        try {
            return JSON.readValue(json, KeyDocument.class);
        } catch (JsonProcessingException e) {
            // never the parser's message: it would quote key material
            throw new IllegalStateException("a transit key's stored document is not a key document");
        }
    }

    @Override
    public String toString() {
        return "KeyDocument[algorithm=" + algorithm + ", exportable=" + exportable + ", minDecryptionVersion="
                + minDecryptionVersion + ", versions=" + keys.size() + ", keys=<redacted>]";
    }

    private static KeyVersion newVersion(TransitAlgorithm algorithm, int version, Instant now) {
        try {
            KeysetHandle handle = KeysetHandle.generateNew(algorithm.parameters(), RegistryConfiguration.get());
            byte[] serialized = TinkProtoKeysetFormat.serializeKeyset(handle, InsecureSecretKeyAccess.get(),
                    RegistryConfiguration.get());
            return new KeyVersion(version, now, Base64.getEncoder().encodeToString(serialized));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink could not make a " + algorithm.wire() + " key", e);
        }
    }
}
