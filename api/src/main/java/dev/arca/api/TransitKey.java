package dev.arca.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A transit key: AEAD keys made inside the vault that never leave it unless it was created exportable, managed and
 * used at one address, {@code /v1/vaults/{vault}/transit/{path}} ({@code …/encrypt}, {@code …/decrypt},
 * {@code …/rewrap} answer {@link Use.Ciphertext} and {@link Use.Plaintext}). {@link #TYPE} is the secret type keys
 * were stored as before they had a store of their own.
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

    /**
     * {@code POST …/transit/{path}/encrypt}: a ciphertext under the key's latest version, of exactly one of
     * {@code plaintext} (base64 of any bytes) and {@code data} (UTF-8 text, SanctumAI's form).
     *
     * @param plaintext base64 of the bytes to encrypt, or null when {@code data} is given
     * @param data the text to encrypt (its UTF-8 bytes), or null when {@code plaintext} is given
     * @param context base64 associated data that decrypting must repeat, or null
     */
    public record Encrypt(@Nullable SecretText plaintext, @Nullable SecretText data, @Nullable String context) {
        /** The base64 form. */
        public Encrypt(@Nullable SecretText plaintext, @Nullable String context) {
            this(plaintext, null, context);
        }
    }

    /**
     * {@code POST …/transit/{path}/decrypt}, and {@code …/rewrap} (the same plaintext encrypted again under the
     * latest version, without leaving the vault). Decrypt takes exactly one of {@code ciphertext}, answered as
     * base64, and {@code data} (SanctumAI's form), answered as the text itself; rewrap takes {@code ciphertext}.
     *
     * @param ciphertext {@code arca:v{N}:{base64}}, as {@code encrypt} answered it; the plaintext comes back base64
     * @param data the same ciphertext, for the plaintext back as UTF-8 text (400 when it is not valid UTF-8)
     * @param context base64 of the context it was encrypted with, or null
     */
    public record Decrypt(@Nullable String ciphertext, @Nullable String data, @Nullable String context) {
        /** The base64 form. */
        public Decrypt(@Nullable String ciphertext, @Nullable String context) {
            this(ciphertext, null, context);
        }
    }

    /** {@code GET …/transit/{path}/export}: base64 of each version's raw key. */
    public record Export(Map<String, SecretText> keys) {}
}
