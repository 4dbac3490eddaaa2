package dev.arca.server.transit;

import dev.arca.api.SecretText;
import dev.arca.api.TransitKey;
import dev.arca.api.Use;
import dev.arca.api.Vault;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.keymaterial.KeyMaterialStore;
import dev.arca.server.seal.SealService;
import dev.arca.server.secrets.SecretPath;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.vaults.VaultService;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Transit keys (docs/API-use.md): AEAD keys made inside the vault, kept in the key-material store (engine
 * {@value #ENGINE}, never reachable through a secret route), used to encrypt and decrypt without ever being read. The
 * key routes create, describe, rotate, export (only keys created exportable) and delete them, and encrypt, decrypt
 * and rewrap with them, all at the key's one address {@code …/transit/{path}}.
 *
 * <p>Guarantees: key material leaves this class only through {@link #export} of a key created exportable; a
 * ciphertext made under another key, another key version than it names, or another {@code context} fails with a 400
 * that says nothing about the plaintext or the key.
 *
 * <p>A change (rotation, new minimum) is computed from the current document and written as the stored material's
 * next version only if that version is still current: two concurrent rotations never both add "version N+1" — the
 * later one recomputes from the newer document once, then answers 409.
 */
public final class TransitService {
    /** The engine name its key material is stored under (bound into every row's associated data). */
    public static final String ENGINE = "transit";
    private static final int WRITE_ATTEMPTS = 2;

    private final KeyMaterialStore keys;
    private final VaultService vaults;
    private final Database db;
    private final TransitKeyCache cache;
    private final Clock clock;

    public TransitService(Database db, VaultService vaults, SealService seal, Clock clock) {
        this.keys = new KeyMaterialStore(db, seal, ENGINE);
        this.vaults = vaults;
        this.db = db;
        this.cache = TransitKeyCache.clearedOnSealChange(seal);
        this.clock = clock;
    }

    /** {@code POST …/transit/{path}}: a new key with its first version; 409 when a transit key is at the path. */
    public TransitKey create(String vaultRef, String rawPath, TransitKey.Create request, Principal by) {
        TransitAlgorithm algorithm = TransitAlgorithm.of(request.algorithm());
        boolean exportable = Boolean.TRUE.equals(request.exportable());
        Vault vault = vaults.resolve(vaultRef);
        var path = new SecretPath(rawPath);
        String projectId = vaults.project(vault, path.project()).id();
        KeyDocument document = KeyDocument.create(algorithm, exportable, clock.instant());
        KeyMaterialStore.Entry entry = keys.insert(Ids.newId("sk_"), vault.id(), projectId, path.value(),
                document.toJson().getBytes(StandardCharsets.UTF_8), clock.instant(), by.subject())
                .orElseThrow(() -> ArcaException.conflict("transit key " + path.value() + " already exists; rotate "
                        + "it with POST …/transit/" + path.value() + "/rotate"));
        return view(KeyMaterialRef.of(entry), document);
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

    /** {@code DELETE …/transit/{path}}: the key and every version of it, for good; its ciphertexts never decrypt. */
    public void delete(String vaultRef, String rawPath) {
        Vault vault = vaults.resolve(vaultRef);
        var path = new SecretPath(rawPath);
        KeyMaterialRef ref = keys.byName(vault.id(), path.value()).map(KeyMaterialRef::of)
                .orElseThrow(() -> missing(path.value(), vault));
        if (!keys.delete(vault.id(), path.value())) {
            throw missing(path.value(), vault);
        }
        db.afterCommit(() -> cache.forget(ref.id()));
    }

    /** {@code GET …/transit/{path}/export}: each version's raw key, for a key created exportable; else 403. */
    public TransitKey.Export export(String vaultRef, String path) {
        OpenKey key = open(vaultRef, path);
        if (!key.document().exportable()) {
            throw ArcaException.denied("transit key " + key.ref().path() + " was not created exportable: its keys "
                    + "never leave the vault");
        }
        Map<String, SecretText> keys = new LinkedHashMap<>();
        for (KeyDocument.KeyVersion version : key.document().keys()) {
            byte[] raw = TransitAlgorithm.rawKey(version.handle().getPrimary().getKey());
            keys.put(Integer.toString(version.version()), SecretText.of(Base64.getEncoder().encodeToString(raw)));
        }
        return new TransitKey.Export(keys);
    }

    /**
     * {@code POST …/transit/{path}/encrypt}: a ciphertext under the key's latest version, of {@code plaintext}
     * (base64) or of {@code data} (UTF-8 text), exactly one of them.
     */
    public Use.Ciphertext encrypt(String vaultRef, String path, TransitKey.Encrypt request) {
        byte[] plaintext = plaintextOf(request);
        TransitCiphertext ciphertext = open(vaultRef, path).encrypt(plaintext, context(request.context()));
        return new Use.Ciphertext(ciphertext.format(), ciphertext.version());
    }

    /**
     * {@code POST …/transit/{path}/decrypt}: the plaintext of a ciphertext of this key made with this context —
     * base64 when the ciphertext came as {@code ciphertext}, the text itself when it came as {@code data}.
     */
    public Use.Plaintext decrypt(String vaultRef, String path, TransitKey.Decrypt request) {
        boolean asText = request.data() != null;
        if (asText && request.ciphertext() != null) {
            throw ArcaException.invalid("data", "give either 'ciphertext' (the plaintext answered base64) or "
                    + "'data' (the plaintext answered as UTF-8 text), not both");
        }
        if (!asText && request.ciphertext() == null) {
            throw ArcaException.invalid("ciphertext", "give the ciphertext to decrypt, as encrypt answered it "
                    + "(arca:v{N}:{base64}), as 'ciphertext' (the plaintext answered base64) or as 'data' (the "
                    + "plaintext answered as UTF-8 text)");
        }
        String field = asText ? "data" : "ciphertext";
        TransitCiphertext ciphertext = TransitCiphertext.parse(asText ? request.data() : request.ciphertext(),
                field);
        byte[] plaintext = open(vaultRef, path).decrypt(ciphertext, context(request.context()), field);
        return new Use.Plaintext(SecretText.of(asText ? utf8(plaintext)
                : Base64.getEncoder().encodeToString(plaintext)));
    }

    /**
     * {@code POST …/transit/{path}/rewrap}: decrypts and encrypts again under the latest version, with the same
     * context; the plaintext stays inside. It takes {@code ciphertext} only: {@code data} chooses how a plaintext
     * is answered, and rewrap answers none.
     */
    public Use.Ciphertext rewrap(String vaultRef, String path, TransitKey.Decrypt request) {
        if (request.data() != null) {
            throw ArcaException.invalid("data", "rewrap takes the ciphertext as 'ciphertext'; 'data' is the text "
                    + "form of encrypt and decrypt");
        }
        TransitCiphertext old = TransitCiphertext.parse(request.ciphertext());
        byte[] context = context(request.context());
        OpenKey key = open(vaultRef, path);
        TransitCiphertext rewrapped = key.encrypt(key.decrypt(old, context), context);
        return new Use.Ciphertext(rewrapped.format(), rewrapped.version());
    }

    /** The bytes to encrypt: {@code plaintext} decoded from base64, or {@code data}'s UTF-8 bytes. */
    private static byte[] plaintextOf(TransitKey.Encrypt request) {
        String text = SecretText.revealOrNull(request.data());
        if (text == null) {
            if (request.plaintext() == null) {
                throw ArcaException.invalid("plaintext", "give 'plaintext', base64-encoded, or 'data', the UTF-8 "
                        + "text to encrypt");
            }
            return base64("plaintext", SecretText.revealOrNull(request.plaintext()));
        }
        if (request.plaintext() != null) {
            throw ArcaException.invalid("data", "give either 'plaintext' (base64) or 'data' (UTF-8 text), not both");
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A plaintext asked for as text: its bytes must be UTF-8, never replaced by U+FFFD behind the caller's back. */
    private static String utf8(byte[] plaintext) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plaintext)).toString();
        } catch (CharacterCodingException e) {
            throw ArcaException.invalid("data", "the plaintext is not UTF-8 text; decrypt it with 'ciphertext' "
                    + "instead of 'data' to have it base64-encoded");
        }
    }

    private TransitKey change(String vaultRef, String path, Principal by, UnaryOperator<KeyDocument> edit) {
        return db.inTransaction(() -> {
            for (int attempt = 1; ; attempt++) {
                OpenKey current = open(vaultRef, path);
                KeyDocument changed = edit.apply(current.document());
                if (changed.equals(current.document())) {
                    return view(current.ref(), changed);
                }
                KeyMaterialRef ref = current.ref();
                if (keys.replace(ref.vaultId(), ref.id(), ref.version(),
                        changed.toJson().getBytes(StandardCharsets.UTF_8), clock.instant(), by.subject())) {
                    return view(new KeyMaterialRef(ref.id(), ref.vaultId(), ref.path(), ref.version() + 1), changed);
                }
                if (attempt == WRITE_ATTEMPTS) {
                    throw ArcaException.conflict("transit key " + current.ref().path() + " was changed by other "
                            + "requests at the same time; try again");
                }
            }
        });
    }

    private OpenKey open(String vaultRef, String rawPath) {
        Vault vault = vaults.resolve(vaultRef);
        var path = new SecretPath(rawPath);
        KeyMaterialRef ref = keys.byName(vault.id(), path.value()).map(KeyMaterialRef::of)
                .orElseThrow(() -> missing(path.value(), vault));
        return cache.get(ref, () -> OpenKey.open(ref, KeyDocument.parse(new String(keys.open(ref.vaultId(), ref.id(),
                ref.version()).orElseThrow(() -> ArcaException.notFound("transit key " + ref.path() + " was changed "
                        + "or deleted meanwhile; try again")), StandardCharsets.UTF_8))));
    }

    private static ArcaException missing(String path, Vault vault) {
        return ArcaException.notFound("no transit key at " + path + " in vault '" + vault.name() + "'; create one "
                + "with POST /v1/vaults/{vault}/transit/" + path);
    }

    private static TransitKey view(KeyMaterialRef ref, KeyDocument document) {
        return new TransitKey(ref.id(), ref.path(), document.algorithm(), document.exportable(),
                document.latestVersion(), document.minDecryptionVersion(), document.keys().stream()
                        .map(key -> new TransitKey.Version(key.version(), key.createdAt())).toList(),
                document.keys().getFirst().createdAt());
    }

    private static byte[] context(@Nullable String context) {
        return context == null ? new byte[0] : base64("context", context);
    }

    private static byte[] base64(String field, @Nullable String text) {
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
