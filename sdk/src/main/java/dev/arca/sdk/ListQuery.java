package dev.arca.sdk;

import org.jspecify.annotations.Nullable;

/**
 * Which secrets {@link SecretOperations#list(ListQuery)} lists: immutable, each setter returns a copy.
 *
 * <pre>{@code
 * var query = ListQuery.all().prefix("app/").recursive(false).tag("db").limit(50);
 * }</pre>
 *
 * @param prefix only paths starting with this ({@code app/}); null for any
 * @param recursive false lists one level under the prefix; null lets the server choose (recursive)
 * @param project only secrets of this project (its name); null for any
 * @param tag only secrets carrying this tag; null for any
 * @param search only secrets whose name contains this text (the {@code q} parameter); null for any
 * @param limit the page size; null lets the server choose
 * @param cursor the {@link dev.arca.api.Page#cursor()} of the previous page; null for the first page
 */
public record ListQuery(@Nullable String prefix, @Nullable Boolean recursive, @Nullable String project,
        @Nullable String tag, @Nullable String search, @Nullable Integer limit, @Nullable String cursor) {
    private static final ListQuery ALL = new ListQuery(null, null, null, null, null, null, null);

    public ListQuery {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, not " + limit);
        }
    }

    /** Every secret the caller may list, first page, the server's page size. */
    public static ListQuery all() {
        return ALL;
    }

    /** This query with {@link #prefix()}. */
    public ListQuery prefix(@Nullable String prefix) {
        return new ListQuery(prefix, recursive, project, tag, search, limit, cursor);
    }

    /** This query with {@link #recursive()}. */
    public ListQuery recursive(@Nullable Boolean recursive) {
        return new ListQuery(prefix, recursive, project, tag, search, limit, cursor);
    }

    /** This query with {@link #project()}. */
    public ListQuery project(@Nullable String project) {
        return new ListQuery(prefix, recursive, project, tag, search, limit, cursor);
    }

    /** This query with {@link #tag()}. */
    public ListQuery tag(@Nullable String tag) {
        return new ListQuery(prefix, recursive, project, tag, search, limit, cursor);
    }

    /** This query with {@link #search()}. */
    public ListQuery search(@Nullable String search) {
        return new ListQuery(prefix, recursive, project, tag, search, limit, cursor);
    }

    /** This query with {@link #limit()}. */
    public ListQuery limit(@Nullable Integer limit) {
        return new ListQuery(prefix, recursive, project, tag, search, limit, cursor);
    }

    /** This query with {@link #cursor()}: the next page after the one that returned it. */
    public ListQuery cursor(@Nullable String cursor) {
        return new ListQuery(prefix, recursive, project, tag, search, limit, cursor);
    }

    RequestTarget addTo(RequestTarget target) {
        return target.query("prefix", prefix).query("recursive", recursive).query("project", project)
                .query("tag", tag).query("q", search).query("limit", limit).query("cursor", cursor);
    }
}
