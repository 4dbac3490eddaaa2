package dev.arca.api;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What Arca hands out for a limited time ({@code docs/API-use.md} "Leases"): a secret's raw value, or a dynamic
 * credential ({@code docs/API-database.md}). After {@code expiresAt} (renewable up to {@code maxExpiresAt}), or
 * once released or revoked, the lease answers {@code lease_expired}; a dynamic credential's user is then dropped.
 *
 * @param kind {@code secret} (a retrieval) or {@code database} (a dynamic credential)
 * @param secretId the retrieved secret; null for a dynamic credential
 * @param path the secret's path, or where the credential came from ({@code database/creds/{role}})
 * @param version the retrieved version; null for a dynamic credential
 * @param holder the subject that retrieved it ({@code agent:bot}, {@code machine:mach_…})
 * @param state {@code active}, {@code expired}, {@code released} or {@code revoked}
 * @param cleanup for a dynamic credential, whether its database user is still {@code owed} a revocation,
 *     {@code done}, or {@code irrevocable} (retries gave up: an admin's {@code revoke-force} ends it); else null
 * @param lastError the database's answer to the last failed revocation attempt
 */
public record Lease(String leaseId, String vaultId, String kind, @Nullable String secretId, String path,
        @Nullable Integer version, String holder, Instant issuedAt, Instant expiresAt, Instant maxExpiresAt,
        String state, @Nullable Instant endedAt, @Nullable String cleanup, @Nullable String lastError) {

    /** {@code POST …/secrets/{path}/retrieve}: durations, defaults {@code 15m} and {@code 24h}. */
    public record Retrieve(@Nullable String ttl, @Nullable String maxTtl, @Nullable String version) {}

    /** The value and its lease; {@code ttl} in seconds. */
    public record Retrieved(String leaseId, String id, String path, int version, String type, SecretText value,
            @Nullable Map<String, SecretText> fields, long ttl, Instant expiresAt, Instant maxExpiresAt) {}

    /** {@code POST /v1/leases/renew}: {@code increment} a duration, default the lease's ttl. */
    public record Renew(@Nullable String leaseId, @Nullable String increment) {}

    /** {@code POST /v1/leases/release}. */
    public record Release(@Nullable String leaseId) {}

    /** {@code POST /v1/vaults/{vault}/leases/revoke}: every active lease of one holder. */
    public record Revoke(String holder) {}

    public record Revoked(int revoked) {}

    /** {@code POST /v1/vaults/{vault}/leases/revoke-prefix}: every live lease whose path starts with {@code prefix}. */
    public record RevokePrefix(String prefix) {}
}
