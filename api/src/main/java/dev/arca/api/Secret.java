package dev.arca.api;

import java.time.Instant;
import java.util.List;
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

    /**
     * A list item ({@code GET /v1/vaults/{vault}/secrets}): metadata only, never the value.
     *
     * @param name the path after the project ({@code db/main} for {@code app/db/main})
     * @param fieldNames the field names of a structured value (names are not secret); null for a single value
     * @param tags the secret's tags, sorted
     */
    public record Item(String id, String name, String path, String projectId, String type, int version,
            List<String> fieldNames, List<String> tags, Instant updatedAt) {
        public Item {
            fieldNames = fieldNames == null ? null : List.copyOf(fieldNames);
            tags = tags == null ? List.of() : List.copyOf(tags);
        }

        /** An item without structure or tags, its name taken from its path. */
        public Item(String id, String path, String projectId, String type, int version, Instant updatedAt) {
            this(id, path.substring(path.indexOf('/') + 1), path, projectId, type, version, null, List.of(),
                    updatedAt);
        }
    }

    /** The answer to a write: where the new version lives. */
    public record Written(String id, String path, int version) {}
}
