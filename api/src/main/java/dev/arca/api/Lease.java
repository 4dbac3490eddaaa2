package dev.arca.api;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A raw value handed out for a limited time ({@code docs/API-use.md} "Leases"). After {@code expiresAt} (renewable
 * up to {@code maxExpiresAt}), or once released or revoked, the lease answers {@code lease_expired}.
 *
 * @param holder the subject that retrieved it ({@code agent:bot}, {@code machine:mach_…})
 * @param state {@code active}, {@code expired}, {@code released} or {@code revoked}
 */
public record Lease(String leaseId, String vaultId, String secretId, String path, int version, String holder,
        Instant issuedAt, Instant expiresAt, Instant maxExpiresAt, String state, @Nullable Instant endedAt) {

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
}
