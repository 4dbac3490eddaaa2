package dev.arca.server.secrets;

import dev.arca.api.Durations;
import dev.arca.api.Rotation;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.api.Vault;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.vaults.VaultService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST …/secrets/{path}/rotate} and {@code POST /v1/secrets/{id}/rotate}: a new current version from a given
 * value, fields, a generated password or fields generated anew ({@link RotationValue}); the replaced version stays
 * readable as {@code previous} for the grace period, then is retired, and a version still in an earlier grace is
 * retired at once. The answer holds the new value only when the caller may read the secret, which the route asks
 * the guard.
 */
public final class SecretRotation {
    private final SecretStore store;
    private final SecretVersions versions;
    private final VaultService vaults;
    private final RotationValue values;
    private final Clock clock;
    private final SecretService secrets;
    private final SecretEvents events;

    /** Rotates the secrets {@code secrets} holds, through the same versions. */
    public SecretRotation(SecretService secrets) {
        this.secrets = secrets;
        this.events = secrets.events();
        this.store = secrets.store();
        this.versions = secrets.versions();
        this.vaults = secrets.vaults();
        this.values = new RotationValue(versions, new PasswordGenerator(new SecureRandom()));
        this.clock = secrets.clock();
    }

    /**
     * Rotates the secret at {@code rawPath}.
     *
     * @param readable whether {@code by} may {@code read} the secret: only then does the answer carry the new value
     */
    public Secret.Rotated rotate(String vaultRef, String rawPath, Secret.Rotate request, Principal by,
            boolean readable) {
        SecretStore.Row row = versions.existing(vaultRef, rawPath);
        return rotate(vaults.resolve(vaultRef), row, request, by, readable);
    }

    /**
     * Rotates the secret with {@code id}, as {@link #rotate(String, String, Secret.Rotate, Principal, boolean)};
     * 404 for an unknown id (only root gets this far with one: the route's requirement refuses everyone else).
     */
    public Secret.Rotated rotateById(String id, Secret.Rotate request, Principal by, boolean readable) {
        SecretStore.Row row = store.byId(id).orElseThrow(() -> ArcaException.notFound("no secret with id " + id));
        return rotate(vaults.resolve(row.vaultId()), row, request, by, readable);
    }

    private Secret.Rotated rotate(Vault vault, SecretStore.Row row, Secret.Rotate request, Principal by,
            boolean readable) {
        refuseIfGone(row);
        vaults.project(vault, new SecretPath(row.path()).project());
        RotationHooks hooks = secrets.rotationHooks();
        hooks.beforeCallerRotate(row.id(), row.path());
        SecretValue value = values.of(row, request);
        String reason = MetadataRules.reason(request.reason());
        Duration grace = grace(request.grace());
        // the kept fields were read from the current version: move on only from it, or a write in between would be
        // lost
        Integer expected = request.generateFields() == null ? null : row.currentVersion();
        Instant now = clock.instant();
        int version = commit(row, expected, value, grace, now, by.subject(), reason).orElseThrow(
                () -> ArcaException.conflict("secret " + row.path() + " was deleted or written while rotating it; "
                        + "rotate it again"));
        versions.announceChanged(vault.id(), row.id(), row.path(), version);
        hooks.callerRotated(vault.id(), row.id(), row.path(), version, by.subject());
        Instant previousUntil = now.plus(grace);
        return new Secret.Rotated(row.id(), row.path(), Secret.Rotated.ROTATED, version, version - 1,
                grace.isZero() ? null : previousUntil, readable ? singleValue(value) : null,
                readable ? SecretText.ofAll(value.fields()) : null);
    }

    /**
     * The last step of a rotation run (inside its transaction): {@code value} becomes the live secret's current
     * version, the replaced one {@code previous} for {@code grace}, and watchers hear {@code rotated} once it
     * commits.
     *
     * @param expected the version the value was made from, when a write in between must make this fail; null to
     *     move on from whatever is current (the target already holds the value)
     * @return the new version; empty when the secret is gone or {@code expected} no longer current
     */
    public Optional<Integer> finishRun(String secretId, @Nullable Integer expected, SecretValue value,
            Duration grace, String by, String reason, Rotation.Notice notice) {
        Optional<SecretStore.Row> row = store.byId(secretId).filter(r -> r.deletedAt() == null);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Optional<Integer> version = commit(row.get(), expected, value, grace, clock.instant(), by, reason);
        version.ifPresent(v -> store.afterCommit(() -> events.rotated(row.get().vaultId(), secretId,
                row.get().path(), v, notice)));
        return version;
    }

    /** Stores {@code value} as the next version and makes the replaced one previous for {@code grace}. */
    private Optional<Integer> commit(SecretStore.Row row, @Nullable Integer expected, SecretValue value,
            Duration grace, Instant now, String by, @Nullable String reason) {
        Optional<Integer> next = expected == null
                ? store.advanceLive(row.id(), value.type(), value.fieldNames(), now, by)
                : store.advanceFrom(row.id(), expected, row.type(), now, by);
        if (next.isEmpty()) {
            return next;
        }
        int version = next.get();
        SecretStore.Row advanced = store.byId(row.id()).orElseThrow();
        int replaced = version - 1;
        Integer earlier = advanced.previousVersion();
        if (earlier != null && earlier != replaced) {
            store.version(row.id(), earlier).filter(v -> v.state().equals(SecretStore.ACTIVE))
                    .ifPresent(v -> store.setState(row.id(), earlier, SecretStore.RETIRED));
        }
        store.setPrevious(row.id(), replaced, now.plus(grace));
        versions.store(row.vaultId(), row.id(), version, value, now, by, reason);
        return next;
    }

    private static @Nullable SecretText singleValue(SecretValue value) {
        return value.fields() == null ? SecretText.of(value.text()) : null;
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

    /** At most {@link Secret.Rotate#MAX_GRACE}. */
    private static Duration grace(@Nullable String text) {
        if (text == null) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(text, Secret.Rotate.MAX_GRACE);
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid("grace", "grace: " + e.getMessage());
        }
    }
}
