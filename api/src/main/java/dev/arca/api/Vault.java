package dev.arca.api;

import java.time.Instant;

/** A vault: the tenant boundary. {@code GET /v1/vaults}, {@code POST /v1/vaults}. */
public record Vault(String id, String name, Instant createdAt) {
    /** {@code POST /v1/vaults}. */
    public record Create(String name) {}
}
