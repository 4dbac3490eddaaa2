package dev.arca.sdk;

import org.jspecify.annotations.Nullable;

/**
 * Which runs {@link RotationOperations#history(RotationRunQuery)} lists, newest first: immutable, each setter
 * returns a copy.
 *
 * <pre>{@code
 * var failed = RotationRunQuery.all().policy("db-weekly").status(Rotation.FAILED).limit(20);
 * }</pre>
 *
 * @param policy only runs of this policy (its name); null for any
 * @param secret only runs of this secret (its path, or its {@code sk_…} id); null for any
 * @param status only runs in this status ({@link dev.arca.api.Rotation#FINISHED}, …); null for any
 * @param limit the page size (1-1000); null lets the server choose
 * @param cursor the {@link dev.arca.api.Page#cursor()} of the previous page; null for the first page
 */
public record RotationRunQuery(@Nullable String policy, @Nullable String secret, @Nullable String status,
        @Nullable Integer limit, @Nullable String cursor) {
    private static final RotationRunQuery ALL = new RotationRunQuery(null, null, null, null, null);

    public RotationRunQuery {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
    }

    /** Every run the caller may list, first page, the server's page size. */
    public static RotationRunQuery all() {
        return ALL;
    }

    /** This query with {@link #policy()}. */
    public RotationRunQuery policy(@Nullable String policy) {
        return new RotationRunQuery(policy, secret, status, limit, cursor);
    }

    /** This query with {@link #secret()}. */
    public RotationRunQuery secret(@Nullable String secret) {
        return new RotationRunQuery(policy, secret, status, limit, cursor);
    }

    /** This query with {@link #status()}. */
    public RotationRunQuery status(@Nullable String status) {
        return new RotationRunQuery(policy, secret, status, limit, cursor);
    }

    /** This query with {@link #limit()}. */
    public RotationRunQuery limit(@Nullable Integer limit) {
        return new RotationRunQuery(policy, secret, status, limit, cursor);
    }

    /** This query with {@link #cursor()}: the next page after the one that returned it. */
    public RotationRunQuery cursor(@Nullable String cursor) {
        return new RotationRunQuery(policy, secret, status, limit, cursor);
    }

    RequestTarget addTo(RequestTarget target) {
        return target.query("policy", policy).query("secret", secret).query("status", status).query("limit", limit)
                .query("cursor", cursor);
    }
}
