package dev.arca.server.secrets;

import dev.arca.api.Secret;
import dev.arca.api.SecretMetadata;
import dev.arca.api.SecretText;
import dev.arca.api.Vault;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import dev.arca.server.invalidation.Invalidations;
import dev.arca.server.seal.SealService;
import dev.arca.server.seal.SealedColumn;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.vaults.ProjectSecrets;
import dev.arca.server.vaults.VaultService;
import dev.arca.server.vaults.VersionLimits;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Secrets by path and id: writing a new version, reading one, the metadata, and deleting, undeleting and
 * destroying. Encryption and what a read may serve are {@link SecretVersions}'; soft delete and destroy are
 * {@link SecretLifecycle}'s; rotation is {@link SecretRotation}'s and listing {@link SecretListing}'s.
 */
public final class SecretService implements ProjectSecrets {
    /** The secret values (every version's ciphertext), for the keyring rewrap. */
    public static final SealedColumn SEALED_VALUES = new SealedColumn("secret-values", "secret_versions", "ciphertext",
            "(SELECT vault_id FROM secrets WHERE secrets.id = secret_versions.secret_id)",
            List.of("secret_id", "version"), List.of(),
            (vaultId, row) -> SecretVersions.associatedData(vaultId, row.text(0), row.integer(1)));

    private final SecretStore store;
    private final SecretMetadataStore metadata;
    private final SecretVersions versions;
    private final SecretLifecycle lifecycle;
    private final VaultService vaults;
    private final SecretEvents events;
    private final Clock clock;
    /** Set once at wiring, after the rotation engine exists; until then nothing is covered. */
    private volatile RotationHooks rotationHooks = RotationHooks.NONE;

    /** With a change feed of its own: for tools and tests that run the service alone. */
    public SecretService(Database db, VaultService vaults, SealService seal, SecretEvents events, Clock clock) {
        this(db, vaults, seal, events, clock, new Invalidations(db));
    }

    /**
     * @param invalidations the node's change feed: every write of a secret is published to it, and the read cache
     *     of secrets by id and path (rows and current ciphertexts, no plaintext) follows it
     */
    public SecretService(Database db, VaultService vaults, SealService seal, SecretEvents events, Clock clock,
            Invalidations invalidations) {
        this.store = new SecretStore(db, invalidations);
        this.metadata = new SecretMetadataStore(db, store::changed);
        this.versions = new SecretVersions(store, vaults, seal, events, clock);
        this.lifecycle = new SecretLifecycle(store, metadata, events, clock, id -> rotationHooks.state(id));
        this.vaults = vaults;
        this.events = events;
        this.clock = clock;
    }

    /** The rotation engine's view of the secrets it covers (see {@link RotationHooks}). */
    public void useRotationHooks(RotationHooks hooks) {
        this.rotationHooks = hooks;
    }

    RotationHooks rotationHooks() {
        return rotationHooks;
    }

    /**
     * Writes a new version at {@code path}, creating the secret on its first write; a deleted or destroyed secret
     * is revived with the next version number. The metadata parts of the request change only where given.
     */
    public Secret.Written put(String vaultRef, String rawPath, Secret.Put request, Principal by) {
        return put(vaultRef, rawPath, request, by.subject());
    }

    /**
     * As {@link #put(String, String, Secret.Put, Principal)}, written by an engine on its own behalf (the ACME
     * client's renewals): {@code subject} names it in the versions' {@code created_by}, e.g. {@code acme:crt_…}.
     */
    public Secret.Written put(String vaultRef, String rawPath, Secret.Put request, String subject) {
        Vault vault = vaults.resolve(vaultRef);
        var path = new SecretPath(rawPath);
        SecretValue value = SecretValue.of(request.type(), SecretText.revealOrNull(request.value()),
                SecretText.revealAll(request.fields()));
        var described = new SecretMetadataStore.Described(MetadataRules.description(request.description()),
                MetadataRules.custom(request.custom()), VersionLimits.check(request.maxVersions()),
                MetadataRules.tags(request.tags()));
        String projectId = vaults.project(vault, path.project()).id();
        Instant now = clock.instant();
        Optional<SecretStore.Row> existing = store.byPath(vault.id(), path.value());
        String id;
        int version;
        if (existing.isPresent()) {
            id = existing.get().id();
            version = store.advance(id, value.type(), value.fieldNames(), now, subject);
        } else {
            id = Ids.newId("sk_");
            version = 1;
            store.insert(id, vault.id(), projectId, path.value(), value.type(), value.fieldNames(), now, subject);
        }
        metadata.update(id, vault.id(), described, now, subject);
        versions.store(vault.id(), id, version, value, now, subject, null);
        versions.announceChanged(vault.id(), id, path.value(), version);
        return new Secret.Written(id, path.value(), version);
    }

