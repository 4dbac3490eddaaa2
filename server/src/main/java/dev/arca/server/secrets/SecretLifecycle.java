package dev.arca.server.secrets;

import dev.arca.api.ErrorCode;
import dev.arca.api.Rotation;
import dev.arca.api.SecretMetadata;
import dev.arca.server.error.ArcaException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Soft delete, undelete and destroy, of a secret or of single versions, and the metadata view. Destroying sets
 * the ciphertext to NULL: nothing can bring it back. Watchers hear of a change only when the current value
 * becomes unreadable ({@code deleted}) or readable again ({@code changed}), after the transaction commits.
 */
final class SecretLifecycle {
    private static final int MAX_VERSIONS_PER_CALL = 1000;

    private final SecretStore store;
    private final SecretMetadataStore metadata;
    private final SecretEvents events;
    private final Clock clock;
    private final Function<String, Rotation.@Nullable State> rotation;

    SecretLifecycle(SecretStore store, SecretMetadataStore metadata, SecretEvents events, Clock clock,
            Function<String, Rotation.@Nullable State> rotation) {
        this.store = store;
        this.metadata = metadata;
        this.events = events;
        this.clock = clock;
        this.rotation = rotation;
    }

    /** Soft-deletes a live secret. */
    void delete(SecretStore.Row secret, String by) {
        store.softDelete(secret.id(), clock.instant(), by);
        announceDeleted(secret);
    }

    void deleteVersion(SecretStore.Row secret, int number, String by) {
        SecretStore.Version version = existing(secret, number);
        switch (version.state()) {
            case SecretStore.DESTROYED -> throw ArcaException.conflict("version " + number + " of " + secret.path()
                    + " is destroyed; there is nothing left to delete");
            case SecretStore.RETIRED -> throw ArcaException.conflict("version " + number + " of " + secret.path()
                    + " was retired by a rotation and is not served; destroy it instead");
            case SecretStore.DELETED -> {
                return;
            }
            default -> store.setState(secret.id(), number, SecretStore.DELETED);
        }
        touch(secret, by);
        if (number == secret.currentVersion() && secret.deletedAt() == null) {
            announceDeleted(secret);
        }
    }

    /** Every version destroyed, the secret marked destroyed; writing the path again starts at the next version. */
    void destroyAll(SecretStore.Row secret, String by) {
        store.destroyAll(secret.id(), clock.instant(), by);
        if (secret.deletedAt() == null) {
            announceDeleted(secret);
        }
    }

    void undelete(SecretStore.Row secret, @Nullable List<Integer> versions, String by) {
        if (secret.destroyedAt() != null) {
            throw ArcaException.conflict("secret " + secret.path() + " was destroyed; nothing can be undeleted. "
                    + "Write the path again to start over with version " + (secret.currentVersion() + 1));
        }
        if (versions == null || versions.isEmpty()) {
            if (secret.deletedAt() != null) {
                store.undelete(secret.id(), clock.instant(), by);
                announceChanged(secret);
            }
            return;
        }
        List<SecretStore.Version> chosen = existing(secret, versions);
        for (SecretStore.Version version : chosen) {
            if (version.state().equals(SecretStore.DESTROYED)) {
                throw ArcaException.conflict("version " + version.version() + " of " + secret.path()
                        + " is destroyed; its value is gone and cannot be undeleted");
            }
        }
        boolean currentBack = false;
        for (SecretStore.Version version : chosen) {
            if (version.state().equals(SecretStore.DELETED)) {
                store.setState(secret.id(), version.version(), SecretStore.ACTIVE);
                currentBack |= version.version() == secret.currentVersion();
            }
        }
        touch(secret, by);
        if (currentBack && secret.deletedAt() == null) {
            announceChanged(secret);
        }
    }

    void destroy(SecretStore.Row secret, @Nullable List<Integer> versions, String by) {
        if (versions == null || versions.isEmpty()) {
            throw ArcaException.invalid("versions", "name the versions to destroy, e.g. {\"versions\":[1,2]}; "
                    + "DELETE …?permanent=true destroys them all");
        }
        boolean currentGone = false;
        for (SecretStore.Version version : existing(secret, versions)) {
            if (!version.state().equals(SecretStore.DESTROYED)) {
                store.destroy(secret.id(), version.version());
                currentGone |= version.version() == secret.currentVersion();
            }
        }
        touch(secret, by);
        if (currentGone && secret.deletedAt() == null) {
            announceDeleted(secret);
        }
    }

    SecretMetadata view(SecretStore.Row secret) {
        SecretMetadataStore.Described described = metadata.described(secret.id());
        Instant now = clock.instant();
        List<SecretMetadata.Version> versions = store.versions(secret.id()).stream()
                .map(v -> new SecretMetadata.Version(v.version(), VersionState.of(secret, v, now).wire(),
                        v.createdAt(), v.createdBy(), v.rotationReason()))
                .toList();
        return new SecretMetadata(secret.id(), secret.path(), secret.projectId(), secret.type(),
                secret.currentVersion(), store.maxVersions(secret.id()), described.description(), described.tags(),
                described.custom(), secret.fieldNames(), secret.createdAt(), secret.createdBy(), secret.updatedAt(),
                secret.updatedBy(), secret.deletedAt() != null, secret.destroyedAt() != null,
                secret.previousVersion(), secret.previousUntil(), versions, rotation.apply(secret.id()));
    }

    private SecretStore.Version existing(SecretStore.Row secret, int number) {
        return store.version(secret.id(), number).orElseThrow(() -> new ArcaException(ErrorCode.NOT_FOUND, "secret " + secret.path() + " has no version " + number
                        + " (the current version is " + secret.currentVersion() + ")",
                Map.of("version", number)));
    }

    /** The named versions, each checked to exist before anything changes. */
    private List<SecretStore.Version> existing(SecretStore.Row secret, List<Integer> versions) {
        return checked(versions).stream().map(number -> existing(secret, number)).toList();
    }

    private static List<Integer> checked(List<Integer> versions) {
        if (versions.size() > MAX_VERSIONS_PER_CALL) {
            throw ArcaException.invalid("versions", "at most " + MAX_VERSIONS_PER_CALL + " versions per call");
        }
        for (Integer number : versions) {
            if (number == null || number < 1) {
                throw ArcaException.invalid("versions", "versions are whole numbers from 1");
            }
        }
        return versions.stream().distinct().toList();
    }

    private void touch(SecretStore.Row secret, String by) {
        metadata.update(secret.id(), secret.vaultId(), new SecretMetadataStore.Described(null, null, null, null),
                clock.instant(), by);
    }

    private void announceDeleted(SecretStore.Row secret) {
        store.afterCommit(() -> events.deleted(secret.vaultId(), secret.id(), secret.path()));
    }

    private void announceChanged(SecretStore.Row secret) {
        store.afterCommit(() -> events.changed(secret.vaultId(), secret.id(), secret.path(),
                secret.currentVersion()));
    }
}
