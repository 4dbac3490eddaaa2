package dev.arca.api;

import java.time.Instant;
import java.util.List;

/**
 * A vault: the tenant boundary. {@code GET /v1/vaults}, {@code POST /v1/vaults}.
 *
 * @param allowedCidrs the addresses its principals may call from (and enroll from); empty = anywhere
 */
public record Vault(String id, String name, List<String> allowedCidrs, Instant createdAt) {
    public Vault {
        allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
    }

    /** {@code POST /v1/vaults}. */
    public record Create(String name) {}

    /** {@code POST /v1/vaults/{vault}/rename}: the new name, under the rules of {@link Create}. */
    public record Rename(String name) {}

    /** {@code PATCH /v1/vaults/{vault}}: replaces the allowlist ({@code []} allows any address again). */
    public record Update(List<String> allowedCidrs) {}
}