    /**
     * The secret at {@code path}: its current version, or {@code version} (a number, or {@code previous} for the
     * version the last rotation replaced, while its grace lasts); with {@code field}, only that field of a
     * structured value. 404 for a deleted secret and for a version that is deleted, destroyed, retired or pruned.
     */
    public Secret read(String vaultRef, String rawPath, Optional<String> version, Optional<String> field) {
        return versions.reveal(versions.live(vaultRef, rawPath), version, field);
    }

    /**
     * As {@link #read}, with the secret's metadata ({@code ?metadata=true}): both from the one row read, so the
     * metadata describes the secret whose version is served.
     */
    public Secret readWithMetadata(String vaultRef, String rawPath, Optional<String> version, Optional<String> field) {
        SecretStore.Row row = versions.live(vaultRef, rawPath);
        return versions.reveal(row, version, field).withMetadata(lifecycle.view(row));
    }

    /** As {@link #readById(String, Optional, Optional)}, with the secret's metadata ({@code ?metadata=true}). */
    public Secret readByIdWithMetadata(String id, Optional<String> version, Optional<String> field) {
        SecretStore.Row row = liveById(id);
        return versions.reveal(row, version, field).withMetadata(lifecycle.view(row));
    }

    /** {@code GET /v1/secrets/{id}} (DESIGN §6), with the meaning of {@link #read}. */
    public Secret readById(String id, Optional<String> version) {
        return readById(id, version, Optional.empty());
    }

    /** As {@link #readById(String, Optional)}; with {@code field}, only that field of a structured value. */
    public Secret readById(String id, Optional<String> version, Optional<String> field) {
        return versions.reveal(liveById(id), version, field);
    }

    /**
     * What a request by id touches, for authorization: the secret's path in its vault. An unknown id is a global
     * resource, which only root may read (root then learns it is missing), so nobody else can probe for ids.
     */
    public Resource resourceOf(String id) {
        return store.byId(id).map(row -> Resource.inVault(row.vaultId(), row.path()))
                .orElse(Resource.global("secrets/" + id));
    }

    /** Everything about the secret but its value; deleted and destroyed secrets too. */
    public SecretMetadata metadata(String vaultRef, String rawPath) {
        return lifecycle.view(versions.existing(vaultRef, rawPath));
    }

    /** {@link #metadata} of the secret with this {@code sk_…} id; 404 when there is none. */
    public SecretMetadata metadataById(String id) {
        return lifecycle.view(existingById(id));
    }

    /** Changes description, tags, custom pairs or the version limit (pruning at once); writes no version. */
    public SecretMetadata updateMetadata(String vaultRef, String rawPath, SecretMetadata.Update update, Principal by) {
        return updateMetadata(versions.existing(vaultRef, rawPath), update, by);
    }

    /** {@link #updateMetadata(String, String, SecretMetadata.Update, Principal)} by {@code sk_…} id. */
    public SecretMetadata updateMetadataById(String id, SecretMetadata.Update update, Principal by) {
        return updateMetadata(existingById(id), update, by);
    }

    private SecretMetadata updateMetadata(SecretStore.Row row, SecretMetadata.Update update, Principal by) {
        var change = new SecretMetadataStore.Described(MetadataRules.description(update.description()),
                MetadataRules.custom(update.custom()), VersionLimits.check(update.maxVersions()),
                MetadataRules.tags(update.tags()));
        Instant now = clock.instant();
        metadata.update(row.id(), row.vaultId(), change, now, by.subject());
        versions.prune(row.id(), now);
        return lifecycle.view(store.byId(row.id()).orElseThrow());
    }

