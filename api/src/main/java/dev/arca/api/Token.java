package dev.arca.api;

import java.time.Duration;
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
            @Nullable String displayName, @Nullable String vault, @Nullable Boolean orphan) {
        /** A child token with the caller's policies and no expiry of its own; set what differs. */
        public static Builder builder() {
            return new Builder();
        }

        /** Builds a {@link Create}, with durations as {@link Duration}s; what is not set is the server's default. */
        public static final class Builder {
            private @Nullable Duration ttl;
            private @Nullable Duration maxTtl;
            private @Nullable List<String> policies;
            private @Nullable String displayName;
            private @Nullable String vault;
            private @Nullable Boolean orphan;

            private Builder() {}

            public Builder ttl(Duration ttl) {
                this.ttl = ttl;
                return this;
            }

            /** The renewal ceiling (default 32 × ttl). */
            public Builder maxTtl(Duration maxTtl) {
                this.maxTtl = maxTtl;
                return this;
            }

            /** The policies (a subset of the caller's, unless it is root). */
            public Builder policies(List<String> policies) {
                this.policies = List.copyOf(policies);
                return this;
            }

            public Builder displayName(String displayName) {
                this.displayName = displayName;
                return this;
            }

            /** The vault the token belongs to (a name or {@code vault_…} id). */
            public Builder vault(String vault) {
                this.vault = vault;
                return this;
            }

            /** A token with no parent (root or {@code admin} on {@code _tokens} only). */
            public Builder orphan(boolean orphan) {
                this.orphan = orphan;
                return this;
            }

            /** @throws IllegalArgumentException for a ceiling without a TTL, or shorter than it */
            public Create build() {
                if (maxTtl != null && ttl == null) {
                    throw new IllegalArgumentException("maxTtl needs a ttl; set ttl(…) too");
                }
                if (ttl != null && maxTtl != null && maxTtl.compareTo(ttl) < 0) {
                    throw new IllegalArgumentException("maxTtl (" + Durations.format(maxTtl) + ") is shorter than ttl ("
                            + Durations.format(ttl) + "); raise maxTtl or lower ttl");
                }
                return new Create(ttl == null ? null : Durations.format(ttl),
                        maxTtl == null ? null : Durations.format(maxTtl), policies, displayName, vault, orphan);
            }
        }
    }

    /** The answer to {@link Create}, a login or a token exchange: the token, shown once. */
    public record Created(SecretText token, @Nullable String accessor, List<String> policies,
            @Nullable Instant expiresAt) {}

    /** {@code POST /v1/tokens/lookup} and {@code POST /v1/tokens/revoke}: by token or by accessor. */
    public record Ref(@Nullable SecretText token, @Nullable String accessor) {}

    /** {@code POST /v1/tokens/renew-self}: extend the caller's token by {@code increment} (default: its TTL). */
    public record Renew(String increment) {}
}
