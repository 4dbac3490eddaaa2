package dev.arca.server.secrets;

import dev.arca.api.Durations;
import dev.arca.api.ErrorCode;
import dev.arca.api.Secret;
import dev.arca.api.SecretMetadata;
import dev.arca.api.Vault;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.identity.Resource;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.vaults.ProjectSecrets;
import dev.arca.server.vaults.VaultService;
import dev.arca.server.vaults.VersionLimits;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writing, reading, rotating, listing and deleting secrets. Each write is a new version; every value is encrypted
 * with its vault's data key and associated data naming vault, secret and version (never the path, so a project
 * rename re-encrypts nothing), and a ciphertext copied to another row does not decrypt. Versions beyond the limit
 * in force are pruned in the writing transaction. Watchers are told of every change after its transaction commits.
 */
public final class SecretService implements ProjectSecrets {
    private static final String PREVIOUS = "previous";
    static final Duration MAX_GRACE = Duration.ofDays(30);

    private final SecretStore store;
    private final SecretMetadataStore metadata;
    private final SecretLifecycle lifecycle;
    private final VaultService vaults;
    private final SealService seal;
    private final SecretEvents events;
    private final PasswordGenerator generator = new PasswordGenerator(new SecureRandom());
    private final Clock clock;

    public SecretService(Database db, VaultService vaults, SealService seal, SecretEvents events, Clock clock) {
        this.store = new SecretStore(db);
        this.metadata = new SecretMetadataStore(db);
        this.lifecycle = new SecretLifecycle(store, metadata, events, clock);
        this.vaults = vaults;
        this.seal = seal;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Writes a new version at {@code path}, creating the secret on its first write; a deleted or destroyed secret
     * is revived with the next version number. The metadata parts of the request change only where given.
     */
    public Secret.Written put(String vaultRef, String rawPath, Secret.Put request, Principal by) {
        Vault vault = vaults.resolve(vaultRef);
        var path = new SecretPath(rawPath);
        SecretValue value = SecretValue.of(request.type(), request.value(), request.fields());
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
            version = store.advance(id, value.type(), value.fieldNames(), now, by.subject());
        } else {
            id = Ids.newId("sk_");
            version = 1;
            store.insert(id, vault.id(), projectId, path.value(), value.type(), value.fieldNames(), now, by.subject());
        }
        metadata.update(id, vault.id(), described, now, by.subject());
        storeVersion(vault.id(), id, version, value, now, by, null);
        announceChanged(vault.id(), id, path.value(), version);
        return new Secret.Written(id, path.value(), version);
    }

    /**
     * The secret at {@code path}: its current version, or {@code version} (a number, or {@code previous} for the
     * version the last rotation replaced, while its grace lasts). 404 for a deleted secret and for a version that
     * is deleted, destroyed, retired or pruned.
     */
    public Secret read(String vaultRef, String rawPath, Optional<String> version) {
        return read(vaultRef, rawPath, version, Optional.empty());
    }

    /** As {@link #read(String, String, Optional)}; with {@code field}, only that field of a structured value. */
    public Secret read(String vaultRef, String rawPath, Optional<String> version, Optional<String> field) {
        Vault vault = vaults.resolve(vaultRef);
        var path = new SecretPath(rawPath);
        return reveal(store.byPath(vault.id(), path.value()).filter(row -> row.deletedAt() == null)
                .orElseThrow(() -> missing(path.value(), vault)), version, field);
    }

    /** {@code GET /v1/secrets/{id}} (DESIGN §6), with the meaning of {@link #read(String, String, Optional)}. */
    public Secret readById(String id, Optional<String> version) {
        return readById(id, version, Optional.empty());
    }

    /** As {@link #readById(String, Optional)}; with {@code field}, only that field of a structured value. */
    public Secret readById(String id, Optional<String> version, Optional<String> field) {
        return reveal(store.byId(id).filter(row -> row.deletedAt() == null)
                .orElseThrow(() -> ArcaException.notFound("no secret with id " + id)), version, field);
    }

