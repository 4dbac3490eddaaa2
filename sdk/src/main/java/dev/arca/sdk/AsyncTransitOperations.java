package dev.arca.sdk;

import dev.arca.api.TransitKey;
import dev.arca.api.Use;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@link TransitOperations} without blocking ({@code /v1/vaults/{vault}/transit/{path}}): the same requests, answers
 * and exceptions, in a future. Reached by {@link AsyncArcaClient#transit()}; immutable.
 */
public final class AsyncTransitOperations {
    private final HttpTransport transport;
    private final @Nullable String vault;

    AsyncTransitOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public AsyncTransitOperations withVault(String vault) {
        return new AsyncTransitOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /** {@code POST /v1/vaults/{vault}/transit/{path}}: a new key; see {@link TransitOperations#create}. */
    public CompletableFuture<TransitKey> create(String path, @Nullable String algorithm, boolean exportable) {
        return transport.callAsync("POST", key(path), new TransitKey.Create(algorithm, exportable), TransitKey.class);
    }

    /** {@code GET /v1/vaults/{vault}/transit/{path}}: the key's description and versions, never its material. */
    public CompletableFuture<TransitKey> get(String path) {
        return transport.callAsync("GET", key(path), null, TransitKey.class);
    }

    /** {@code POST /v1/vaults/{vault}/transit/{path}/rotate}: a new latest version. */
    public CompletableFuture<TransitKey> rotate(String path) {
        return transport.callAsync("POST", key(path).segment("rotate"), null, TransitKey.class);
    }

    /** {@code PATCH /v1/vaults/{vault}/transit/{path}}: ciphertexts of versions below {@code version} no longer decrypt. */
    public CompletableFuture<TransitKey> setMinDecryptionVersion(String path, int version) {
        return transport.callAsync("PATCH", key(path), new TransitKey.Update(version), TransitKey.class);
    }

    /** {@code GET /v1/vaults/{vault}/transit/{path}/export}: the raw key of every version of an exportable key. */
    public CompletableFuture<TransitKey.Export> export(String path) {
        return transport.callAsync("GET", key(path).segment("export"), null, TransitKey.Export.class);
    }

    /** {@code POST …/transit/{path}/encrypt}: a ciphertext of {@code plaintext}; see {@link TransitOperations#encrypt}. */
    public CompletableFuture<Use.Ciphertext> encrypt(String path, byte[] plaintext, byte @Nullable [] context) {
        return transport.callAsync("POST", key(path).segment("encrypt"),
                TransitOperations.encryptRequest(plaintext, context), Use.Ciphertext.class);
    }

    /** {@code POST …/transit/{path}/encrypt} {@code {data}}: a ciphertext of the UTF-8 bytes of {@code text}. */
    public CompletableFuture<Use.Ciphertext> encryptText(String path, String text, byte @Nullable [] context) {
        return transport.callAsync("POST", key(path).segment("encrypt"),
                TransitOperations.encryptTextRequest(text, context), Use.Ciphertext.class);
    }

    /** {@code POST …/transit/{path}/decrypt}: the plaintext's bytes; see {@link TransitOperations#decrypt}. */
    public CompletableFuture<byte[]> decrypt(String path, String ciphertext, byte @Nullable [] context) {
        return transport.callAsync("POST", key(path).segment("decrypt"),
                TransitOperations.decryptRequest(ciphertext, context), Use.Plaintext.class)
                .thenApply(answer -> TransitOperations.plaintextBytes(path, answer));
    }

    /** {@code POST …/transit/{path}/decrypt} {@code {data}}: the plaintext as text; see {@link TransitOperations#decryptText}. */
    public CompletableFuture<String> decryptText(String path, String ciphertext, byte @Nullable [] context) {
        return decryptTextAnswer(path, ciphertext, context).thenApply(answer -> answer.plaintext().reveal());
    }

    /** {@link #decryptText}'s answer as it came, the text still a {@link dev.arca.api.SecretText}. */
    CompletableFuture<Use.Plaintext> decryptTextAnswer(String path, String ciphertext, byte @Nullable [] context) {
        return transport.callAsync("POST", key(path).segment("decrypt"),
                TransitOperations.decryptTextRequest(ciphertext, context), Use.Plaintext.class);
    }

    /** {@code POST …/transit/{path}/rewrap}: the same plaintext under the latest version, never leaving the vault. */
    public CompletableFuture<Use.Ciphertext> rewrap(String path, String ciphertext, byte @Nullable [] context) {
        return transport.callAsync("POST", key(path).segment("rewrap"),
                TransitOperations.decryptRequest(ciphertext, context), Use.Ciphertext.class);
    }

    private RequestTarget key(String path) {
        return TransitOperations.keyOf(vault, path);
    }

    @Override
    public String toString() {
        return "AsyncTransitOperations[vault=" + vault + "]";
    }
}