    /**
     * {@code DELETE}: the secret (soft), one version (soft, {@code version}) or, with {@code destroyAll}, every
     * version destroyed and the secret marked destroyed.
     */
    public void delete(String vaultRef, String rawPath, Optional<Integer> version, boolean destroyAll,
            Principal by) {
        delete(() -> versions.existing(vaultRef, rawPath), () -> versions.live(vaultRef, rawPath), version,
                destroyAll, by);
    }

    /** {@link #delete(String, String, Optional, boolean, Principal)} by {@code sk_…} id. */
    public void deleteById(String id, Optional<Integer> version, boolean destroyAll, Principal by) {
        delete(() -> existingById(id), () -> liveById(id), version, destroyAll, by);
    }

    private void delete(Supplier<SecretStore.Row> existing, Supplier<SecretStore.Row> live,
            Optional<Integer> version, boolean destroyAll, Principal by) {
        if (destroyAll && version.isPresent()) {
            throw ArcaException.invalid("permanent", "give either ?version=N (one version) or ?permanent=true "
                    + "(every version), not both");
        }
        if (version.isPresent()) {
            lifecycle.deleteVersion(existing.get(), SecretVersions.checkedVersion(version.get()), by.subject());
        } else if (destroyAll) {
            lifecycle.destroyAll(existing.get(), by.subject());
        } else {
            lifecycle.delete(live.get(), by.subject());
        }
    }

    /** Brings back the secret ({@code versions} empty) or soft-deleted versions; destroyed ones are gone (409). */
    public SecretMetadata undelete(String vaultRef, String rawPath, @Nullable List<Integer> versionNumbers,
            Principal by) {
        return undelete(versions.existing(vaultRef, rawPath), versionNumbers, by);
    }

    /** {@link #undelete(String, String, List, Principal)} by {@code sk_…} id. */
    public SecretMetadata undeleteById(String id, @Nullable List<Integer> versionNumbers, Principal by) {
        return undelete(existingById(id), versionNumbers, by);
    }

    private SecretMetadata undelete(SecretStore.Row row, @Nullable List<Integer> versionNumbers, Principal by) {
        vaults.project(vaults.resolve(row.vaultId()), new SecretPath(row.path()).project());
        lifecycle.undelete(row, versionNumbers, by.subject());
        return lifecycle.view(store.byId(row.id()).orElseThrow());
    }

    /** Destroys the given versions: their ciphertexts are set to NULL, for good. */
    public SecretMetadata destroy(String vaultRef, String rawPath, @Nullable List<Integer> versionNumbers,
            Principal by) {
        return destroy(versions.existing(vaultRef, rawPath), versionNumbers, by);
    }

    /** {@link #destroy(String, String, List, Principal)} by {@code sk_…} id. */
    public SecretMetadata destroyById(String id, @Nullable List<Integer> versionNumbers, Principal by) {
        return destroy(existingById(id), versionNumbers, by);
    }

    private SecretMetadata destroy(SecretStore.Row row, @Nullable List<Integer> versionNumbers, Principal by) {
        lifecycle.destroy(row, versionNumbers, by.subject());
        return lifecycle.view(store.byId(row.id()).orElseThrow());
    }

    /**
     * The secret with this id, deleted and destroyed ones too; 404 when there is none. Routes by id reach this only
     * once the caller may act on the secret's path ({@link SecretIds#requirement}), or as root.
     */
    private SecretStore.Row existingById(String id) {
        return store.byId(id).orElseThrow(() -> ArcaException.notFound("no secret with id " + id));
    }

    /** As {@link #existingById}, but a deleted secret is 404 too. */
    private SecretStore.Row liveById(String id) {
        return store.byId(id).filter(row -> row.deletedAt() == null)
                .orElseThrow(() -> ArcaException.notFound("no secret with id " + id));
    }

    @Override
    public void deleteAll(String vaultId, String projectId, Principal by) {
        List<SecretStore.Row> live = store.liveIn(projectId);
        store.softDeleteAllIn(projectId, clock.instant(), by.subject());
        for (SecretStore.Row row : live) {
            store.afterCommit(() -> events.deleted(vaultId, row.id(), row.path()));
        }
    }

    SecretStore store() {
        return store;
    }

    SecretVersions versions() {
        return versions;
    }

    VaultService vaults() {
        return vaults;
    }

    Clock clock() {
        return clock;
    }

    SecretEvents events() {
        return events;
    }
}
