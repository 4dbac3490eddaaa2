package dev.arca.server.transit;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.RegistryConfiguration;
import dev.arca.server.error.ArcaException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * A transit key ready to use: its document and one AEAD per version, made once per version of its stored document
 * and cached ({@link TransitKeyCache}). Every ciphertext is bound, by its associated data, to the key's id (an {@code sk_…} id,
 * from when transit keys were secrets), the key version it names and the caller's context:
 * {@code arca/transit/v1 \0 keyId \0 N \0 context}.
 */
final class OpenKey {
    private static final byte[] AAD_PREFIX = "arca/transit/v1\0".getBytes(StandardCharsets.UTF_8);

    private final KeyMaterialRef ref;
    private final KeyDocument document;
    /** {@code aeads.get(i)} is version {@code i + 1}. */
    private final List<Aead> aeads;

    private OpenKey(KeyMaterialRef ref, KeyDocument document, List<Aead> aeads) {
        this.ref = ref;
        this.document = document;
        this.aeads = aeads;
    }

    static OpenKey open(KeyMaterialRef ref, KeyDocument document) {
        var aeads = new ArrayList<Aead>();
        for (KeyDocument.KeyVersion version : document.keys()) {
            try {
                aeads.add(version.handle().getPrimitive(RegistryConfiguration.get(), Aead.class));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("version " + version.version() + " of transit key " + ref.path()
                        + " is not an AEAD keyset", e);
            }
        }
        return new OpenKey(ref, document, List.copyOf(aeads));
    }

    KeyMaterialRef ref() {
        return ref;
    }

    KeyDocument document() {
        return document;
    }

    /** Encrypts under the latest version. */
    TransitCiphertext encrypt(byte[] plaintext, byte[] context) {
        int latest = document.latestVersion();
        try {
            return new TransitCiphertext(latest, aeads.get(latest - 1).encrypt(plaintext,
                    associatedData(latest, context)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encrypting with transit key " + ref.path() + " failed", e);
        }
    }

    /**
     * Decrypts under the version the ciphertext names.
     *
     * @throws ArcaException {@code invalid_request} naming {@code ciphertext}: a version above the latest or below
     *     {@code min_decryption_version}, or a ciphertext of another key or context, or altered — the last with no
     *     more detail than that
     */
    byte[] decrypt(TransitCiphertext ciphertext, byte[] context) {
        return decrypt(ciphertext, context, "ciphertext");
    }

    /** {@link #decrypt(TransitCiphertext, byte[])} of a ciphertext the caller sent in {@code field}, named by a 400. */
    byte[] decrypt(TransitCiphertext ciphertext, byte[] context, String field) {
        int version = ciphertext.version();
        if (version > document.latestVersion()) {
            throw ArcaException.invalid(field, "ciphertext names key version " + version + " but transit key "
                    + ref.path() + " has versions 1 to " + document.latestVersion());
        }
        if (version < document.minDecryptionVersion()) {
            throw ArcaException.invalid(field, "ciphertext was made with key version " + version
                    + ", below the min_decryption_version of transit key " + ref.path() + " ("
                    + document.minDecryptionVersion() + "); lower it with PATCH …/transit/" + ref.path()
                    + " to decrypt it");
        }
        try {
            return aeads.get(version - 1).decrypt(ciphertext.body(), associatedData(version, context));
        } catch (GeneralSecurityException e) {
            throw ArcaException.invalid(field, "ciphertext does not decrypt with key " + ref.path()
                    + " and this context");
        }
    }

    private byte[] associatedData(int version, byte[] context) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(AAD_PREFIX);
        out.writeBytes((ref.id() + "\0" + version + "\0").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(context);
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "OpenKey[" + ref.path() + "@" + ref.version() + ", keys=<redacted>]";
    }
}
