package dev.arca.server.secrets;

import dev.arca.api.Durations;
import dev.arca.api.ErrorCode;
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
import java.util.Map;

/**
 * {@code POST …/secrets/{path}/rotate}: a new current version from a given value, fields or a generated password;
 * the replaced version stays readable as {@code previous} for the grace period, then is retired, and a version
 * still in an earlier grace is retired at once. The answer never holds the new value.
 */
public final class SecretRotation {
    /** A rotation whose replaced value stays readable for longer than a month has not really retired it. */
    static final Duration MAX_GRACE = Duration.ofDays(30);

    private final SecretStore store;
    private final SecretVersions versions;
    private final VaultService vaults;
    private final PasswordGenerator generator = new PasswordGenerator(new SecureRandom());
    private final Clock clock;

    /** Rotates the secrets {@code secrets} holds, through the same versions. */
    public SecretRotation(SecretService secrets) {
        this.store = secrets.store();
        this.versions = secrets.versions();
        this.vaults = secrets.vaults();
        this.clock = secrets.clock();
    }

    public Secret.Written rotate(String vaultRef, String rawPath, Secret.Rotate request, Principal by) {
        Vault vault = vaults.resolve(vaultRef);
        var path = new SecretPath(rawPath);
        SecretStore.Row row = versions.existing(vaultRef, rawPath);
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
        versions.store(vault.id(), row.id(), version, value, now, by, reason);
        versions.announceChanged(vault.id(), row.id(), row.path(), version);
        return new Secret.Written(row.id(), row.path(), version);
    }

    private SecretValue rotatedValue(SecretStore.Row row, Secret.Rotate request) {
        int given = (request.value() != null ? 1 : 0) + (request.fields() != null ? 1 : 0)
                + (request.generate() != null ? 1 : 0);
        if (given != 1) {
            throw ArcaException.invalid("value", "give exactly one of 'value', 'fields' and 'generate'");
        }
        if (request.generate() == null) {
            return SecretValue.of(row.type(), SecretText.revealOrNull(request.value()),
                    SecretText.revealAll(request.fields()));
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

    /** At most {@link #MAX_GRACE}. */
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
}
