package dev.arca.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A transit key: a secret of type {@code transit_key} whose AEAD keys are made inside the vault and never leave it
 * unless it was created exportable ({@code /v1/vaults/{vault}/transit/{path}}).
 *
 * @param minDecryptionVersion ciphertexts of older key versions no longer decrypt
 */
public record TransitKey(String id, String path, String algorithm, boolean exportable, int latestVersion,
        int minDecryptionVersion, List<Version> versions, Instant createdAt) {

    public static final String TYPE = "transit_key";

    /** One key version. */
    public record Version(int version, Instant createdAt) {}

    /** {@code POST …/transit/{path}}: algorithm {@code aes256-gcm} (default) or {@code chacha20-poly1305}. */
    public record Create(@Nullable String algorithm, @Nullable Boolean exportable) {}

    /** {@code PATCH …/transit/{path}}. */
    public record Update(Integer minDecryptionVersion) {}

    /** {@code GET …/transit/{path}/export}: base64 of each version's raw key. */
    public record Export(Map<String, String> keys) {
        @Override
        public String toString() {
            return "TransitKey.Export[versions=" + keys.keySet() + ", keys=<redacted>]";
        }
    }
}
