package dev.arca.server.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.invalidation.InvalidatedCache;
import dev.arca.server.invalidation.Invalidation;
import dev.arca.server.invalidation.Invalidations;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.EpochMillis;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The {@code secrets} and {@code secret_versions} tables. Values are stored only as ciphertext. */
final class SecretStore {
    /** A secret's row; {@code fieldNames} is null for a single value. */
    record Row(String id, String vaultId, String projectId, String path, String type, int currentVersion,
            Instant createdAt, Instant updatedAt, @Nullable Instant deletedAt, @Nullable Instant destroyedAt,
            @Nullable Integer previousVersion, @Nullable Instant previousUntil, @Nullable List<String> fieldNames,
            String createdBy, String updatedBy) {}

    /** A stored version; {@code state} as stored: active, deleted, destroyed or retired. */
    record Version(int version, byte @Nullable [] ciphertext, String state, Instant createdAt, String createdBy,
            @Nullable String rotationReason) {}

    /** A live secret's row with its current version's, as {@link #current} reads them together. */
    record Current(Row secret, Version version) {}

    static final String ACTIVE = "active";
    static final String DELETED = "deleted";
    static final String DESTROYED = "destroyed";
    static final String RETIRED = "retired";

    private static final String COLUMNS = "id, vault_id, project_id, path, type, current_version, created_at, "
            + "updated_at, deleted_at, destroyed_at, previous_version, previous_until, field_names, created_by, "
            + "updated_by";
    private static final String VERSION_COLUMNS =
            "version, ciphertext, state, created_at, created_by, rotation_reason";
    private static final ObjectMapper JSON = Json.strict();

    /** Secrets held in memory at most (row and current version's ciphertext, about 1 KiB each). */
    static final int CACHED_SECRETS = 100_000;

    /** A secret's row with its current version (null when that row is gone), as a read by id needs them. */
    private record Cached(Row row, @Nullable Version current) {}

    private record PathKey(String vaultId, String path) {}

    private final Database db;
    private final Invalidations invalidations;
    /**
     * Secrets by id with their current version, ciphertext included (never a plaintext: a read decrypts, so a seal
     * leaves nothing here that it could open). Every write of this store, of the metadata and of a project's paths
     * publishes the change ({@link Invalidation.SecretChanged}, {@link Invalidation.VaultChanged}), which clears it.
     */
    private final InvalidatedCache<String, Cached> byId;
    /**
     * Ids by vault and path; an entry is only a hint, served once the row it names still has that vault and path,
     * so a rename or a new secret at a path needs no invalidation of its own.
     */
    private final InvalidatedCache<PathKey, String> idsByPath;

    SecretStore(Database db, Invalidations invalidations) {
        this.db = db;
        this.invalidations = invalidations;
        this.byId = new InvalidatedCache<>(db, CACHED_SECRETS, Invalidations.UNHEARD_CHANGE_BOUND);
        this.idsByPath = new InvalidatedCache<>(db, CACHED_SECRETS, Invalidations.UNHEARD_CHANGE_BOUND);
        invalidations.subscribe(this::forget);
    }

    private void forget(Invalidation change) {
        switch (change) {
            case Invalidation.SecretChanged(String id) -> byId.invalidate(id);
            case Invalidation.VaultChanged(String vaultId) -> {
                byId.invalidateIf(cached -> cached.row().vaultId().equals(vaultId));
                idsByPath.clear();
            }
            case Invalidation.Everything() -> {
                byId.clear();
                idsByPath.clear();
            }
            default -> {
                // not about secrets
            }
        }
    }

    /** Every cache forgets what it holds of secret {@code id}, now and once the writer's transaction ends. */
    void changed(String id) {
        invalidations.publish(new Invalidation.SecretChanged(id));
    }

    Optional<Row> byPath(String vaultId, String path) {
        if (db.isTransactionOpen()) {
            return queryByPath(vaultId, path);
        }
        var key = new PathKey(vaultId, path);
        String id = idsByPath.get(key, k -> null);
        if (id != null) {
            Optional<Row> row = byId(id).filter(r -> r.vaultId().equals(vaultId) && r.path().equals(path));
            if (row.isPresent()) {
                return row;
            }
        }
        // one query for the row and its current version, kept by id; the path is only a hint to that id
        Cached found = byId.fill(() -> queryCached("s.vault_id = :v AND s.path = :p", Map.of("v", vaultId, "p", path)),
                cached -> cached.row().id());
        if (found == null) {
            return Optional.empty();
        }
        idsByPath.get(key, k -> found.row().id());
        return Optional.of(found.row());
    }

