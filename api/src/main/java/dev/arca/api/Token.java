package dev.arca.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A token's metadata: what {@code token lookup} shows. The token itself is never part of it; the
 * {@code accessor} names the token without being usable as one.
 *
 * @param vaultId the vault the token acts in; null for a global token (root)
 * @param owner the identity it was issued to ({@code user:alice}, {@code machine:mach_…}); null for a plain token
 * @param maxExpiresAt how far renewals can push {@code expiresAt}; null when it does not expire
 */
public record Token(@Nullable String accessor, String displayName, List<String> policies, @Nullable String vaultId,
        @Nullable String owner, Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant maxExpiresAt) {
    public Token {
        policies = List.copyOf(policies);
    }

    /**
     * {@code POST /v1/tokens}: a TTL such as {@code 1h} (none = no expiry), a renewal ceiling ({@code max_ttl},
     * default 32 × ttl), policies (default: the caller's) and, for a vault-scoped token, the vault. A token is the
     * child of its creator's credential: its expiry and ceiling are capped at the creator's and it ends with it.
     *
     * @param orphan true for a token with no parent (not capped by the creator, not revoked with it); only root
     *     and principals with {@code admin} on {@code _tokens} may ask for one
     */
    public record Create(@Nullable String ttl, @Nullable String maxTtl, @Nullable List<String> policies,
            @Nullable String displayName, @Nullable String vault, @Nullable Boolean orphan) {}

    /** The answer to {@link Create}, a login or a token exchange: the token, shown once. */
    public record Created(SecretText token, @Nullable String accessor, List<String> policies,
            @Nullable Instant expiresAt) {}

    /** {@code POST /v1/tokens/lookup} and {@code POST /v1/tokens/revoke}: by token or by accessor. */
    public record Ref(@Nullable SecretText token, @Nullable String accessor) {}

    /** {@code POST /v1/tokens/renew-self}: extend the caller's token by {@code increment} (default: its TTL). */
    public record Renew(String increment) {}
}
