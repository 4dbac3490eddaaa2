package dev.arca.server.secrets;

import dev.arca.api.Durations;
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

    /** Rotates the secrets {@code secrets} holds, through the same versions. */
    public SecretRotation(SecretService secrets) {
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
        SecretValue value = values.of(row, request);
        String reason = MetadataRules.reason(request.reason());
        Duration grace = grace(request.grace());
        Instant now = clock.instant();
        Optional<Integer> next = request.generateFields() == null
                ? store.advanceLive(row.id(), value.type(), value.fieldNames(), now, by.subject())
                // the kept fields were read from the current version: move on only from it, or a write in between
                // would be lost
                : store.advanceFrom(row.id(), row.currentVersion(), row.type(), now, by.subject());
        int version = next.orElseThrow(() -> ArcaException.conflict("secret " + row.path() + " was deleted or "
                + "written while rotating it; rotate it again"));
        SecretStore.Row advanced = store.byId(row.id()).orElseThrow();
        int replaced = version - 1;
        Integer earlier = advanced.previousVersion();
        if (earlier != null && earlier != replaced) {
            store.version(row.id(), earlier).filter(v -> v.state().equals(SecretStore.ACTIVE))
                    .ifPresent(v -> store.setState(row.id(), earlier, SecretStore.RETIRED));
        }
        Instant previousUntil = now.plus(grace);
        store.setPrevious(row.id(), replaced, previousUntil);
        versions.store(vault.id(), row.id(), version, value, now, by, reason);
        versions.announceChanged(vault.id(), row.id(), row.path(), version);
        return new Secret.Rotated(row.id(), row.path(), Secret.Rotated.ROTATED, version, replaced,
                grace.isZero() ? null : previousUntil, readable ? singleValue(value) : null,
                readable ? SecretText.ofAll(value.fields()) : null);
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
