package dev.arca.api;

import java.time.Instant;
import java.util.List;

/**
 * A token's metadata: what {@code token lookup} shows. The token itself is never part of it; the
 * {@code accessor} names the token without being usable as one.
 */
public record Token(String accessor, String displayName, List<String> policies, Instant createdAt,
        Instant expiresAt) {
    public Token {
        policies = List.copyOf(policies);
    }

    /** {@code POST /v1/tokens}: a TTL such as {@code 1h} (none = no expiry), policies (default: the caller's). */
    public record Create(String ttl, List<String> policies, String displayName) {}

    /** The answer to {@link Create}: the token, shown once. */
    public record Created(String token, String accessor, List<String> policies, Instant expiresAt) {
        @Override
        public String toString() {
            return "Token.Created[token=<redacted>, accessor=" + accessor + ", policies=" + policies + "]";
        }
    }

    /** {@code POST /v1/tokens/lookup} and {@code POST /v1/tokens/revoke}: by token or by accessor. */
    public record Ref(String token, String accessor) {
        @Override
        public String toString() {
            return "Token.Ref[token=<redacted>, accessor=" + accessor + "]";
        }
    }
}
