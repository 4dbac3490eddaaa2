package dev.arca.server.seal;

import com.google.crypto.tink.Aead;
import dev.arca.api.ErrorCode;
import dev.arca.api.Rekey;
import dev.arca.api.SealStatus;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seal (DESIGN §4): the one holder of the server's keys, and the state machine
 * not initialized → sealed ⇄ unsealed. Thread-safe.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>{@link #init} makes a 256-bit root key, splits it with Shamir's scheme and returns the shares as
 *       unseal keys; neither the root key nor a share is stored, logged or put in an exception message. The
 *       database keeps only the SHA-256 digest of each share and the root key check (a fixed marker encrypted
 *       with the root key). Init leaves the server sealed.</li>
 *   <li>A service starts sealed, so a restarted server comes up sealed.</li>
 *   <li>{@link #unseal} refuses a malformed key, a key of another seal and a key already given with a 400 and
 *       leaves the progress as it was. Once {@code threshold} keys are in, it recombines the root key, proves it
 *       with the root key check, opens the {@link Keyring} and zeroes the collected shares and the root key's
 *       bytes.</li>
 *   <li>While sealed, {@link #keyring()} answers 503 {@code sealed}: no data key can be reached.</li>
 *   <li>{@link #seal} drops every reference to the keyring and its decrypted keysets and zeroes any shares
 *       collected so far. Java cannot promise that memory is wiped: Tink keeps its own copies of key bytes
 *       (in {@code SecretBytes}, JCE key specs) that this class cannot reach; once dropped they are garbage,
 *       and unreachable from any code path, until the collector reuses their memory.</li>
 * </ul>
 */
public final class SealService {
    private static final Logger LOG = LoggerFactory.getLogger(SealService.class);
    private static final int ROOT_KEY_BYTES = 32;
    /** An unseal key's bytes: the share's x-coordinate, then the root key's length of y bytes. */
    static final int SHARE_BYTES = ROOT_KEY_BYTES + 1;
    private static final byte[] ROOT_KEY_CHECK = "arca root key check v1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] ROOT_KEY_CHECK_AD = "seal_config.root_key_check".getBytes(StandardCharsets.UTF_8);

    private final Database db;
    private final SealConfigStore configs;
    private final KeysetStore keysets;
    private final String version;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile UnsealCheck unsealCheck = opened -> Optional.empty();
    /** Guards the unseal progress and the keyring; never held while waiting for the database. */
    private final Object lock = new Object();

    private volatile @Nullable Keyring keyring;
    /** True while an unseal that reached its threshold checks its keyring: other unseal calls wait for the outcome. */
    private boolean opening;
    /** Guarded by {@link #lock}: the unseal keys given so far. */
    private final ShareCollector unsealShares = new ShareCollector("unseal");
    /** Guarded by {@link #lock}: the rekey in progress on this node, or null. */
    private @Nullable Rekeying rekeying;

    /** A rekey in progress: the split asked for, the nonce every update names, the current keys given so far. */
    private record Rekeying(String nonce, int shares, int threshold, ShareCollector given) {}

    /**
     * @param version the server version reported in {@link SealStatus#version()}
     */
    public SealService(Database db, String version) {
        this.db = db;
        this.configs = new SealConfigStore(db);
        this.keysets = new KeysetStore(db);
        this.version = version;
    }

    /** {@code GET /v1/sys/seal-status}. */
    public SealStatus status() {
        SealConfig current = config();
        if (current == null) {
            return new SealStatus(false, true, 0, 0, 0, version);
        }
        synchronized (lock) {
            return new SealStatus(true, keyring == null, current.shares(), current.threshold(), unsealShares.size(),
                    version);
        }
    }

    /** True once {@link #init} has committed, on this node or another sharing the database. */
    public boolean isInitialized() {
        // an open keyring was unsealed from a committed config: no need to ask the database (health checks poll this)
        return keyring != null || config() != null;
    }

    /** True while no keyring is open: before init, after a restart, after {@link #seal}. */
    public boolean isSealed() {
        return keyring == null;
    }

    /**
     * The keys of the unsealed server.
     *
     * @throws ArcaException {@code sealed} (503) while sealed, {@code not_initialized} before init
     */
    public Keyring keyring() {
        Keyring current = keyring;
        if (current == null) {
            if (!isInitialized()) {
                throw notInitialized();
            }
            throw sealedError();
        }
        return current;
    }

    /**
     * Initializes the seal: {@code POST /v1/sys/init}. The caller picks the defaults (5 shares, threshold 3).
     *
     * @throws ArcaException {@code invalid_request} naming {@code shares} or {@code threshold} unless
     *     {@code 1 <= threshold <= shares <= 255}; {@code conflict} if already initialized
     */
    public InitResult init(int shares, int threshold) {
        checkSplit(shares, threshold);
        if (config() != null) {
            throw alreadyInitialized();
        }
        // No lock here: the insert-if-absent decides a race, and holding the lock while the database queues
        // this writer behind a request transaction that itself waits for the lock would deadlock.
        InitResult result = initialize(shares, threshold);
        LOG.info("Arca initialized: {} unseal keys, threshold {}; it stays sealed until unsealed", shares, threshold);
        notifyListeners();
        return result;
    }

    private InitResult initialize(int shares, int threshold) {
        byte[] rootKey = Ids.randomBytes(ROOT_KEY_BYTES);
        List<byte[]> parts = Shamir.split(rootKey, shares, threshold);
        try {
            Aead rootAead = Keyring.rootKeyAead(rootKey);
            var created = new SealConfig(shares, threshold, parts.stream().map(UnsealKeys::digest).toList(),
                    encryptCheck(rootAead), null);
            db.inTransaction(() -> {
                if (!configs.insertIfAbsent(created)) {
                    throw alreadyInitialized();
                }
                Keyring.createAuditKey(keysets, rootAead);
                return null;
            });
            return new InitResult(parts.stream().map(UnsealKeys::encode).toList(), threshold);
        } finally {
            Arrays.fill(rootKey, (byte) 0);
            parts.forEach(part -> Arrays.fill(part, (byte) 0));
        }
    }

    /**
     * Gives one unseal key: {@code POST /v1/sys/unseal}. Already unsealed → the status, unchanged.
     *
     * @return the status after this key: still sealed with more progress, or unsealed
     * @throws ArcaException {@code invalid_request} (field {@code key}) for a malformed key, a key that is not
     *     one of this seal's, or a key already given — progress unchanged; {@code not_initialized} before init
     */
    public SealStatus unseal(String key) {
        SealConfig current = config();
        if (current == null) {
            throw notInitialized();
        }
        Keyring candidate = null;
        synchronized (lock) {
            if (keyring == null && !opening) {
                unsealShares.accept(current, key, SHARE_BYTES);
                if (unsealShares.size() >= current.threshold()) {
                    candidate = open(current);
                    opening = true;
                }
            }
        }
        if (candidate != null) {
            publishIfAllowed(candidate);
        }
        return status();
    }

    /**
     * The keyring an unseal recombined serves only once {@link UnsealCheck} allows it: until then no request sees it
     * (the server is still sealed), so a refused unseal never served anything.
     */
    private void publishIfAllowed(Keyring candidate) {
        try {
            candidate.openAuditChainKey(); // outside the lock: it reads (and for an older seal writes) the keyring table
            Optional<String> refusal = unsealCheck.refusal(candidate);
            if (refusal.isPresent()) {
                throw ArcaException.unavailable("not unsealed: " + refusal.get());
            }
            synchronized (lock) {
                keyring = candidate;
            }
        } finally {
            synchronized (lock) {
                opening = false;
            }
        }
        LOG.info("Arca unsealed");
        notifyListeners();
    }

    /**
     * What an unseal must pass before its keyring serves: the audit trail's check with that keyring's chain key
     * ({@code audit.AuditContinuity}). One check; a later call replaces it.
     */
    public void checkBeforeUnseal(UnsealCheck check) {
        this.unsealCheck = check;
    }

    /** Decides whether a keyring an unseal just opened may serve. */
    @FunctionalInterface
    public interface UnsealCheck {
        /** Empty to serve; else what is wrong, which the unseal answers (503) and the server stays sealed. */
        Optional<String> refusal(Keyring opened);
    }

    /** Gives several unseal keys in turn, stopping once unsealed; for dev mode's auto-unseal. */
    public SealStatus unsealWith(List<String> keys) {
        SealStatus status = status();
        for (String key : keys) {
            if (!status.sealed()) {
                break;
            }
            status = unseal(key);
        }
        return status;
    }

    /** Forgets the unseal keys given so far: {@code POST /v1/sys/unseal} with {@code reset}. */
    public void resetUnseal() {
        synchronized (lock) {
            forgetGivenShares();
        }
    }

    /**
     * Seals: {@code POST /v1/sys/seal}. Drops the keyring (every key it cached) and any shares given so far;
     * afterwards {@link #isSealed()} is true and {@link #keyring()} answers {@code sealed}.
     */
    public void seal() {
        Keyring dropped;
        synchronized (lock) {
            dropped = keyring;
            keyring = null;
            forgetGivenShares();
            if (dropped != null) {
                dropped.drop();
            }
        }
        if (dropped != null) {
            LOG.info("Arca sealed");
            notifyListeners();
        }
    }

    /**
     * Runs {@code listener} after every change of state (initialized, unsealed, sealed), e.g. to update a
     * metric. It runs on the thread that made the change and must be quick; an exception it throws is logged.
     */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Starts a rekey ({@code POST /v1/sys/rekey/init}): new unseal keys split {@code shares}/{@code threshold} (the
     * current split's where null), once the current threshold of current keys is given to {@link #rekeyUpdate}.
     *
     * @throws ArcaException 409 while another rekey is in progress (cancel it first); 400 for a split out of range
     */
    public Rekey.Status rekeyStart(@Nullable Integer shares, @Nullable Integer threshold) {
        SealConfig current = configOrThrow();
        int newShares = shares == null ? current.shares() : shares;
        int newThreshold = threshold == null ? Math.min(current.threshold(), newShares) : threshold;
        checkSplit(newShares, newThreshold);
        synchronized (lock) {
            if (rekeying != null) {
                throw ArcaException.conflict("a rekey is already in progress (nonce " + rekeying.nonce() + ", "
                        + rekeying.given().size() + "/" + current.threshold() + " keys given); finish it, or cancel "
                        + "it with arca operator rekey --cancel");
            }
            rekeying = new Rekeying(Ids.newId("rekey_"), newShares, newThreshold, new ShareCollector("rekey"));
            LOG.info("rekey started: {} unseal keys, threshold {}", newShares, newThreshold);
            return rekeyStatus(current, rekeying, List.of());
        }
    }

    /** {@code GET /v1/sys/rekey}: the rekey in progress, or {@code started: false}. */
    public Rekey.Status rekeyStatus() {
        SealConfig current = configOrThrow();
        synchronized (lock) {
            return rekeyStatus(current, rekeying, List.of());
        }
    }

    /**
     * Gives one current unseal key to the rekey {@code nonce} names ({@code POST /v1/sys/rekey/update}). With the
     * threshold reached it recombines the current root key, proves it, makes a new root key, splits it and stores the
     * new split in one write — the keyring key (the root key itself before the first rekey) re-wrapped under the new
     * root key, so no keyset is rewritten — and answers the new keys, once. The old keys stop working then.
     *
     * @throws ArcaException 400 for a wrong nonce or a key that is malformed, of another seal or already given (progress
     *     unchanged); 404 when no rekey is in progress; 409 when another node rekeyed first
     */
    public Rekey.Status rekeyUpdate(String key, @Nullable String nonce) {
        SealConfig current = configOrThrow();
        Rekeying done;
        synchronized (lock) {
            if (rekeying == null) {
                throw ArcaException.notFound("no rekey is in progress; start one with arca operator rekey --init");
            }
            if (nonce == null || !rekeying.nonce().equals(nonce.strip())) {
                throw ArcaException.invalid("nonce", "this is not the nonce of the rekey in progress; another rekey "
                        + "was started, or the nonce was mistyped (arca operator rekey --status shows it)");
            }
            rekeying.given().accept(current, key, SHARE_BYTES);
            if (rekeying.given().size() < current.threshold()) {
                return rekeyStatus(current, rekeying, List.of());
            }
            done = rekeying;
            rekeying = null;
        }
        List<String> keys = rekey(current, done);
        LOG.info("rekeyed: {} new unseal keys, threshold {}; the previous keys no longer unseal", done.shares(),
                done.threshold());
        return new Rekey.Status(false, done.nonce(), done.shares(), done.threshold(), current.threshold(),
                current.threshold(), true, keys.stream().map(SecretText::of).toList());
    }

    /** {@code DELETE /v1/sys/rekey}: forgets the rekey in progress and its keys; none in progress is fine. */
    public Rekey.Status rekeyCancel() {
        SealConfig current = configOrThrow();
        synchronized (lock) {
            if (rekeying != null) {
                rekeying.given().forget();
                LOG.info("rekey {} cancelled", rekeying.nonce());
                rekeying = null;
            }
            return rekeyStatus(current, null, List.of());
        }
    }

    /** The new split of {@code done}, stored in place of {@code current}: the new keys' text. */
    private List<String> rekey(SealConfig current, Rekeying done) {
        byte[] oldRoot = done.given().recombine();
        byte[] newRoot = Ids.randomBytes(ROOT_KEY_BYTES);
        byte[] keyringKey = null;
        List<byte[]> parts = List.of();
        try {
            Aead oldRootAead = Keyring.rootKeyAead(oldRoot);
            if (!checkOpens(oldRootAead, current)) { // keys of this seal always recombine its root key: a damaged row
                throw new ArcaException(ErrorCode.INTERNAL, "the unseal keys recombine into a key that does not "
                        + "pass the root key check: the stored seal configuration is damaged; nothing changed");
            }
            keyringKey = current.wrappedKeyringKey() == null ? oldRoot.clone()
                    : KeyringKey.unwrap(oldRootAead, current.wrappedKeyringKey());
            Aead newRootAead = Keyring.rootKeyAead(newRoot);
            parts = Shamir.split(newRoot, done.shares(), done.threshold());
            var rekeyed = new SealConfig(done.shares(), done.threshold(), parts.stream().map(UnsealKeys::digest).toList(),
                    encryptCheck(newRootAead), KeyringKey.wrap(newRootAead, keyringKey));
            if (!configs.replace(current, rekeyed)) {
                throw ArcaException.conflict("the seal was rekeyed meanwhile (by another node or request); nothing "
                        + "changed: start a new rekey with the current keys");
            }
            return parts.stream().map(UnsealKeys::encode).toList();
        } finally {
            Arrays.fill(oldRoot, (byte) 0);
            Arrays.fill(newRoot, (byte) 0);
            if (keyringKey != null) {
                Arrays.fill(keyringKey, (byte) 0);
            }
            parts.forEach(part -> Arrays.fill(part, (byte) 0));
        }
    }

    private static Rekey.Status rekeyStatus(SealConfig current, @Nullable Rekeying rekey, List<SecretText> keys) {
        if (rekey == null) {
            return new Rekey.Status(false, null, 0, 0, 0, current.threshold(), false, keys);
        }
        return new Rekey.Status(true, rekey.nonce(), rekey.shares(), rekey.threshold(), rekey.given().size(),
                current.threshold(), false, keys);
    }

    /** True when {@code rootKey} passes the root key check of {@code current}. */
    static boolean proves(byte[] rootKey, SealConfig current) {
        return checkOpens(Keyring.rootKeyAead(rootKey), current);
    }

    /** The seal's configuration; 501-style {@code not_initialized} before init. */
    SealConfig configOrThrow() {
        SealConfig current = config();
        if (current == null) {
            throw notInitialized();
        }
        return current;
    }

    private static void checkSplit(int shares, int threshold) {
        if (shares < 1 || shares > 255) {
            throw ArcaException.invalid("shares", "shares must be between 1 and 255; got " + shares);
        }
        if (threshold < 1 || threshold > shares) {
            throw ArcaException.invalid("threshold",
                    "threshold must be between 1 and shares (" + shares + "); got " + threshold);
        }
    }

    static ArcaException sealedError() {
        return new ArcaException(ErrorCode.SEALED, "Arca is sealed; unseal it with `arca operator unseal`");
    }

    /** Recombines and proves the root key: the keyring it opens, not yet in use (see {@link #publishIfAllowed}). */
    private Keyring open(SealConfig current) {
        byte[] rootKey = unsealShares.recombine();
        try {
            Aead rootAead = Keyring.rootKeyAead(rootKey);
            if (!checkOpens(rootAead, current)) {
                throw new ArcaException(ErrorCode.INTERNAL, "the unseal keys recombine into a key that does not "
                        + "pass the root key check: the stored seal configuration is damaged; progress reset");
            }
            return new Keyring(keysets, keyringAead(rootAead, current));
        } finally {
            Arrays.fill(rootKey, (byte) 0);
        }
    }

    /** The AEAD of the keyring's rows: the root key's own until the first rekey, then the keyring key it wraps. */
    private static Aead keyringAead(Aead rootAead, SealConfig current) {
        if (current.wrappedKeyringKey() == null) {
            return rootAead;
        }
        byte[] keyringKey = KeyringKey.unwrap(rootAead, current.wrappedKeyringKey());
        try {
            return Keyring.rootKeyAead(keyringKey);
        } finally {
            Arrays.fill(keyringKey, (byte) 0);
        }
    }

    private static byte[] encryptCheck(Aead rootAead) {
        try {
            return rootAead.encrypt(ROOT_KEY_CHECK, ROOT_KEY_CHECK_AD);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encrypting the root key check failed", e);
        }
    }

    private static boolean checkOpens(Aead rootAead, SealConfig current) {
        try {
            return MessageDigest.isEqual(rootAead.decrypt(current.rootKeyCheck(), ROOT_KEY_CHECK_AD), ROOT_KEY_CHECK);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private void forgetGivenShares() {
        unsealShares.forget();
    }

    /**
     * Read on every call rather than cached: init may run inside a request transaction that later rolls back,
     * and another node sharing the database may be the one that initializes.
     */
    private @Nullable SealConfig config() {
        return configs.find().orElse(null);
    }

    private void notifyListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("a seal state listener failed", e);
            }
        }
    }

    private static ArcaException notInitialized() {
        return new ArcaException(ErrorCode.NOT_INITIALIZED, "Arca is not initialized; run `arca operator init`");
    }

    private static ArcaException alreadyInitialized() {
        return ArcaException.conflict("Arca is already initialized; its unseal keys were shown once, at init");
    }
}
