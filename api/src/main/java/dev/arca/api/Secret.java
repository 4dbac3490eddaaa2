package dev.arca.api;

import java.time.Instant;
import java.util.Map;

/**
 * A secret with its value: {@code GET /v1/secrets/{id}} and {@code GET /v1/vaults/{vault}/secrets/{path}}.
 * For a structured secret {@code value} is its JSON text and {@code fields} the object.
 */
public record Secret(String id, String path, int version, String type, String value, Map<String, String> fields,
        Instant createdAt) {
    @Override
    public String toString() {
        return "Secret[id=" + id + ", path=" + path + ", version=" + version + ", type=" + type + ", value=<redacted>]";
    }

    /**
     * {@code PUT /v1/vaults/{vault}/secrets/{path}}: exactly one of {@code value} and {@code fields}.
     *
     * @param type {@code string} (default for a value) or {@code json} (default for fields)
     */
    public record Put(String type, String value, Map<String, String> fields) {
        @Override
        public String toString() {
            return "Secret.Put[type=" + type + ", value=<redacted>]";
        }
    }

    /** A list item: metadata only, never the value. */
    public record Item(String id, String path, String projectId, String type, int version, Instant updatedAt) {}

    /** The answer to a write: where the new version lives. */
    public record Written(String id, String path, int version) {}
}
