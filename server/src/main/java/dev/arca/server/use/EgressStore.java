package dev.arca.server.use;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.storage.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The {@code secret_egress} table: one row of rules per secret; no row allows nothing. */
final class EgressStore {
    private static final ObjectMapper JSON = Json.strict();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    /** A stored row; the lists are as written by {@link #put}, already checked. */
    record Row(List<String> allow, List<String> methods, Instant updatedAt, String updatedBy) {}

    private final Database db;

    EgressStore(Database db) {
        this.db = db;
    }

    Optional<Row> get(String secretId) {
        return db.read(h -> h.createQuery("SELECT allow_patterns, methods, updated_at, updated_by FROM secret_egress "
                + "WHERE secret_id = :id")
                .bind("id", secretId)
                .map((rs, ctx) -> new Row(strings(rs.getString("allow_patterns")), strings(rs.getString("methods")),
                        Instant.ofEpochMilli(rs.getLong("updated_at")), rs.getString("updated_by")))
                .findOne());
    }

    void put(String secretId, String vaultId, List<String> allow, List<String> methods, Instant now, String by) {
        db.write(h -> h.createUpdate("INSERT INTO secret_egress (secret_id, vault_id, allow_patterns, methods, "
                + "updated_at, updated_by) VALUES (:id, :vault, :allow, :methods, :now, :by) "
                + "ON CONFLICT (secret_id) DO UPDATE SET allow_patterns = excluded.allow_patterns, "
                + "methods = excluded.methods, updated_at = excluded.updated_at, updated_by = excluded.updated_by")
                .bind("id", secretId).bind("vault", vaultId).bind("allow", json(allow)).bind("methods", json(methods))
                .bind("now", now.toEpochMilli()).bind("by", by)
                .execute());
    }

    /** Lists of strings, or a map of them (for the audit trail), as JSON. */
    static String json(Object values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings did not serialise", e);
        }
    }

    private static List<String> strings(String json) {
        try {
            return JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("secret_egress holds a list that is not JSON", e);
        }
    }
}
