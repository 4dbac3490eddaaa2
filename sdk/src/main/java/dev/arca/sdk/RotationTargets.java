package dev.arca.sdk;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The request targets of the rotation engine ({@code docs/API-rotation.md}), under
 * {@code /v1/vaults/{vault}/rotation/}: one place for the route table that {@link RotationOperations} and
 * {@link AsyncRotationOperations} send to.
 */
final class RotationTargets {
    private final @Nullable String vault;

    RotationTargets(@Nullable String vault) {
        this.vault = vault;
    }

    /** {@code /v1/vaults/{vault}/rotation/{fixed…}}. */
    RequestTarget at(String... fixed) {
        var target = RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("rotation");
        for (String segment : fixed) {
            target.segment(segment);
        }
        return target;
    }

    /** {@code …/policies/{name}[/{then}]}. */
    RequestTarget policy(String name, String... then) {
        var target = at("policies").segment(named("policy", name));
        for (String segment : then) {
            target.segment(segment);
        }
        return target;
    }

    /** {@code …/runs?policy=&secret=&status=&limit=&cursor=}. */
    RequestTarget runs(RotationRunQuery query) {
        return query.addTo(at("runs"));
    }

    /** {@code …/runs/{id}}. */
    RequestTarget run(String id) {
        return at("runs").segment(named("run id", id));
    }

    /** {@code …/due?within=…&limit=…}; a window that is not whole positive seconds is refused before sending. */
    RequestTarget due(@Nullable Duration within, @Nullable Integer limit) {
        if (within != null && (within.isNegative() || within.isZero() || within.getNano() != 0)) {
            throw new IllegalArgumentException("within must be whole seconds, more than 0, not " + within);
        }
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
        return at("due").query("within", within == null ? null : dev.arca.api.Durations.format(within))
                .query("limit", limit);
    }

    /** A path parameter the caller gave: refused when absent or empty, which would call another route. */
    private static String named(String what, @Nullable String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must be given");
        }
        return value;
    }
}
