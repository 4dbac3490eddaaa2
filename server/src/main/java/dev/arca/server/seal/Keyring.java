package dev.arca.server.seal;

import com.google.crypto.tink.AccessesPartialKey;
import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Mac;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import com.google.crypto.tink.mac.MacConfig;
import com.google.crypto.tink.mac.PredefinedMacParameters;
import com.google.crypto.tink.subtle.AesGcmJce;
import com.google.crypto.tink.util.SecretBytes;
import dev.arca.server.error.ArcaException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The data keys of an unsealed server: one AEAD keyset (AES-256-GCM) per vault, one HMAC-SHA256 keyset for
 * identifiers in the audit log and one that MACs the audit chain, all Google Tink keysets. Only {@link SealService}
 * makes one, when the seal opens, and drops it when the seal closes; after that every method of a keyring still
 * referenced answers {@code sealed}.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Keysets are stored only encrypted with the root key, in table {@code keyring}, with the row name
 *       ({@code vault:<vaultId>}, {@code audit}, {@code audit-chain}) as associated data: a keyset copied to
 *       another row does not decrypt.</li>
 *   <li>The audit chain key MACs only line hashes, never caller-chosen input: the identifier HMAC
 *       ({@link #auditHmac}) is computed over values a caller picks and written into the trail, so sharing its key
 *       would let a caller obtain the MAC of a forged line's hash.</li>
 *   <li>{@link #encrypt} binds a ciphertext to the associated data the caller gives (DESIGN §4: vault id,
 *       secret id, version); {@link #decrypt} with any other associated data, another vault's key or an
 *       altered ciphertext throws {@link DecryptionFailedException}, whose message carries no plaintext.</li>
 *   <li>Ciphertexts start with Tink's key-id prefix, so after {@link #rotateVaultKey} new values use the new
 *       key and values written under every earlier version still decrypt.</li>
 *   <li>{@link #rewrap} re-encrypts a value under the vault's primary key with the same associated data without
 *       handing its plaintext to anyone ({@code KeyringRewrap}, after a keyring rotation).</li>
 * </ul>
 *
 * <p>Decrypted keysets are cached in memory per row. A rotation done by another node sharing the database
 * reaches this node's cache when a value written with the newer key fails to decrypt with the cached keyset
 * (then the row is read again) or at the next unseal; until then this node keeps encrypting with the previous
 * version, which stays readable everywhere.
 */
public final class Keyring {
    static final String AUDIT = "audit";
    static final String AUDIT_CHAIN = "audit-chain";
    private static final String VAULT_PREFIX = "vault:";
    private static final Parameters DATA_KEY = PredefinedAeadParameters.AES256_GCM;
    /** Tink-prefixed, so an audit HMAC names the key version that made it should that key ever rotate. */
    private static final Parameters AUDIT_KEY = PredefinedMacParameters.HMAC_SHA256_256BITTAG;

    static {
        try {
            AeadConfig.register();
            MacConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final KeysetStore store;
    private final ConcurrentHashMap<String, DataKey> dataKeys = new ConcurrentHashMap<>();
    /** Guards {@link #forgets}: a key loaded before a forget must not be cached after it. */
    private final Object cacheLock = new Object();
    private long forgets;
    private volatile @Nullable Aead rootAead;
    private volatile @Nullable Mac auditMac;
    private volatile @Nullable Mac chainMac;

    /** A vault's keyset as a primitive, and the id of its primary key (the prefix of what it encrypts now). */
    private record DataKey(Aead aead, int primaryId) {}

    Keyring(KeysetStore store, Aead rootAead) {
        this.store = store;
        this.rootAead = rootAead;
    }

    /** AES-256-GCM with the raw root key, no prefix: the one place the root key's bytes are handed to Tink. */
    @AccessesPartialKey
    static Aead rootKeyAead(byte[] rootKey) {
        try {
            var parameters = AesGcmParameters.builder()
                    .setKeySizeBytes(rootKey.length)
                    .setIvSizeBytes(12)
                    .setTagSizeBytes(16)
                    .setVariant(AesGcmParameters.Variant.NO_PREFIX)
                    .build();
            var key = AesGcmKey.builder()
                    .setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(rootKey, InsecureSecretKeyAccess.get()))
                    .build();
            return AesGcmJce.create(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink refused the root key as an AES-256-GCM key", e);
        }
    }

    /** Creates the audit HMAC keysets (identifiers, chain); done once, at init, in the init transaction. */
    static void createAuditKey(KeysetStore store, Aead rootAead) {
        if (!store.insert(AUDIT, encryptKeyset(generate(AUDIT_KEY), rootAead, AUDIT))) {
            throw new IllegalStateException("the keyring already has an audit key");
        }
        store.insert(AUDIT_CHAIN, encryptKeyset(generate(AUDIT_KEY), rootAead, AUDIT_CHAIN));
    }

    /**
     * Loads the audit chain key into memory, creating it first for a seal initialized before the chain had one. Done
     * at unseal, so {@link #auditChainMac} never waits for storage (the audit writer asks it for every line).
     */
    void openAuditChainKey() {
        Aead root = root();
        byte[] stored = store.find(AUDIT_CHAIN).orElseGet(() -> {
            // another node may insert one first (the insert then changes nothing): use whichever row stands
            store.insert(AUDIT_CHAIN, encryptKeyset(generate(AUDIT_KEY), root, AUDIT_CHAIN));
            return stored(AUDIT_CHAIN);
        });
        chainMac = primitive(decryptKeyset(stored, root, AUDIT_CHAIN), AUDIT_CHAIN, Mac.class);
        forgetIfDropped();
    }

    /** The audit chain key once {@link #openAuditChainKey} has loaded it, else empty; never reads storage. */
    public Optional<Mac> auditChainMac() {
        return Optional.ofNullable(chainMac);
    }

    /**
     * Creates the data key of a new vault. Call it inside the vault-creation transaction so that a vault
     * never exists without its key.
     *
     * @throws IllegalStateException if the vault already has a data key
     */
    public void createVaultKey(String vaultId) {
        Aead root = root();
        String name = rowName(vaultId);
        if (!store.insert(name, encryptKeyset(generate(DATA_KEY), root, name))) {
            throw new IllegalStateException("vault " + vaultId + " already has a data key");
        }
    }

    /**
     * Destroys a deleted vault's data key, every version: its row goes (in the caller's transaction) and this node
     * forgets it, so nothing encrypted under it can be decrypted again, from this database or a copy made after.
     * Other nodes hold it in memory until they seal, with no vault left to reach it through.
     */
    public void destroyVaultKey(String vaultId) {
        String name = rowName(vaultId);
        store.delete(name);
        dataKeys.remove(name);
    }

    /** Encrypts with the vault's primary data key, bound to {@code associatedData}. */
    public byte[] encrypt(String vaultId, byte[] plaintext, byte[] associatedData) {
        String name = rowName(vaultId);
        try {
            return dataKey(name).aead().encrypt(plaintext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encrypting with the data key of vault " + vaultId + " failed", e);
        }
    }

    /**
     * Decrypts what {@link #encrypt} made for this vault with the same associated data, under any version of
     * the vault's key.
     *
     * @throws DecryptionFailedException if the ciphertext was altered, belongs elsewhere or under other
     *     associated data, or was made with a key this vault does not have
     */
    public byte[] decrypt(String vaultId, byte[] ciphertext, byte[] associatedData) {
        String name = rowName(vaultId);
        try {
            return dataKey(name).aead().decrypt(ciphertext, associatedData);
        } catch (GeneralSecurityException cached) {
            // Another node may have rotated the key after we cached it: read the row again, once.
            try {
                return loadDataKey(name).aead().decrypt(ciphertext, associatedData);
            } catch (GeneralSecurityException e) {
                throw new DecryptionFailedException("cannot decrypt a value of vault " + vaultId
                        + ": it was altered, moved from where its associated data binds it, "
                        + "or made with a key this vault does not have", e);
            }
        }
    }

    /**
     * Re-encrypts a value of this vault under the vault's primary key with the same associated data; empty when it is
     * already under that key. The plaintext never leaves this method and is zeroed before it returns.
     *
     * @throws DecryptionFailedException as {@link #decrypt}
     */
    Optional<byte[]> rewrap(String vaultId, byte[] ciphertext, byte[] associatedData) {
        if (isUnderPrimary(ciphertext, dataKey(rowName(vaultId)).primaryId())) {
            return Optional.empty();
        }
        byte[] plaintext = decrypt(vaultId, ciphertext, associatedData);
        try {
            return Optional.of(encrypt(vaultId, plaintext, associatedData));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** The id of the vault's primary key, which {@link #encrypt} puts in Tink's 5-byte prefix. */
    int primaryKeyId(String vaultId) {
        return dataKey(rowName(vaultId)).primaryId();
    }

    /** Tink's prefix: version byte 1, then the key id big-endian. */
    static boolean isUnderPrimary(byte[] ciphertext, int primaryId) {
        return ciphertext.length > 5 && ciphertext[0] == 1 && ByteBuffer.wrap(ciphertext, 1, 4).getInt() == primaryId;
    }

    /**
     * Forgets the cached data keys, so the next use reads each keyset again: after a rotation by another node sharing
     * the database, before the rewrap encrypts with what must be the newest version.
     */
    void forgetDataKeys() {
        synchronized (cacheLock) {
            forgets++;
            dataKeys.clear();
        }
    }

    /** The vault ids that have a data key. */
    List<String> vaultIds() {
        return store.namesStartingWith(VAULT_PREFIX).stream().map(name -> name.substring(VAULT_PREFIX.length()))
                .toList();
    }

    /**
     * Adds a new version to the vault's data key and makes it primary: new values use it, values written under
     * earlier versions still decrypt. Inside a transaction the cached key is forgotten now and again when it ends, so
     * no request goes on encrypting with the previous version once the rotation committed.
     *
     * @throws ArcaException {@code conflict} if another rotation of the same key committed in between
     */
    public void rotateVaultKey(String vaultId) {
        Aead root = root();
        String name = rowName(vaultId);
        byte[] stored = stored(name);
        KeysetHandle rotated;
        try {
            rotated = KeysetHandle.newBuilder(decryptKeyset(stored, root, name))
                    .addEntry(KeysetHandle.generateEntryFromParameters(DATA_KEY).withRandomId().makePrimary())
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink could not add a version to the data key of vault " + vaultId, e);
        }
        if (!store.replace(name, stored, encryptKeyset(rotated, root, name))) {
            throw ArcaException.conflict("the data key of vault " + vaultId
                    + " was rotated by another request at the same time; try again");
        }
        store.nowAndAfterTransaction(this::forgetDataKeys);
    }

    /**
     * HMAC-SHA256 of {@code data} with the server's audit key: the same input always gives the same value, so
     * audit entries can be correlated without showing what they identify. The value is Tink's 5-byte key-id
     * prefix followed by the 32-byte tag.
     */
    public byte[] auditHmac(byte[] data) {
        Mac mac = auditMac;
        if (mac == null) {
            mac = load(AUDIT, Mac.class);
            auditMac = mac;
            forgetIfDropped();
        }
        try {
            return mac.computeMac(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("computing the audit HMAC failed", e);
        }
    }

    /** Forgets every key; every later call answers {@code sealed}. */
    void drop() {
        rootAead = null;
        auditMac = null;
        chainMac = null;
        forgetDataKeys();
    }

    private DataKey dataKey(String name) {
        DataKey cached = dataKeys.get(name);
        return cached != null ? cached : loadDataKey(name);
    }

    private DataKey loadDataKey(String name) {
        long seen;
        synchronized (cacheLock) {
            seen = forgets;
        }
        KeysetHandle handle = decryptKeyset(stored(name), root(), name);
        var key = new DataKey(primitive(handle, name, Aead.class), handle.getPrimary().getId());
        synchronized (cacheLock) {
            if (forgets == seen) { // else a rotation committed meanwhile: this may be the version before it
                dataKeys.put(name, key);
            }
        }
        forgetIfDropped();
        return key;
    }

    /** A load racing {@link #drop} must not leave a key behind in a dropped keyring. */
    private void forgetIfDropped() {
        if (rootAead == null) {
            drop();
            throw SealService.sealedError();
        }
    }

    private <P> P load(String name, Class<P> primitive) {
        return primitive(decryptKeyset(stored(name), root(), name), name, primitive);
    }

    private static <P> P primitive(KeysetHandle handle, String name, Class<P> primitive) {
        try {
            return handle.getPrimitive(RegistryConfiguration.get(), primitive);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the keyset stored as '" + name + "' is not a " + primitive.getSimpleName(), e);
        }
    }

    private byte[] stored(String name) {
        return store.find(name).orElseThrow(() -> new IllegalStateException("the keyring has no keyset '" + name + "'"));
    }

    private Aead root() {
        Aead root = rootAead;
        if (root == null) {
            throw SealService.sealedError();
        }
        return root;
    }

    private static KeysetHandle generate(Parameters parameters) {
        try {
            return KeysetHandle.generateNew(parameters, RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink could not generate a " + parameters + " keyset", e);
        }
    }

    private static byte[] encryptKeyset(KeysetHandle handle, Aead root, String name) {
        try {
            return TinkProtoKeysetFormat.serializeEncryptedKeyset(handle, root, associatedData(name),
                    RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink could not encrypt the keyset '" + name + "'", e);
        }
    }

    private static KeysetHandle decryptKeyset(byte[] stored, Aead root, String name) {
        try {
            return TinkProtoKeysetFormat.parseEncryptedKeyset(stored, root, associatedData(name),
                    RegistryConfiguration.get());
        } catch (GeneralSecurityException e) {
            throw new DecryptionFailedException("the keyset stored as '" + name
                    + "' does not decrypt with the root key: it was altered or copied from another row", e);
        }
    }

    private static byte[] associatedData(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static String rowName(String vaultId) {
        return VAULT_PREFIX + vaultId;
    }
}
