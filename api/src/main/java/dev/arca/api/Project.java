package dev.arca.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A project inside a vault; the first segment of its secrets' paths is its name.
 *
 * @param maxVersions versions kept per secret unless a secret sets its own: the project's setting, else the
 *     vault's default
 */
public record Project(String id, String vaultId, String name, Instant createdAt, int maxVersions) {
    /** {@code POST /v1/vaults/{vault}/projects}. */
    public record Create(String name) {}

    /**
     * {@code PATCH /v1/vaults/{vault}/projects/{name}}: a new name (every secret path follows; ids and values
     * stay) and/or a new version limit; only the given parts change.
     */
    public record Update(@Nullable String name, @Nullable Integer maxVersions) {}
}