    /**
     * What a read by id touches, for authorization: the secret's path in its vault. An unknown id is a global
     * resource, which only root may read (root then learns it is missing), so nobody else can probe for ids.
     */
    public Resource resourceOf(String id) {
        return store.byId(id).map(row -> Resource.inVault(row.vaultId(), row.path()))
                .orElse(Resource.global("secrets/" + id));
    }

    /**
     * A new current version from {@code value}, {@code fields} or a generated value; the replaced version stays
     * readable as {@code previous} for the grace period, then is retired. The answer never holds the new value.
     */
    public Secret.Written rotate(String vaultRef, String rawPath, Secret.Rotate request, Principal by) {
        Vault vault = vaults.resolve(vaultRef);
        var path = new SecretPath(rawPath);
        SecretStore.Row row = store.byPath(vault.id(), path.value()).orElseThrow(() -> missing(path.value(), vault));
        refuseIfGone(row);
        vaults.project(vault, path.project());
        SecretValue value = rotatedValue(row, request);
        String reason = MetadataRules.reason(request.reason());
        Duration grace = grace(request.grace());
        Instant now = clock.instant();
        int version = store.advanceLive(row.id(), value.type(), value.fieldNames(), now, by.subject())
                .orElseThrow(() -> ArcaException.conflict("secret " + row.path() + " was deleted while rotating it"));
        SecretStore.Row advanced = store.byId(row.id()).orElseThrow();
        int replaced = version - 1;
        Integer earlier = advanced.previousVersion();
        if (earlier != null && earlier != replaced) {
            store.version(row.id(), earlier).filter(v -> v.state().equals(SecretStore.ACTIVE))
                    .ifPresent(v -> store.setState(row.id(), earlier, SecretStore.RETIRED));
        }
        store.setPrevious(row.id(), replaced, now.plus(grace));
        storeVersion(vault.id(), row.id(), version, value, now, by, reason);
        announceChanged(vault.id(), row.id(), row.path(), version);
        return new Secret.Written(row.id(), row.path(), version);
    }

    /** Everything about the secret but its value; deleted and destroyed secrets too. */
    public SecretMetadata metadata(String vaultRef, String rawPath) {
        return lifecycle.view(existing(vaultRef, rawPath));
    }

    /** Changes description, tags, custom pairs or the version limit (pruning at once); writes no version. */
    public SecretMetadata updateMetadata(String vaultRef, String rawPath, SecretMetadata.Update update, Principal by) {
        SecretStore.Row row = existing(vaultRef, rawPath);
        var change = new SecretMetadataStore.Described(MetadataRules.description(update.description()),
                MetadataRules.custom(update.custom()), VersionLimits.check(update.maxVersions()),
                MetadataRules.tags(update.tags()));
        Instant now = clock.instant();
        metadata.update(row.id(), row.vaultId(), change, now, by.subject());
        prune(row.id(), now);
        return lifecycle.view(store.byId(row.id()).orElseThrow());
    }

    /**
     * {@code DELETE}: the secret (soft), one version (soft, {@code version}) or, with {@code permanent=true},
     * every version destroyed and the secret marked destroyed.
     */
    public void delete(String vaultRef, String rawPath, Optional<String> version, Optional<String> permanent,
            Principal by) {
        boolean destroyAll = permanent.map(SecretService::parseBoolean).orElse(false);
        if (destroyAll && version.isPresent()) {
            throw ArcaException.invalid("permanent", "give either ?version=N (one version) or ?permanent=true "
                    + "(every version), not both");
        }
        if (version.isPresent()) {
            lifecycle.deleteVersion(existing(vaultRef, rawPath), parseVersion(version.get()), by.subject());
        } else if (destroyAll) {
            lifecycle.destroyAll(existing(vaultRef, rawPath), by.subject());
        } else {
            Vault vault = vaults.resolve(vaultRef);
            var path = new SecretPath(rawPath);
            lifecycle.delete(store.byPath(vault.id(), path.value()).filter(r -> r.deletedAt() == null)
                    .orElseThrow(() -> missing(path.value(), vault)), by.subject());
        }
    }

