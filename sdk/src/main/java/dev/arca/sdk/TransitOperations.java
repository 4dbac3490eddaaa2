package dev.arca.sdk;

import dev.arca.api.SecretText;
import dev.arca.api.TransitKey;
import dev.arca.api.Use;
import java.util.Base64;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Transit keys of one vault ({@code /v1/vaults/{vault}/transit/{path}}): AEAD keys made inside the vault, named by
 * a secret path, managed and used at that one address — {@link #encrypt}, {@link #decrypt} and {@link #rewrap} need
 * only {@code use} on the path, and no route serves the keys' material but {@link #export} of a key created
 * exportable. Reached by {@link ArcaClient#transit()}; immutable.
 */
public final class TransitOperations {
    /** AES-256 in GCM mode, the default. */
    public static final String AES256_GCM = "aes256-gcm";
    /** ChaCha20-Poly1305. */
    public static final String CHACHA20_POLY1305 = "chacha20-poly1305";

    private final HttpTransport transport;
    private final @Nullable String vault;

    TransitOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public TransitOperations withVault(String vault) {
        return new TransitOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /**
     * {@code POST /v1/vaults/{vault}/transit/{path}}: a new key with its first version.
     *
     * @param algorithm {@value #AES256_GCM} or {@value #CHACHA20_POLY1305}; null for the default
     * @param exportable whether {@link #export} may ever answer the key's material; cannot be changed later
     * @throws ConflictException if a secret already exists at that path
     */
    public TransitKey create(String path, String algorithm, boolean exportable) {
        return transport.call("POST", key(path), new TransitKey.Create(algorithm, exportable), TransitKey.class);
    }

    /** {@code GET /v1/vaults/{vault}/transit/{path}}: the key's description and versions, never its material. */
    public TransitKey get(String path) {
        return transport.call("GET", key(path), null, TransitKey.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/transit/{path}/rotate}: a new latest version, which encrypts from now on;
     * ciphertexts of older versions still decrypt down to the minimum decryption version.
     */
    public TransitKey rotate(String path) {
        return transport.call("POST", key(path).segment("rotate"), null, TransitKey.class);
    }

    /**
     * {@code PATCH /v1/vaults/{vault}/transit/{path}}: ciphertexts of versions below {@code version} (1..latest) no
     * longer decrypt; lowering it again restores them.
     */
    public TransitKey setMinDecryptionVersion(String path, int version) {
        return transport.call("PATCH", key(path), new TransitKey.Update(version), TransitKey.class);
    }

    /**
     * {@code GET /v1/vaults/{vault}/transit/{path}/export}: the raw key of every version, base64, by version number.
     *
     * @throws AccessDeniedException if the key was not created exportable
     */
    public TransitKey.Export export(String path) {
        return transport.call("GET", key(path).segment("export"), null, TransitKey.Export.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/transit/{path}/encrypt}: a ciphertext {@code arca:v{N}:…} of {@code plaintext}
     * under the key's latest version.
     *
     * @param context associated data that decryption must repeat, or null
     */
    public Use.Ciphertext encrypt(String path, byte[] plaintext, byte @Nullable [] context) {
        return transport.call("POST", key(path).segment("encrypt"), encryptRequest(plaintext, context),
                Use.Ciphertext.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/transit/{path}/encrypt} {@code {data}}: SanctumAI's text form, a ciphertext of
     * the UTF-8 bytes of {@code text}; it decrypts with {@link #decryptText} or, as bytes, {@link #decrypt}.
     *
     * @param context associated data that decryption must repeat, or null
     */
    public Use.Ciphertext encryptText(String path, String text, byte @Nullable [] context) {
        return transport.call("POST", key(path).segment("encrypt"), encryptTextRequest(text, context),
                Use.Ciphertext.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/transit/{path}/decrypt}: the plaintext of a ciphertext of this key, made with
     * the same {@code context}.
     *
     * @throws ValidationException {@code invalid_request} if it is another key's or context's ciphertext, or its key
     *     version is below the key's minimum decryption version
     */
    public byte[] decrypt(String path, String ciphertext, byte @Nullable [] context) {
        Use.Plaintext answer = transport.call("POST", key(path).segment("decrypt"),
                decryptRequest(ciphertext, context), Use.Plaintext.class);
        return plaintextBytes(path, answer);
    }

    /**
     * {@code POST /v1/vaults/{vault}/transit/{path}/decrypt} {@code {data}}: SanctumAI's text form, the plaintext
     * as text.
     *
     * @throws ApiException {@code invalid_request} naming {@code data} when the plaintext is not UTF-8 text (use
     *     {@link #decrypt}), or as {@link #decrypt} for a ciphertext that does not decrypt
     */
    public String decryptText(String path, String ciphertext, byte @Nullable [] context) {
        return decryptTextAnswer(path, ciphertext, context).plaintext().reveal();
    }

    /** {@link #decryptText}'s answer as it came, the text still a {@link SecretText}: what an agent is given. */
    Use.Plaintext decryptTextAnswer(String path, String ciphertext, byte @Nullable [] context) {
        return transport.call("POST", key(path).segment("decrypt"), decryptTextRequest(ciphertext, context),
                Use.Plaintext.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/transit/{path}/rewrap}: the same plaintext encrypted again under the key's
     * latest version, without the plaintext leaving the vault.
     */
    public Use.Ciphertext rewrap(String path, String ciphertext, byte @Nullable [] context) {
        return transport.call("POST", key(path).segment("rewrap"), decryptRequest(ciphertext, context),
                Use.Ciphertext.class);
    }

    /** The base64 form of an encrypt request; shared with the async and agent clients. */
    static TransitKey.Encrypt encryptRequest(byte[] plaintext, byte @Nullable [] context) {
        Objects.requireNonNull(plaintext, "plaintext");
        return new TransitKey.Encrypt(SecretText.of(Base64.getEncoder().encodeToString(plaintext)), base64(context));
    }

    /** The text form ({@code data}) of an encrypt request. */
    static TransitKey.Encrypt encryptTextRequest(String text, byte @Nullable [] context) {
        Objects.requireNonNull(text, "text");
        return new TransitKey.Encrypt(null, SecretText.of(text), base64(context));
    }

    /** A decrypt or rewrap request whose plaintext comes back base64. */
    static TransitKey.Decrypt decryptRequest(String ciphertext, byte @Nullable [] context) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        return new TransitKey.Decrypt(ciphertext, base64(context));
    }

    /** A decrypt request in the text form: the ciphertext as {@code data}, the plaintext back as text. */
    static TransitKey.Decrypt decryptTextRequest(String ciphertext, byte @Nullable [] context) {
        Objects.requireNonNull(ciphertext, "ciphertext");
        return new TransitKey.Decrypt(null, ciphertext, base64(context));
    }

    /** The bytes of a base64-form decrypt's answer. */
    static byte[] plaintextBytes(String path, Use.Plaintext answer) {
        String plaintext = SecretText.revealOrNull(answer.plaintext());
        try {
            return Base64.getDecoder().decode(plaintext);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ArcaException("Arca answered a decrypt of " + path + " with a plaintext that is not base64");
        }
    }

    private static @Nullable String base64(byte @Nullable [] bytes) {
        return bytes == null ? null : Base64.getEncoder().encodeToString(bytes);
    }

    private RequestTarget key(String path) {
        return keyOf(vault, path);
    }

    /** {@code /v1/vaults/{vault}/transit/{path}}: also where {@link AgentClient} sends the transit operations. */
    static RequestTarget keyOf(@Nullable String vault, String path) {
        Objects.requireNonNull(path, "path");
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("transit").path(path);
    }
}
