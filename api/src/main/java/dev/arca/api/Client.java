package dev.arca.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth client of a vault (a service that authenticates with a client id and a client secret, or with ES256
 * JWTs signed by its registered key): {@code GET /v1/vaults/{vault}/clients}. Never carries the secret.
 *
 * @param hasPublicKey whether an ES256 public key is registered (needed for {@code private_key_jwt} and
 *     per-request JWTs)
 * @param revokedAt when it was revoked; null while it is live
 * @param disabledAt when an administrator disabled it (no tokens, its JWTs refused); null while enabled
 */
public record Client(String clientId, String name, String vaultId, boolean hasPublicKey, Instant createdAt,
        @Nullable Instant revokedAt, @Nullable Instant disabledAt) {

    /**
     * {@code POST /v1/vaults/{vault}/clients}.
     *
     * @param publicKeyPem optional {@code -----BEGIN PUBLIC KEY-----} PEM of an EC P-256 key
     */
    public record Create(String name, @Nullable String publicKeyPem) {}

    /** The answer to {@link Create}: the client secret is shown this once and never again. */
    public record Created(String clientId, SecretText clientSecret, String name, String vaultId) {}

    /** {@code POST /v1/auth/token} success (RFC 6749 §5.1): {@code token_type} is always {@code Bearer}. */
    public record AccessToken(SecretText accessToken, String tokenType, long expiresIn) {}

    /**
     * {@code POST /v1/auth/token} failure (RFC 6749 §5.2): {@code error} is {@code invalid_request},
     * {@code invalid_client}, {@code unauthorized_client} or {@code unsupported_grant_type}.
     */
    public record TokenError(String error, @Nullable String errorDescription) {}
}
