package dev.arca.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where {@code use http_request} may send a secret: {@code GET|PUT /v1/vaults/{vault}/secrets/{path}/egress}.
 * Nothing is allowed until a rule says so.
 *
 * @param allow patterns {@code scheme://host[:port][/path-prefix][*]}
 * @param methods HTTP methods allowed to those destinations
 */
public record Egress(List<String> allow, List<String> methods, @Nullable Instant updatedAt,
        @Nullable String updatedBy) {

    /** {@code PUT …/egress}: replaces the rules. */
    public record Update(List<String> allow, List<String> methods) {}
}
