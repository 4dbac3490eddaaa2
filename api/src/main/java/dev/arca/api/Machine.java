package dev.arca.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A machine enrolled in a vault with its Ed25519 key: {@code GET /v1/vaults/{vault}/machines},
 * {@code POST /v1/vaults/{vault}/machines/{id}/approve|reject|revoke}. It proves itself by signing each request
 * (DESIGN §6); the public key is not part of this view.
 *
 * @param status {@code pending} (a persistent machine waiting for approval), {@code active}, {@code rejected},
 *     {@code revoked} or {@code expired} (an ephemeral machine past its lifetime)
 * @param expiresAt when an ephemeral machine stops working; null for a persistent one
 * @param approvedAt when it became active (at enrollment for ephemeral and auto-approved machines)
 */
public record Machine(String id, String name, String vaultId, String status, boolean ephemeral,
        @Nullable String hostname, Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant approvedAt) {

    /**
     * {@code POST /v1/enroll}: the enrollment token, the machine's public key (base64 of the raw 32-byte Ed25519
     * key) and, optionally, the name it asks for and the host it runs on.
     *
     * @param vault the vault's name or {@code vault_…} id
     */
    public record Enroll(String vault, SecretText token, String publicKey, @Nullable String name,
            @Nullable String hostname) {}

    /**
     * The answer to {@link Enroll}.
     *
     * @param status {@code active} or {@code pending} (a persistent machine awaiting {@code arca machine approve})
     * @param expiresAt when an ephemeral machine stops working; null for a persistent one
     */
    public record Enrolled(String machineId, String machineName, String vaultId, String status, boolean ephemeral,
            @Nullable Instant expiresAt) {}
}
