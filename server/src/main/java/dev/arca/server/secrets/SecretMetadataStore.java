package dev.arca.server.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.storage.Database;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** What is said about a secret: description, custom pairs and own version limit on its row, tags in {@code secret_tags}. */
final class SecretMetadataStore {
    /** The descriptive parts; {@code maxVersions} is the secret's own limit (null = inherited). */
    record Described(@Nullable String description, @Nullable Map<String, String> custom,
            @Nullable Integer maxVersions, @Nullable List<String> tags) {}

    private static final ObjectMapper JSON = Json.strict();

    private final Database db;
    /** Told of the secret whose metadata a write changed, for the read caches. */
    private final Consumer<String> changed;

    SecretMetadataStore(Database db, Consumer<String> changed) {
        this.db = db;
        this.changed = changed;
    }

    Described described(String secretId) {
        return db.read(h -> {
            List<String> tags = h.createQuery("SELECT tag FROM secret_tags WHERE secret_id = :id ORDER BY tag")
                    .bind("id", secretId).mapTo(String.class).list();
            return h.createQuery("SELECT description, custom_metadata, max_versions FROM secrets WHERE id = :id")
                    .bind("id", secretId)
                    .map((rs, ctx) -> {
                        Object max = rs.getObject("max_versions");
                        return new Described(rs.getString("description"), custom(rs.getString("custom_metadata")),
                                max == null ? null : ((Number) max).intValue(), tags);
                    })
                    .one();
        });
    }

    /** Changes the given parts (null = unchanged) and records who changed the secret, when. */
    void update(String secretId, String vaultId, Described change, Instant now, String by) {
        db.write(h -> {
            if (change.description() != null) {
                h.createUpdate("UPDATE secrets SET description = :d WHERE id = :id")
                        .bind("id", secretId).bind("d", change.description()).execute();
            }
            if (change.custom() != null) {
                h.createUpdate("UPDATE secrets SET custom_metadata = :c WHERE id = :id")
                        .bind("id", secretId).bind("c", json(change.custom())).execute();
            }
            if (change.maxVersions() != null) {
                h.createUpdate("UPDATE secrets SET max_versions = :m WHERE id = :id")
                        .bind("id", secretId).bind("m", change.maxVersions()).execute();
            }
            if (change.tags() != null) {
                h.createUpdate("DELETE FROM secret_tags WHERE secret_id = :id").bind("id", secretId).execute();
                var insert = h.prepareBatch("INSERT INTO secret_tags (secret_id, vault_id, tag) VALUES (:id, :v, :t)");
                for (String tag : change.tags()) {
                    insert.bind("id", secretId).bind("v", vaultId).bind("t", tag).add();
                }
                if (!change.tags().isEmpty()) {
                    insert.execute();
                }
            }
            return h.createUpdate("UPDATE secrets SET updated_at = :now, updated_by = :by WHERE id = :id")
                    .bind("id", secretId).bind("now", now.toEpochMilli()).bind("by", by).execute();
        });
        changed.accept(secretId);
    }

    private static String json(Map<String, String> custom) {
        try {
            return JSON.writeValueAsString(custom);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    private static Map<String, String> custom(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("secrets.custom_metadata holds a JSON object of strings", e);
        }
    }
}
