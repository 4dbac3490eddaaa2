package dev.arca.api;

import java.time.Instant;

/** A project inside a vault; the first segment of its secrets' paths is its name. */
public record Project(String id, String vaultId, String name, Instant createdAt) {
    /** {@code POST /v1/vaults/{vault}/projects}. */
    public record Create(String name) {}
}
