package dev.arca.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An AI agent (or other automated actor) of a vault that proves itself with an Ed25519 key by answering a
 * challenge, and then acts with a short session token: {@code GET /v1/vaults/{vault}/agents}.
 *
 * @param revokedAt when it was revoked; null while it is live
 * @param disabledAt when an administrator disabled it (no session, its sessions refused); null while enabled
 */
public record Agent(String id, String name, String vaultId, Instant createdAt, @Nullable Instant revokedAt,
        @Nullable Instant disabledAt) {

    /** {@code POST /v1/vaults/{vault}/agents}: {@code public_key} is base64 of the raw 32-byte Ed25519 key. */
    public record Create(String name, String publicKey) {}

    /** {@code POST /v1/auth/agent/challenge}: the vault (name or id) and the agent's name. */
    public record ChallengeRequest(String vault, String agent) {}

    /** The challenge to sign: base64 of 32 random bytes, valid once until {@code expiresAt}. */
    public record Challenge(String challengeId, String challenge, Instant expiresAt) {}

    /** {@code POST /v1/auth/agent/session}: base64 Ed25519 signature over the raw challenge bytes. */
    public record SessionRequest(String challengeId, String signature) {}

    /** The agent's session token; after {@code expiresAt} it answers 401 {@code session_expired}. */
    public record Session(SecretText token, @Nullable Instant expiresAt) {}
}
