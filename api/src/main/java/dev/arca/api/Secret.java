package dev.arca.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A secret with its value: {@code GET /v1/secrets/{id}} and {@code GET /v1/vaults/{vault}/secrets/{path}}.
 * For a structured secret {@code value} is its JSON text and {@code fields} the object. When one field was asked
 * for ({@code ?field=NAME}), {@code field} names it, {@code value} is that field's value and {@code fields} is absent.
 */
public record Secret(String id, String path, int version, String type, SecretText value,
        @Nullable Map<String, SecretText> fields, @Nullable Instant createdAt, @Nullable String field) {
    /** A whole secret (no single field asked for). */
    public Secret(String id, String path, int version, String type, SecretText value,
            @Nullable Map<String, SecretText> fields, @Nullable Instant createdAt) {
        this(id, path, version, type, value, fields, createdAt, null);
    }

    /**
     * {@code PUT /v1/vaults/{vault}/secrets/{path}}: exactly one of {@code value} and {@code fields}; the metadata
     * ({@code description}, {@code tags}, {@code custom}, {@code max_versions}) is changed only where given.
     *
     * @param type {@code string} (default for a value), {@code password}, {@code api_key}, {@code certificate},
     *     {@code ssh_key} (single values), {@code json} (default for fields) or {@code connection} (fields)
     */
    public record Put(String type, @Nullable SecretText value, @Nullable Map<String, SecretText> fields,
            @Nullable String description,
            @Nullable List<String> tags, @Nullable Map<String, String> custom, @Nullable Integer maxVersions) {
        /** A value or fields without metadata. */
        public Put(String type, @Nullable SecretText value, @Nullable Map<String, SecretText> fields) {
            this(type, value, fields, null, null, null, null);
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
            @Nullable List<String> fieldNames, List<String> tags, Instant updatedAt) {
        public Item {
            fieldNames = fieldNames == null ? null : List.copyOf(fieldNames);
            tags = tags == null ? List.of() : List.copyOf(tags);
        }
    }

    /** The answer to a write or a rotation: where the new version lives (never its value). */
    public record Written(String id, String path, int version) {}

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path}/rotate}: exactly one of {@code value}, {@code fields} and
     * {@code generate}. The replaced version stays readable as {@code previous} for {@code grace} (e.g. {@code 1h};
     * default none).
     *
     * @param reason why, kept on the new version (at most 64 characters)
     */
    public record Rotate(@Nullable SecretText value, @Nullable Map<String, SecretText> fields,
            @Nullable Generate generate, String reason, String grace) {}

    /**
     * How to generate a random value: {@code length} characters (8..1024, default 32) with at least one of each
     * chosen class (all four by default), none of the characters in {@code exclude}.
     */
    public record Generate(@Nullable Integer length, @Nullable Boolean lower, @Nullable Boolean upper,
            @Nullable Boolean digits, @Nullable Boolean symbols, @Nullable String exclude) {}

    /**
     * Versions to act on: {@code POST …/undelete} (none = the secret itself) and {@code POST …/destroy}.
     */
    public record Versions(@Nullable List<Integer> versions) {}
}