    private Optional<Row> queryByPath(String vaultId, String path) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM secrets WHERE vault_id = :v AND path = :p")
                .bind("v", vaultId).bind("p", path).map((rs, ctx) -> row(rs)).findOne());
    }

    Optional<Row> byId(String id) {
        return cached(id).map(Cached::row);
    }

    /** The secret with its current version, from the cache or in one query. */
    private Optional<Cached> cached(String id) {
        return Optional.ofNullable(byId.get(id, key -> queryCached("s.id = :id", Map.of("id", key))));
    }

    /** The secret meeting {@code condition} (on {@code s}, the secrets table) with its current version. */
    private @Nullable Cached queryCached(String condition, Map<String, Object> binds) {
        return db.read(h -> h.createQuery("SELECT s." + COLUMNS.replace(", ", ", s.") + ", v.version AS v_version, "
                + "v.ciphertext AS v_ciphertext, v.state AS v_state, v.created_at AS v_created_at, "
                + "v.created_by AS v_created_by, v.rotation_reason AS v_rotation_reason FROM secrets s "
                + "LEFT JOIN secret_versions v ON v.secret_id = s.id AND v.version = s.current_version WHERE "
                + condition)
                .bindMap(binds)
                .map((rs, ctx) -> new Cached(row(rs), rs.getObject("v_version") == null ? null : version(rs, "v_")))
                .findOne().orElse(null));
    }

    /** A new secret at version 1. */
    void insert(String id, String vaultId, String projectId, String path, String type,
            @Nullable List<String> fieldNames,
            Instant now, String by) {
        db.write(h -> h.createUpdate("INSERT INTO secrets (id, vault_id, project_id, path, type, current_version, "
                + "created_at, updated_at, field_names, created_by, updated_by) VALUES (:id, :vault, :project, :path, "
                + ":type, 1, :now, :now, :fields, :by, :by)")
                .bind("id", id).bind("vault", vaultId).bind("project", projectId).bind("path", path)
                .bind("type", type).bind("fields", names(fieldNames)).bind("now", now.toEpochMilli()).bind("by", by)
                .execute());
        changed(id);
    }

    /**
     * Moves the secret to its next version and returns that number, reviving it if it was deleted or destroyed.
     * One atomic UPDATE … RETURNING, so concurrent writers of one secret queue on its row and never share a number.
     */
    int advance(String id, String type, @Nullable List<String> fieldNames, Instant now, String by) {
        return advance(id, type, fieldNames, now, by, "").orElseThrow();
    }

    /** As {@link #advance}, but only while the secret is live; empty when it is deleted or destroyed. */
    Optional<Integer> advanceLive(String id, String type, @Nullable List<String> fieldNames, Instant now,
            String by) {
        return advance(id, type, fieldNames, now, by, " AND deleted_at IS NULL");
    }

    /**
     * Moves a live secret of {@code type} from version {@code expected} to the next, and returns that number; empty
     * when its current version is no longer {@code expected} (another writer got there first), or it was deleted or
     * retyped. A compare-and-set for writers whose new value is computed from the current one: a concurrent writer
     * of the same row waits for the row lock, then finds the condition false rather than overwriting.
     */
    Optional<Integer> advanceFrom(String id, int expected, String type, Instant now, String by) {
        Optional<Integer> advanced = db.write(h -> h.createQuery("UPDATE secrets SET "
                + "current_version = current_version + 1, updated_at = :now, updated_by = :by WHERE id = :id "
                + "AND current_version = :expected AND type = :type AND deleted_at IS NULL RETURNING current_version")
                .bind("id", id).bind("expected", expected).bind("type", type).bind("now", now.toEpochMilli())
                .bind("by", by)
                .mapTo(Integer.class).findOne());
        changed(id);
        return advanced;
    }

    private Optional<Integer> advance(String id, String type, @Nullable List<String> fieldNames, Instant now,
            String by, String condition) {
        Optional<Integer> advanced = db.write(h -> h.createQuery("UPDATE secrets SET type = :type, "
                + "current_version = current_version + 1, field_names = :fields, updated_at = :now, updated_by = :by, "
                + "deleted_at = NULL, destroyed_at = NULL WHERE id = :id" + condition + " RETURNING current_version")
                .bind("id", id).bind("type", type).bind("fields", names(fieldNames)).bind("now", now.toEpochMilli())
                .bind("by", by)
                .mapTo(Integer.class).findOne());
        changed(id);
        return advanced;
    }

    void insertVersion(String secretId, int version, byte[] ciphertext, Instant now, String createdBy,
            @Nullable String rotationReason) {
        db.write(h -> h.createUpdate("INSERT INTO secret_versions (secret_id, version, ciphertext, state, created_at, "
                + "created_by, rotation_reason) VALUES (:id, :version, :ciphertext, 'active', :now, :by, :reason)")
                .bind("id", secretId).bind("version", version).bind("ciphertext", ciphertext)
                .bind("now", now.toEpochMilli()).bind("by", createdBy).bind("reason", rotationReason)
                .execute());
        changed(secretId);
    }

    /**
     * The live secrets among {@code ids}, each with its current version (ciphertext included), in one query; a
     * secret deleted meanwhile, or whose current version row is gone, is not among them. {@code ids} are bound one
     * parameter each, so callers pass a page at a time: far below SQLite's 32,766 and PostgreSQL's 65,535.
     */
    List<Current> current(Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.read(h -> h.createQuery("SELECT s." + COLUMNS.replace(", ", ", s.") + ", v.version AS v_version, "
                + "v.ciphertext AS v_ciphertext, v.state AS v_state, v.created_at AS v_created_at, "
                + "v.created_by AS v_created_by, v.rotation_reason AS v_rotation_reason FROM secrets s "
                + "JOIN secret_versions v ON v.secret_id = s.id AND v.version = s.current_version "
                + "WHERE s.id IN (<ids>) AND s.deleted_at IS NULL")
                .bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> new Current(row(rs), version(rs, "v_"))).list());
    }

    Optional<Version> version(String secretId, int version) {
        if (!db.isTransactionOpen()) {
            Cached cached = cached(secretId).orElse(null);
            if (cached != null && cached.current() != null && cached.current().version() == version) {
                return Optional.of(cached.current());
            }
        }
        return db.read(h -> h.createQuery("SELECT " + VERSION_COLUMNS + " FROM secret_versions "
                + "WHERE secret_id = :id AND version = :version")
                .bind("id", secretId).bind("version", version)
                .map((rs, ctx) -> version(rs, "")).findOne());
    }

    /** Every kept version, oldest first, without ciphertexts. */
    List<Version> versions(String secretId) {
        return db.read(h -> h.createQuery("SELECT version, NULL AS ciphertext, state, created_at, created_by, "
                + "rotation_reason FROM secret_versions WHERE secret_id = :id ORDER BY version")
                .bind("id", secretId).map((rs, ctx) -> version(rs, "")).list());
    }

    /** Sets a version's state (never to destroyed: see {@link #destroy}). */
    void setState(String secretId, int version, String state) {
        db.write(h -> h.createUpdate("UPDATE secret_versions SET state = :state WHERE secret_id = :id "
                + "AND version = :version")
                .bind("id", secretId).bind("version", version).bind("state", state).execute());
        changed(secretId);
    }

    /** The ciphertext is gone for good. */
    void destroy(String secretId, int version) {
        db.write(h -> h.createUpdate("UPDATE secret_versions SET ciphertext = NULL, state = 'destroyed' "
                + "WHERE secret_id = :id AND version = :version")
                .bind("id", secretId).bind("version", version).execute());
        changed(secretId);
    }

    /** Every version's ciphertext is gone, and the secret is marked destroyed (and deleted). */
    void destroyAll(String secretId, Instant now, String by) {
        db.write(h -> {
            h.createUpdate("UPDATE secret_versions SET ciphertext = NULL, state = 'destroyed' WHERE secret_id = :id")
                    .bind("id", secretId).execute();
            return h.createUpdate("UPDATE secrets SET destroyed_at = :now, deleted_at = COALESCE(deleted_at, :now), "
                    + "previous_version = NULL, previous_until = NULL, updated_at = :now, updated_by = :by "
                    + "WHERE id = :id")
                    .bind("id", secretId).bind("now", now.toEpochMilli()).bind("by", by).execute();
        });
        changed(secretId);
    }

    void softDelete(String id, Instant now, String by) {
        db.write(h -> h.createUpdate("UPDATE secrets SET deleted_at = :now, updated_at = :now, updated_by = :by "
                + "WHERE id = :id")
                .bind("id", id).bind("now", now.toEpochMilli()).bind("by", by).execute());
        changed(id);
    }

    /** The live secrets of a project, in path order. */
    List<Row> liveIn(String projectId) {
        return db.read(h -> h.createQuery("SELECT " + COLUMNS + " FROM secrets WHERE project_id = :p "
                + "AND deleted_at IS NULL ORDER BY path")
                .bind("p", projectId).map((rs, ctx) -> row(rs)).list());
    }

    void softDeleteAllIn(String projectId, Instant now, String by) {
        db.write(h -> h.createQuery("UPDATE secrets SET deleted_at = :now, updated_at = :now, updated_by = :by "
                + "WHERE project_id = :p AND deleted_at IS NULL RETURNING id")
                .bind("p", projectId).bind("now", now.toEpochMilli()).bind("by", by).mapTo(String.class).list())
                .forEach(this::changed);
    }

    void undelete(String id, Instant now, String by) {
        db.write(h -> h.createUpdate("UPDATE secrets SET deleted_at = NULL, updated_at = :now, updated_by = :by "
                + "WHERE id = :id")
                .bind("id", id).bind("now", now.toEpochMilli()).bind("by", by).execute());
        changed(id);
    }

    /** The version a rotation replaced, served as previous until {@code until}. */
    void setPrevious(String id, int version, Instant until) {
        db.write(h -> h.createUpdate("UPDATE secrets SET previous_version = :version, previous_until = :until "
                + "WHERE id = :id")
                .bind("id", id).bind("version", version).bind("until", until.toEpochMilli()).execute());
        changed(id);
    }

    /**
     * Versions per secret in force: the secret's own limit, else its project's, else its vault's default.
     */
    int maxVersions(String id) {
        return db.read(h -> h.createQuery("SELECT COALESCE(s.max_versions, p.max_versions, v.default_max_versions) "
                + "FROM secrets s JOIN projects p ON p.id = s.project_id JOIN vaults v ON v.id = s.vault_id "
                + "WHERE s.id = :id")
                .bind("id", id).mapTo(Integer.class).one());
    }

    /**
     * Deletes the versions older than the newest {@code keep} (rows and ciphertexts), sparing
     * {@code spared} (the previous version of a rotation still in its grace) when not null.
     */
    void prune(String id, int currentVersion, int keep, @Nullable Integer spared) {
        db.write(h -> h.createUpdate("DELETE FROM secret_versions WHERE secret_id = :id AND version <= :oldest "
                + "AND version <> :spared")
                .bind("id", id).bind("oldest", currentVersion - keep).bind("spared", spared == null ? 0 : spared)
                .execute());
        changed(id);
    }

    /** Runs {@code action} once the current transaction commits (at once if there is none). */
    void afterCommit(Runnable action) {
        db.afterCommit(action);
    }

    private static Row row(ResultSet rs) throws SQLException {
        Object previous = rs.getObject("previous_version");
        return new Row(rs.getString("id"), rs.getString("vault_id"), rs.getString("project_id"), rs.getString("path"),
                rs.getString("type"), rs.getInt("current_version"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("updated_at")), EpochMillis.instant(rs, "deleted_at"),
                EpochMillis.instant(rs, "destroyed_at"),
                previous == null ? null : ((Number) previous).intValue(), EpochMillis.instant(rs, "previous_until"),
                names(rs.getString("field_names")), rs.getString("created_by"), rs.getString("updated_by"));
    }

    /** A version from columns named {@code prefix} + the column's own name. */
    private static Version version(ResultSet rs, String prefix) throws SQLException {
        return new Version(rs.getInt(prefix + "version"), rs.getBytes(prefix + "ciphertext"),
                rs.getString(prefix + "state"), Instant.ofEpochMilli(rs.getLong(prefix + "created_at")),
                rs.getString(prefix + "created_by"), rs.getString(prefix + "rotation_reason"));
    }


    private static @Nullable String names(@Nullable List<String> fieldNames) {
        try {
            return fieldNames == null ? null : JSON.writeValueAsString(fieldNames);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    private static @Nullable List<String> names(@Nullable String json) {
        try {
            return json == null ? null : JSON.readValue(json, new TypeReference<List<String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("secrets.field_names holds a JSON array of strings", e);
        }
    }
}
