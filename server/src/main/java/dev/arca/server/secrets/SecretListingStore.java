package dev.arca.server.secrets;

import dev.arca.server.storage.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The listing queries over {@code secrets} and {@code secret_tags}. Every page is one range scan of the
 * {@code (vault_id, path)} unique index — {@code path > after} (or {@code >= from} on the first page)
 * {@code AND path < to ORDER BY path LIMIT n}, with the one lower bound computed here because SQLite seeks on only
 * one of two — so neither a prefix nor a page deep into a large vault scans the table; the other filters are
 * checked on the rows of that range.
 *
 * <p>A tag filter walks the path index and probes {@code secret_tags} per row, which stops after {@code n}
 * matches — unless the tag is rare (at most {@value #TAG_DRIVEN_MAX} secrets, counted with a capped index scan):
 * then the page is driven from the {@code secret_tags_by_tag} index and its few rows sorted, since walking the
 * path index for a rare tag would read most of the vault. ({@code CROSS JOIN} fixes that join order in SQLite,
 * which has no statistics to choose it; PostgreSQL plans it as the inner join it is.)
 */
final class SecretListingStore {
    /** One live secret as a listing shows it; {@code fieldNames} is the stored JSON array text, or null. */
    record Row(String id, String projectId, String path, String type, int version, @Nullable String fieldNames,
            Instant updatedAt) {}

    /**
     * One page's question.
     *
     * @param from the first path of the range (the prefix), inclusive
     * @param to the end of the range, exclusive
     * @param after the last path of the previous page ({@code ""} for the first page)
     * @param directOnly only paths with no {@code /} after {@code from}
     * @param tag only secrets with this tag; null for any
     * @param nameContains only secrets whose name (path after the project) contains this, lower case; null for any
     * @param limit rows to fetch
     */
    record Query(String vaultId, String from, String to, String after, boolean directOnly, @Nullable String tag,
            @Nullable String nameContains, int limit) {}

    static final int TAG_DRIVEN_MAX = 10_000;

    private final Database db;

    SecretListingStore(Database db) {
        this.db = db;
    }

    List<Row> page(Query query) {
        boolean rareTag = query.tag() != null && tagged(query.vaultId(), query.tag()) <= TAG_DRIVEN_MAX;
        return db.read(h -> {
            var select = h.createQuery(sql(query, rareTag)).bind("v", query.vaultId()).bind("to", query.to())
                    .bind("limit", query.limit());
            if (query.after().compareTo(query.from()) >= 0) {
                select.bind("after", query.after());
            } else {
                select.bind("from", query.from());
            }
            if (query.directOnly()) {
                select.bind("deeper", like(query.from()) + "%/%");
            }
            if (query.tag() != null) {
                select.bind("tag", query.tag());
            }
            if (query.nameContains() != null) {
                select.bind("q", "%/%" + like(query.nameContains()) + "%");
            }
            return select.map((rs, ctx) -> new Row(rs.getString("id"), rs.getString("project_id"),
                    rs.getString("path"), rs.getString("type"), rs.getInt("current_version"),
                    rs.getString("field_names"), Instant.ofEpochMilli(rs.getLong("updated_at")))).list();
        });
    }

    /**
     * The SQL of a page. {@code q} is {@code %/%<q>%} against the lower-cased path: a match that starts after
     * some {@code /} starts after the first one, so it lies in the name, not the project.
     */
    static String sql(Query query, boolean rareTag) {
        String columns = "SELECT s.id, s.project_id, s.path, s.type, s.current_version, s.field_names, s.updated_at";
        var sql = new StringBuilder(columns);
        if (query.tag() == null) {
            sql.append(" FROM secrets s WHERE");
        } else if (rareTag) {
            sql.append(" FROM secret_tags t CROSS JOIN secrets s WHERE t.vault_id = :v AND t.tag = :tag"
                    + " AND s.id = t.secret_id AND");
        } else {
            sql.append(" FROM secrets s JOIN secret_tags t ON t.secret_id = s.id AND t.vault_id = :v AND t.tag = :tag"
                    + " WHERE");
        }
        sql.append(" s.vault_id = :v AND s.deleted_at IS NULL AND s.path < :to");
        sql.append(query.after().compareTo(query.from()) >= 0 ? " AND s.path > :after" : " AND s.path >= :from");
        if (query.directOnly()) {
            sql.append(" AND s.path NOT LIKE :deeper ESCAPE '\\'");
        }
        if (query.nameContains() != null) {
            sql.append(" AND LOWER(s.path) LIKE :q ESCAPE '\\'");
        }
        return sql.append(" ORDER BY s.path LIMIT :limit").toString();
    }

    /** How many secrets of the vault carry {@code tag}, counted up to {@code TAG_DRIVEN_MAX + 1}. */
    private int tagged(String vaultId, String tag) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM (SELECT 1 FROM secret_tags WHERE vault_id = :v "
                + "AND tag = :tag LIMIT " + (TAG_DRIVEN_MAX + 1) + ") capped")
                .bind("v", vaultId).bind("tag", tag).mapTo(Integer.class).one());
    }

    /** The tags of these secrets, each list sorted. */
    Map<String, List<String>> tags(Collection<String> secretIds) {
        Map<String, List<String>> tags = new HashMap<>();
        if (secretIds.isEmpty()) {
            return tags;
        }
        db.read(h -> h.createQuery("SELECT secret_id, tag FROM secret_tags WHERE secret_id IN (<ids>) "
                + "ORDER BY secret_id, tag")
                .bindList("ids", new ArrayList<>(secretIds))
                .map((rs, ctx) -> Map.entry(rs.getString("secret_id"), rs.getString("tag"))).list())
                .forEach(e -> tags.computeIfAbsent(e.getKey(), id -> new ArrayList<>()).add(e.getValue()));
        return tags;
    }

    /** {@code text} as a literal inside a LIKE pattern with {@code \} as the escape character. */
    private static String like(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