    /** Brings back the secret ({@code versions} empty) or soft-deleted versions; destroyed ones are gone (409). */
    public SecretMetadata undelete(String vaultRef, String rawPath, List<Integer> versions, Principal by) {
        SecretStore.Row row = existing(vaultRef, rawPath);
        vaults.project(vaults.resolve(vaultRef), new SecretPath(rawPath).project());
        lifecycle.undelete(row, versions, by.subject());
        return lifecycle.view(store.byId(row.id()).orElseThrow());
    }

    /** Destroys the given versions: their ciphertexts are set to NULL, for good. */
    public SecretMetadata destroy(String vaultRef, String rawPath, List<Integer> versions, Principal by) {
        SecretStore.Row row = existing(vaultRef, rawPath);
        lifecycle.destroy(row, versions, by.subject());
        return lifecycle.view(store.byId(row.id()).orElseThrow());
    }

    @Override
    public void deleteAll(String vaultId, String projectId, Principal by) {
        List<SecretStore.Row> live = store.liveIn(projectId);
        store.softDeleteAllIn(projectId, clock.instant(), by.subject());
        for (SecretStore.Row row : live) {
            store.afterCommit(() -> events.deleted(vaultId, row.id(), row.path()));
        }
    }

    static byte[] associatedData(String vaultId, String secretId, int version) {
        return ("arca/secret-value/v1\0" + vaultId + "\0" + secretId + "\0" + version).getBytes(StandardCharsets.UTF_8);
    }

    private void storeVersion(String vaultId, String id, int version, SecretValue value, Instant now, Principal by,
            String reason) {
        byte[] ciphertext = seal.keyring().encrypt(vaultId, value.plaintext(), associatedData(vaultId, id, version));
        store.insertVersion(id, version, ciphertext, now, by.subject(), reason);
        prune(id, now);
    }

    /** Drops the versions beyond the limit in force, sparing a previous version still in its grace. */
    private void prune(String id, Instant now) {
        SecretStore.Row row = store.byId(id).orElseThrow();
        Integer spared = row.previousUntil() != null && now.isBefore(row.previousUntil()) ? row.previousVersion()
                : null;
        store.prune(id, row.currentVersion(), store.maxVersions(id), spared);
    }

    private SecretValue rotatedValue(SecretStore.Row row, Secret.Rotate request) {
        int given = (request.value() != null ? 1 : 0) + (request.fields() != null ? 1 : 0)
                + (request.generate() != null ? 1 : 0);
        if (given != 1) {
            throw ArcaException.invalid("value", "give exactly one of 'value', 'fields' and 'generate'");
        }
        if (request.generate() == null) {
            return SecretValue.of(row.type(), request.value(), request.fields());
        }
        if (SecretValue.isStructured(row.type())) {
            throw new ArcaException(ErrorCode.SECRET_STRUCTURE, "secret " + row.path() + " holds fields, not a "
                    + "single value; rotate it with 'fields'", Map.of("field", "generate"));
        }
        return SecretValue.of(row.type(), generator.generate(request.generate()), null);
    }

    private static void refuseIfGone(SecretStore.Row row) {
        if (row.destroyedAt() != null) {
            throw ArcaException.conflict("secret " + row.path() + " was destroyed; write it again to start over "
                    + "instead of rotating it");
        }
        if (row.deletedAt() != null) {
            throw ArcaException.conflict("secret " + row.path() + " is deleted; undelete it before rotating it");
        }
    }

