package dev.arca.server.secrets;

import dev.arca.api.ErrorCode;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.api.Vault;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.seal.SealService;
import dev.arca.server.vaults.VaultService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A secret's values, version by version: the one place that encrypts a new version (with associated data naming
 * vault, secret and version, never the path, so a project rename re-encrypts nothing) and prunes what is beyond
 * the limit in force, and the one place that decrypts a version to serve it (reads by path and id, batch, resolve,
 * export, watch, leases). A ciphertext copied to another row does not decrypt. Watchers are told of a new version
 * after its transaction commits.
 */
final class SecretVersions {
    private static final String PREVIOUS = "previous";
    private static final String VERSION_RULE = "version must be a whole number from 1, or 'previous'";

    private final SecretStore store;
    private final VaultService vaults;
    private final SealService seal;
    private final SecretEvents events;
    private final Clock clock;

    SecretVersions(SecretStore store, VaultService vaults, SealService seal, SecretEvents events, Clock clock) {
        this.store = store;
        this.vaults = vaults;
        this.seal = seal;
        this.events = events;
        this.clock = clock;
    }

    static byte[] associatedData(String vaultId, String secretId, int version) {
        return ("arca/secret-value/v1\0" + vaultId + "\0" + secretId + "\0" + version).getBytes(StandardCharsets.UTF_8);
    }

    /** The secret at {@code rawPath} in whatever state it is (deleted and destroyed too); 404 when there is none. */
    SecretStore.Row existing(String vaultRef, String rawPath) {
        Vault vault = vaults.resolve(vaultRef);
        var path = new SecretPath(rawPath);
        return store.byPath(vault.id(), path.value()).orElseThrow(() -> missing(path.value(), vault));
    }

    /** The secret at {@code rawPath} unless it is deleted; 404 otherwise. */
    SecretStore.Row live(String vaultRef, String rawPath) {
        Vault vault = vaults.resolve(vaultRef);
        var path = new SecretPath(rawPath);
        return store.byPath(vault.id(), path.value()).filter(row -> row.deletedAt() == null)
                .orElseThrow(() -> missing(path.value(), vault));
    }

    /** Stores {@code value} as {@code version}, then drops the versions beyond the limit. */
    void store(String vaultId, String id, int version, SecretValue value, Instant now, Principal by,
            @Nullable String reason) {
        store(vaultId, id, version, value, now, by.subject(), reason);
    }

    /** As {@link #store(String, String, int, SecretValue, Instant, Principal, String)}, made by {@code subject}. */
    void store(String vaultId, String id, int version, SecretValue value, Instant now, String subject,
            @Nullable String reason) {
        byte[] ciphertext = seal.keyring().encrypt(vaultId, value.plaintext(), associatedData(vaultId, id, version));
        store.insertVersion(id, version, ciphertext, now, subject, reason);
        prune(id, now);
    }

    /** Drops the versions beyond the limit in force, sparing a previous version still in its grace. */
    void prune(String id, Instant now) {
        SecretStore.Row row = store.byId(id).orElseThrow();
        Integer spared = row.previousUntil() != null && now.isBefore(row.previousUntil()) ? row.previousVersion()
                : null;
        store.prune(id, row.currentVersion(), store.maxVersions(id), spared);
    }

    /** Tells watchers of {@code version} once the writing transaction commits. */
    void announceChanged(String vaultId, String id, String path, int version) {
        store.afterCommit(() -> events.changed(vaultId, id, path, version));
    }

    /**
     * The value of {@code row}: its current version or {@code requested} (a number, or {@code previous} while the
     * last rotation's grace lasts), and with {@code field} only that field of a structured value. 404 for a
     * version that is deleted, destroyed, retired or pruned.
     */
    Secret reveal(SecretStore.Row row, Optional<String> requested, Optional<String> field) {
        int number = requested.map(text -> chosenVersion(row, text)).orElse(row.currentVersion());
        SecretStore.Version version = store.version(row.id(), number)
                .orElseThrow(() -> ArcaException.notFound("secret " + row.path() + " has no version " + number
                        + " (the current version is " + row.currentVersion() + ")"));
        return served(row, version, field);
    }

    /**
     * The current values of the live secrets among {@code ids} (a page: see {@link SecretStore#current}), read in
     * one query and each served as {@link #reveal} serves it; one that {@code reveal} would answer 404 for (deleted
     * meanwhile, its current version deleted, destroyed or retired) is not among them.
     */
    List<Secret> current(Collection<String> ids) {
        List<Secret> served = new ArrayList<>();
        for (SecretStore.Current current : store.current(ids)) {
            try {
                served.add(served(current.secret(), current.version(), Optional.empty()));
            } catch (ArcaException notServed) {
                // left out, as a read of it alone would have been answered 404; anything else (sealed meanwhile)
                // fails the whole export rather than leave values out
                if (notServed.code() != ErrorCode.NOT_FOUND) {
                    throw notServed;
                }
            }
        }
        return served;
    }

    private Secret served(SecretStore.Row row, SecretStore.Version version, Optional<String> field) {
        SecretValue value = decrypt(row, version);
        if (field.isEmpty()) {
            return new Secret(row.id(), row.path(), version.version(), value.type(), SecretText.of(value.text()),
                    SecretText.ofAll(value.fields()), version.createdAt());
        }
        return new Secret(row.id(), row.path(), version.version(), value.type(),
                SecretText.of(fieldOf(row, value, field.get())), null, version.createdAt(), field.get());
    }

    /** A version number a request names: 1 or more, else 400 naming {@code version}. */
    static int checkedVersion(int version) {
        if (version < 1) {
            throw ArcaException.invalid("version", VERSION_RULE);
        }
        return version;
    }

    static ArcaException missing(String path, Vault vault) {
        return ArcaException.notFound("no secret at " + path + " in vault '" + vault.name() + "'");
    }

    private SecretValue decrypt(SecretStore.Row row, SecretStore.Version version) {
        refuseIfNotServed(row, version);
        byte[] ciphertext = Objects.requireNonNull(version.ciphertext(), "a version served has its ciphertext");
        byte[] plaintext = seal.keyring().decrypt(row.vaultId(), ciphertext,
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
        if (text.equals(PREVIOUS)) {
            if (row.previousVersion() == null) {
                throw ArcaException.notFound("secret " + row.path() + " has no previous version: it has not been "
                        + "rotated");
            }
            return row.previousVersion();
        }
        try {
            return checkedVersion(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            throw ArcaException.invalid("version", VERSION_RULE);
        }
    }
}
