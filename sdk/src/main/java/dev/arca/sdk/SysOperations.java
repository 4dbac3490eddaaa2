package dev.arca.sdk;

import dev.arca.api.AuditVerification;
import dev.arca.api.GenerateRoot;
import dev.arca.api.Health;
import dev.arca.api.InitRequest;
import dev.arca.api.InitResponse;
import dev.arca.api.KeyRotation;
import dev.arca.api.Rekey;
import dev.arca.api.SealStatus;
import dev.arca.api.SecretText;
import dev.arca.api.Snapshot;
import dev.arca.api.UnsealRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The server's own state: health, initialization, the seal, the keyring and the audit trail. Reached by
 * {@link ArcaClient#sys()}.
 */
public final class SysOperations {
    private final HttpTransport transport;

    SysOperations(HttpTransport transport) {
        this.transport = transport;
    }

    /**
     * {@code GET /v1/sys/health}. Returns the health on 200 (active), 503 (sealed) and 501 (not initialized)
     * alike, so a caller can read {@link Health#sealed()} instead of catching an exception. No token needed.
     */
    public Health health() {
        return transport.callReadingStatuses("GET", RequestTarget.route("v1", "sys", "health"), Health.class,
                Set.of(501, 503));
    }

    /** {@code GET /v1/sys/seal-status}: initialized, sealed, and unseal progress. No token needed. */
    public SealStatus sealStatus() {
        return transport.call("GET", RequestTarget.route("v1", "sys", "seal-status"), null, SealStatus.class);
    }

    /**
     * {@code POST /v1/sys/init}: makes the root key, splits it into {@code shares} unseal keys of which
     * {@code threshold} unseal, and returns them with the root token. They are shown this once.
     *
     * @throws ConflictException if the server is already initialized
     */
    public InitResponse init(int shares, int threshold) {
        return transport.call("POST", RequestTarget.route("v1", "sys", "init"), new InitRequest(shares, threshold),
                InitResponse.class);
    }

    /** {@code POST /v1/sys/unseal}: gives one unseal key; the status says how many more are needed. */
    public SealStatus unseal(String key) {
        Objects.requireNonNull(key, "key");
        return transport.call("POST", RequestTarget.route("v1", "sys", "unseal"),
                new UnsealRequest(SecretText.of(key), null), SealStatus.class);
    }

    /** {@code POST /v1/sys/unseal} with {@code reset: true}: forgets the unseal keys given so far. */
    public SealStatus resetUnseal() {
        return transport.call("POST", RequestTarget.route("v1", "sys", "unseal"), new UnsealRequest(null, true),
                SealStatus.class);
    }

    /** {@code POST /v1/sys/seal}: wipes the keys from the server's memory (root token only). */
    public SealStatus seal() {
        return transport.call("POST", RequestTarget.route("v1", "sys", "seal"), null, SealStatus.class);
    }

    /**
     * {@code POST /v1/sys/rekey/init}: starts a rekey to {@code shares} new unseal keys of which {@code threshold}
     * unseal (null keeps the current number); the answer's nonce names it in every {@link #rekeyUpdate}.
     *
     * @throws ConflictException while another rekey is in progress
     */
    public Rekey.Status rekeyStart(@Nullable Integer shares, @Nullable Integer threshold) {
        return transport.call("POST", RequestTarget.route("v1", "sys", "rekey", "init"),
                new Rekey.Start(shares, threshold), Rekey.Status.class);
    }

    /** {@code GET /v1/sys/rekey}: the rekey in progress ({@code started: false} when none is). */
    public Rekey.Status rekeyStatus() {
        return transport.call("GET", RequestTarget.route("v1", "sys", "rekey"), null, Rekey.Status.class);
    }

    /**
     * {@code POST /v1/sys/rekey/update}: gives one current unseal key to the rekey {@code nonce} names. Once the
     * current threshold is reached the answer is complete and carries the new keys, shown this once; the old keys
     * no longer unseal.
     */
    public Rekey.Status rekeyUpdate(String key, String nonce) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nonce, "nonce");
        return transport.call("POST", RequestTarget.route("v1", "sys", "rekey", "update"),
                new Rekey.Update(SecretText.of(key), nonce), Rekey.Status.class);
    }

    /** {@code DELETE /v1/sys/rekey}: cancels the rekey in progress, forgetting the keys given to it. */
    public Rekey.Status rekeyCancel() {
        return transport.call("DELETE", RequestTarget.route("v1", "sys", "rekey"), null, Rekey.Status.class);
    }

    /**
     * {@code POST /v1/sys/generate-root/attempt}: starts making a new root token from a quorum of unseal keys. No
     * token needed. {@code otp} is base64 of {@link GenerateRoot#OTP_BYTES} random bytes that the caller keeps: the
     * token is answered XOR-ed with it ({@link GenerateRoot#decode}).
     */
    public GenerateRoot.Status generateRootStart(String otp) {
        Objects.requireNonNull(otp, "otp");
        return transport.call("POST", RequestTarget.route("v1", "sys", "generate-root", "attempt"),
                new GenerateRoot.Start(SecretText.of(otp)), GenerateRoot.Status.class);
    }

    /** {@code GET /v1/sys/generate-root/attempt}: the attempt in progress ({@code started: false} when none is). */
    public GenerateRoot.Status generateRootStatus() {
        return transport.call("GET", RequestTarget.route("v1", "sys", "generate-root", "attempt"), null,
                GenerateRoot.Status.class);
    }

    /** {@code POST /v1/sys/generate-root/update}: one unseal key; the last answers {@code encoded_token}. */
    public GenerateRoot.Status generateRootUpdate(String key, String nonce) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(nonce, "nonce");
        return transport.call("POST", RequestTarget.route("v1", "sys", "generate-root", "update"),
                new GenerateRoot.Update(SecretText.of(key), nonce), GenerateRoot.Status.class);
    }

    /** {@code DELETE /v1/sys/generate-root/attempt}: cancels the attempt in progress. */
    public GenerateRoot.Status generateRootCancel() {
        return transport.call("DELETE", RequestTarget.route("v1", "sys", "generate-root", "attempt"), null,
                GenerateRoot.Status.class);
    }

    /**
     * {@code POST /v1/sys/rotate}: gives every vault's data key a new primary version (the keyring's next term) and
     * starts the background rewrap of the stored values under it, {@code batchSize} values per transaction (null: the
     * server's default, 100). A rewrap still running starts over for the new term. Root token (or {@code admin} on
     * {@code sys/rotate}).
     */
    public KeyRotation.Status rotate(@Nullable Integer batchSize) {
        return transport.call("POST", RequestTarget.route("v1", "sys", "rotate"), new KeyRotation.Start(batchSize),
                KeyRotation.Status.class);
    }

    /** {@code GET /v1/sys/key-status}: the keyring's term, when it was installed, and the rewrap's progress. */
    public KeyRotation.Status keyStatus() {
        return transport.call("GET", RequestTarget.route("v1", "sys", "key-status"), null, KeyRotation.Status.class);
    }

    /**
     * {@code POST /v1/sys/audit/verify}: the server checks its own audit file: the hash chain, every MAC under its
     * chain key, and that the file ends where its database says (not removed, cut or rewritten).
     */
    public AuditVerification verifyAudit() {
        return transport.call("POST", RequestTarget.route("v1", "sys", "audit", "verify"), null,
                AuditVerification.class);
    }

    /**
     * {@code GET /v1/sys/storage/snapshot} (root): saves a consistent snapshot of the server's whole database, taken
     * while writes go on, to {@code file} (mode 0600, replaced only once the snapshot arrived whole and its checksum
     * was checked). Encrypted values stay encrypted: a server restored from it unseals with this server's unseal keys.
     *
     * @param progress told the bytes received so far, as they come
     * @return the snapshot's SHA-256 (hex), as its trailer gives it
     */
    public String snapshotSave(Path file, LongConsumer progress) {
        Objects.requireNonNull(file, "file");
        var sha = new String[1];
        try {
            PrivateFiles.write(file, temp -> {
                try (OutputStream out = Files.newOutputStream(temp)) {
                    transport.download(RequestTarget.route("v1", "sys", "storage", "snapshot"), Snapshot.MEDIA_TYPE,
                            out, progress);
                }
                sha[0] = SnapshotChecksum.verify(temp);
            });
        } catch (IOException e) {
            throw new ArcaException("cannot write the snapshot to " + file + ": " + e.getMessage(), e);
        }
        return sha[0];
    }

    /**
     * {@code POST /v1/sys/storage/snapshot}: restores the snapshot in {@code file} into this server, which must never
     * have been initialized. The server checks the whole file (checksum, format and schema version) before it writes
     * anything, and stays sealed: unseal it with the unseal keys of the server that was saved. No token needed.
     *
     * @param progress told the bytes sent so far
     * @throws ConflictException if the server is initialized or holds data
     * @throws ValidationException if the file is cut short, changed, or of another format or schema version
     */
    public Snapshot.Restored snapshotRestore(Path file, LongConsumer progress) {
        Objects.requireNonNull(file, "file");
        return transport.upload(RequestTarget.route("v1", "sys", "storage", "snapshot"), file, Snapshot.MEDIA_TYPE,
                progress, Snapshot.Restored.class);
    }
}
