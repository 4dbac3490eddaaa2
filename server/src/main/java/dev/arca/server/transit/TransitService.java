package dev.arca.server.transit;

import dev.arca.api.TransitKey;
import dev.arca.api.Use;
import dev.arca.server.auth.Principal;
import dev.arca.server.http.ArcaException;
import dev.arca.server.seal.SealService;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.secrets.SecretService.KeyMaterialRef;
import dev.arca.server.secrets.SecretValue;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Transit keys (docs/API-use.md): AEAD keys made inside the vault, kept as the value of a secret of type
 * {@code transit_key}, used to encrypt and decrypt without ever being read. The key routes create, describe, rotate
 * and export (only keys created exportable) them; {@link TransitOperations} serves the {@code use} route.
 *
 * <p>A change (rotation, new minimum) is computed from the current document and written as the secret's next
 * version only if that version is still current: two concurrent rotations never both add "version N+1" — the later
 * one recomputes from the newer document once, then answers 409.
 */
public final class TransitService implements TransitOperations {
    private static final int WRITE_ATTEMPTS = 2;

    private final SecretService secrets;
    private final Database db;
    private final TransitKeyCache cache;
    private final Clock clock;

    public TransitService(SecretService secrets, SealService seal, Database db, Clock clock) {
        this.secrets = secrets;
        this.db = db;
        this.cache = TransitKeyCache.clearedOnSealChange(seal);
        this.clock = clock;
    }

    /** {@code POST …/transit/{path}}: a new key with its first version; 409 when a secret is at the path. */
    public TransitKey create(String vaultRef, String path, TransitKey.Create request, Principal by) {
        TransitAlgorithm algorithm = TransitAlgorithm.of(request.algorithm());
        boolean exportable = Boolean.TRUE.equals(request.exportable());
        KeyDocument document = KeyDocument.create(algorithm, exportable, clock.instant());
        KeyMaterialRef ref = db.inTransaction(() -> secrets.createKeyMaterial(vaultRef, path,
                SecretValue.transitKey(document.toJson()), by));
        return view(ref, document);
    }

    /** {@code GET …/transit/{path}}: everything about the key but its keys. */
    public TransitKey read(String vaultRef, String path) {
        OpenKey key = open(vaultRef, path);
        return view(key.ref(), key.document());
    }

    /** {@code PATCH …/transit/{path}}: the oldest version whose ciphertexts still decrypt. */
    public TransitKey update(String vaultRef, String path, TransitKey.Update request, Principal by) {
        return change(vaultRef, path, by, document -> document.withMinDecryptionVersion(
                request.minDecryptionVersion()));
    }

    /** {@code POST …/transit/{path}/rotate}: a new latest version; ciphertexts of every earlier one still decrypt. */
    public TransitKey rotate(String vaultRef, String path, Principal by) {
        return change(vaultRef, path, by, document -> document.rotated(clock.instant()));
    }

    /** {@code GET …/transit/{path}/export}: each version's raw key, for a key created exportable; else 403. */
    public TransitKey.Export export(String vaultRef, String path) {
        OpenKey key = open(vaultRef, path);
        if (!key.document().exportable()) {
            throw ArcaException.denied("transit key " + key.ref().path() + " was not created exportable: its keys "
                    + "never leave the vault");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        for (KeyDocument.KeyVersion version : key.document().keys()) {
            byte[] raw = TransitAlgorithm.rawKey(version.handle().getPrimary().getKey());
            keys.put(Integer.toString(version.version()), Base64.getEncoder().encodeToString(raw));
        }
        return new TransitKey.Export(keys);
    }

    @Override
    public Use.Ciphertext encrypt(String vaultRef, String path, Use.Request request, Principal by) {
        byte[] plaintext = base64("plaintext", request.plaintext());
        TransitCiphertext ciphertext = open(vaultRef, path).encrypt(plaintext, context(request));
        return new Use.Ciphertext(ciphertext.format(), ciphertext.version());
    }

    @Override
    public Use.Plaintext decrypt(String vaultRef, String path, Use.Request request, Principal by) {
        TransitCiphertext ciphertext = TransitCiphertext.parse(request.ciphertext());
        byte[] plaintext = open(vaultRef, path).decrypt(ciphertext, context(request));
        return new Use.Plaintext(Base64.getEncoder().encodeToString(plaintext));
    }

    /** Decrypts and encrypts again under the latest version, with the same context; the plaintext stays inside. */
    @Override
    public Use.Ciphertext rewrap(String vaultRef, String path, Use.Request request, Principal by) {
        TransitCiphertext old = TransitCiphertext.parse(request.ciphertext());
        byte[] context = context(request);
        OpenKey key = open(vaultRef, path);
        TransitCiphertext rewrapped = key.encrypt(key.decrypt(old, context), context);
        return new Use.Ciphertext(rewrapped.format(), rewrapped.version());
    }

    private TransitKey change(String vaultRef, String path, Principal by, UnaryOperator<KeyDocument> edit) {
        return db.inTransaction(() -> {
            for (int attempt = 1; ; attempt++) {
                OpenKey current = open(vaultRef, path);
                KeyDocument changed = edit.apply(current.document());
                if (changed.equals(current.document())) {
                    return view(current.ref(), changed);
                }
                Optional<KeyMaterialRef> written = secrets.writeKeyMaterial(current.ref(),
                        SecretValue.transitKey(changed.toJson()), by);
                if (written.isPresent()) {
                    return view(written.get(), changed);
                }
                if (attempt == WRITE_ATTEMPTS) {
                    throw ArcaException.conflict("transit key " + current.ref().path() + " was changed by other "
                            + "requests at the same time; try again");
                }
            }
        });
    }

    private OpenKey open(String vaultRef, String path) {
        KeyMaterialRef ref = secrets.keyMaterialRef(vaultRef, path);
        return cache.get(ref, () -> OpenKey.open(ref, KeyDocument.parse(secrets.readKeyMaterial(ref).text())));
    }

    private static TransitKey view(KeyMaterialRef ref, KeyDocument document) {
        return new TransitKey(ref.id(), ref.path(), document.algorithm(), document.exportable(),
                document.latestVersion(), document.minDecryptionVersion(), document.keys().stream()
                        .map(key -> new TransitKey.Version(key.version(), key.createdAt())).toList(),
                document.keys().getFirst().createdAt());
    }

    private static byte[] context(Use.Request request) {
        return request.context() == null ? new byte[0] : base64("context", request.context());
    }

    private static byte[] base64(String field, String text) {
        if (text == null) {
            throw ArcaException.invalid(field, "give '" + field + "', base64-encoded");
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid(field, "'" + field + "' must be base64 (RFC 4648, standard alphabet)");
        }
    }
}
