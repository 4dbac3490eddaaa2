package dev.arca.sdk;

import dev.arca.api.TransitKey;
import java.util.Objects;

/**
 * Transit keys of one vault ({@code /v1/vaults/{vault}/transit/{path}}): AEAD keys made inside the vault, named by
 * a secret path, that encrypt and decrypt through {@link UseOperations#encrypt} and {@link UseOperations#decrypt}
 * and whose material no read route serves. Reached by {@link ArcaClient#transit()}; immutable.
 */
public final class TransitOperations {
    /** AES-256 in GCM mode, the default. */
    public static final String AES256_GCM = "aes256-gcm";
    /** ChaCha20-Poly1305. */
    public static final String CHACHA20_POLY1305 = "chacha20-poly1305";

    private final HttpTransport transport;
    private final String vault;

    TransitOperations(HttpTransport transport, String vault) {
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

    private RequestTarget key(String path) {
        Objects.requireNonNull(path, "path");
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("transit").path(path);
    }
}