    /**
     * At most {@link #MAX_GRACE}: a rotation whose replaced value stays readable for longer than a month has not
     * really retired it.
     */
    private static Duration grace(String text) {
        if (text == null) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(text, MAX_GRACE);
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid("grace", "grace: " + e.getMessage());
        }
    }

    /** The one place the secret routes decrypt a value (reads by path and id, batch, resolve, export, watch). */
    private Secret reveal(SecretStore.Row row, Optional<String> requestedVersion, Optional<String> field) {
        int number = requestedVersion.map(text -> chosenVersion(row, text)).orElse(row.currentVersion());
        SecretStore.Version version = store.version(row.id(), number)
                .orElseThrow(() -> ArcaException.notFound("secret " + row.path() + " has no version " + number
                        + " (the current version is " + row.currentVersion() + ")"));
        SecretValue value = decrypt(row, version);
        if (field.isEmpty()) {
            return new Secret(row.id(), row.path(), number, value.type(), value.text(), value.fields(),
                    version.createdAt());
        }
        return new Secret(row.id(), row.path(), number, value.type(), fieldOf(row, value, field.get()), null,
                version.createdAt(), field.get());
    }

    private SecretValue decrypt(SecretStore.Row row, SecretStore.Version version) {
        refuseIfNotServed(row, version);
        byte[] plaintext = seal.keyring().decrypt(row.vaultId(), version.ciphertext(),
                associatedData(row.vaultId(), row.id(), version.version()));
        return SecretValue.decrypted(row.type(), plaintext);
    }

    private static String fieldOf(SecretStore.Row row, SecretValue value, String name) {
        if (value.fields() == null) {
            throw new ArcaException(ErrorCode.SECRET_STRUCTURE, "secret " + row.path() + " holds a single value, "
                    + "not fields", Map.of("field", "field"));
        }
        String found = value.fields().get(name);
        if (found == null) {
            throw new ArcaException(ErrorCode.FIELD_NOT_FOUND, "secret " + row.path() + " has no field '" + name
                    + "'; its fields are: " + String.join(", ", value.fields().keySet()),
                    Map.of("available", value.fieldNames()));
        }
        return found;
    }

    private void refuseIfNotServed(SecretStore.Row row, SecretStore.Version version) {
        String which = "version " + version.version() + " of " + row.path();
        switch (VersionState.of(row, version, clock.instant())) {
            case DELETED -> throw ArcaException.notFound(which + " is deleted; undelete it with POST …/secrets/"
                    + row.path() + "/undelete {\"versions\":[" + version.version() + "]}");
            case DESTROYED -> throw ArcaException.notFound(which + " was destroyed; its value is gone");
            case RETIRED -> throw ArcaException.notFound(which + " was retired by a rotation"
                    + (row.previousVersion() != null && row.previousVersion() == version.version()
                            ? " at " + row.previousUntil() : "")
                    + "; the current version is " + row.currentVersion());
            default -> {
                // active or previous: served
            }
        }
    }

    private static int chosenVersion(SecretStore.Row row, String text) {
        if (!text.equals(PREVIOUS)) {
            return parseVersion(text);
        }
        if (row.previousVersion() == null) {
            throw ArcaException.notFound("secret " + row.path() + " has no previous version: it has not been rotated");
        }
        return row.previousVersion();
    }

    private SecretStore.Row existing(String vaultRef, String rawPath) {
        Vault vault = vaults.resolve(vaultRef);
        var path = new SecretPath(rawPath);
        return store.byPath(vault.id(), path.value()).orElseThrow(() -> missing(path.value(), vault));
    }

    private static ArcaException missing(String path, Vault vault) {
        return ArcaException.notFound("no secret at " + path + " in vault '" + vault.name() + "'");
    }

    private void announceChanged(String vaultId, String id, String path, int version) {
        store.afterCommit(() -> events.changed(vaultId, id, path, version));
    }

    private static int parseVersion(String text) {
        try {
            int version = Integer.parseInt(text);
            if (version >= 1) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ArcaException.invalid("version", "version must be a whole number from 1, or 'previous'");
    }

    private static boolean parseBoolean(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ArcaException.invalid("permanent", "permanent must be true or false");
        };
    }
}
