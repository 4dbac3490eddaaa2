package dev.arca.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A secret with its value: {@code GET /v1/secrets/{id}} and {@code GET /v1/vaults/{vault}/secrets/{path}}.
 * For a structured secret {@code value} is its JSON text and {@code fields} the object. When one field was asked
 * for ({@code ?field=NAME}), {@code field} names it, {@code value} is that field's value and {@code fields} is absent.
 *
 * @param type the wire name of its type; {@link #secretType()} is the typed view (see {@link SecretType} for why
 *     the wire keeps the string)
 * @param metadata with {@code ?metadata=true}, everything about the secret but its value (description, tags,
 *     custom pairs, versions), read in the same request; null otherwise
 */
public record Secret(String id, String path, int version, String type, SecretText value,
        @Nullable Map<String, SecretText> fields, @Nullable Instant createdAt, @Nullable String field,
        @Nullable SecretMetadata metadata) {
    /** A whole secret (no single field asked for). */
    public Secret(String id, String path, int version, String type, SecretText value,
            @Nullable Map<String, SecretText> fields, @Nullable Instant createdAt) {
        this(id, path, version, type, value, fields, createdAt, null, null);
    }

    /** A secret or one field of it, without metadata. */
    public Secret(String id, String path, int version, String type, SecretText value,
            @Nullable Map<String, SecretText> fields, @Nullable Instant createdAt, @Nullable String field) {
        this(id, path, version, type, value, fields, createdAt, field, null);
    }

    /** {@link #type()} typed; {@link SecretType#UNKNOWN} for a type this SDK does not know. */
    public SecretType secretType() {
        return SecretType.fromWire(type);
    }

    /** The same secret carrying {@code metadata} ({@code ?metadata=true}). */
    public Secret withMetadata(SecretMetadata metadata) {
        return new Secret(id, path, version, type, value, fields, createdAt, field, metadata);
    }

    /**
     * {@code PUT /v1/vaults/{vault}/secrets/{path}}: exactly one of {@code value} and {@code fields}; the metadata
     * ({@code description}, {@code tags}, {@code custom}, {@code max_versions}) is changed only where given.
     * {@link #value(String)} and {@link #fields(Map)} start a {@link PutBuilder}, which refuses impossible
     * combinations before anything is sent.
     *
     * @param type {@code string} (default for a value), {@code password}, {@code api_key}, {@code certificate},
     *     {@code ssh_key} (single values), {@code json} (default for fields) or {@code connection} (fields); null =
     *     the default
     */
    public record Put(@Nullable String type, @Nullable SecretText value, @Nullable Map<String, SecretText> fields,
            @Nullable String description,
            @Nullable List<String> tags, @Nullable Map<String, String> custom, @Nullable Integer maxVersions) {
        /** A value or fields without metadata. */
        public Put(@Nullable String type, @Nullable SecretText value, @Nullable Map<String, SecretText> fields) {
            this(type, value, fields, null, null, null, null);
        }

        /** A write of a single value ({@code string} unless {@link PutBuilder#type(SecretType)} says otherwise). */
        public static PutBuilder value(String value) {
            return new PutBuilder(SecretText.of(value), null);
        }

        /** A write of string fields ({@code json} unless {@link PutBuilder#type(SecretType)} says otherwise). */
        public static PutBuilder fields(Map<String, String> fields) {
            return new PutBuilder(null, SecretText.ofAll(Map.copyOf(fields)));
        }

        /** {@link #type()} typed; {@link SecretType#UNKNOWN} for none or a name this SDK does not know. */
        public SecretType secretType() {
            return SecretType.fromWire(type);
        }
    }

    /**
     * Builds a {@link Put}: started from a value or from fields (so never both, never neither), then a type and the
     * metadata, each optional.
     */
    public static final class PutBuilder {
        private final @Nullable SecretText value;
        private final @Nullable Map<String, SecretText> fields;
        private @Nullable SecretType type;
        private @Nullable String description;
        private @Nullable List<String> tags;
        private @Nullable Map<String, String> custom;
        private @Nullable Integer maxVersions;

        private PutBuilder(@Nullable SecretText value, @Nullable Map<String, SecretText> fields) {
            this.value = value;
            this.fields = fields;
        }

        /**
         * The type. A single-value type ({@code PASSWORD}, …) needs a value; {@code CONNECTION} and {@code JSON}
         * take fields (or a value that is the JSON text of an object of strings).
         *
         * @throws IllegalArgumentException for {@link SecretType#UNKNOWN}, or a single-value type given fields
         */
        public PutBuilder type(SecretType type) {
            if (type == SecretType.UNKNOWN) {
                throw new IllegalArgumentException("UNKNOWN is what an unrecognised server type reads as; write "
                        + "with a type this SDK knows, such as SecretType.STRING");
            }
            if (fields != null && !type.structured()) {
                throw new IllegalArgumentException("a " + type.wire() + " secret holds one value, not fields: start "
                        + "from Secret.Put.value(…), or use SecretType.JSON or CONNECTION for fields");
            }
            this.type = type;
            return this;
        }

        /** What the secret is for, at most 1024 characters. */
        public PutBuilder description(String description) {
            this.description = description;
            return this;
        }

        /** The tags (replacing the secret's); an empty list removes them. */
        public PutBuilder tags(List<String> tags) {
            this.tags = List.copyOf(tags);
            return this;
        }

        /** The custom pairs (replacing the secret's); an empty map removes them. */
        public PutBuilder custom(Map<String, String> custom) {
            this.custom = Map.copyOf(custom);
            return this;
        }

        /** How many versions to keep, 1..1000 (the server answers 400 naming {@code max_versions} otherwise). */
        public PutBuilder maxVersions(int maxVersions) {
            this.maxVersions = maxVersions;
            return this;
        }

        public Put build() {
            return new Put(type == null ? null : type.wire(), value, fields, description, tags, custom, maxVersions);
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

    /** The answer to a write: where the new version lives (never its value). */
    public record Written(String id, String path, int version) {}

    /**
     * The answer to a rotation ({@code POST …/secrets/{path}/rotate}, {@code POST /v1/secrets/{id}/rotate}): a
     * {@link Written} ({@code id}, {@code path}, {@code version} as before) and what the rotation did.
     *
     * <p>{@code value} or {@code fields} is the new version's value, given or generated, only when the caller may
     * {@code read} the secret (what a read right after would answer it); a caller that may only {@code rotate} gets
     * neither. A single value comes as {@code value}, a structured one as all of its {@code fields} (the kept ones
     * too, so the answer holds the whole new version).
     *
     * @param status what happened: {@value #ROTATED}
     * @param previousVersion the version this rotation replaced
     * @param previousUntil until when {@code previousVersion} is served as {@code previous}; null without a grace
     *     (the replaced version was retired at once)
     */
    public record Rotated(String id, String path, String status, int version, int previousVersion,
            @Nullable Instant previousUntil, @Nullable SecretText value, @Nullable Map<String, SecretText> fields) {
        /** The {@code status} of a rotation that made a new current version. */
        public static final String ROTATED = "rotated";

        /** What the answer was before rotations said more: where the new version lives. */
        public Written written() {
            return new Written(id, path, version);
        }
    }

    /**
     * {@code POST /v1/vaults/{vault}/secrets/{path}/rotate}: the new value from exactly one of {@code value},
     * {@code fields} and generation. Generation is {@code generate} for a single value, or {@code generateFields}
     * for a structured one: each named field is generated (with the {@code generate} options, if any) and the others
     * are kept from the current version. The replaced version stays readable as {@code previous} for {@code grace}
     * (e.g. {@code 1h}; default none, at most {@link #MAX_GRACE}). {@link #builder()} takes the grace as a
     * {@link Duration}.
     *
     * @param generateFields names of fields of the current version to generate anew (structured secrets only)
     * @param reason why, kept on the new version (at most 64 characters)
     */
    public record Rotate(@Nullable SecretText value, @Nullable Map<String, SecretText> fields,
            @Nullable Generate generate, @Nullable List<String> generateFields, @Nullable String reason,
            @Nullable String grace) {
        /** The longest grace: a replaced value readable for longer than a month has not really been retired. */
        public static final Duration MAX_GRACE = Duration.ofDays(30);

        public Rotate {
            // a copy that keeps a null name, for the server to refuse with a 400 naming generate_fields
            generateFields = generateFields == null ? null
                    : Collections.unmodifiableList(new ArrayList<>(generateFields));
        }

        /** A rotation to a given value or fields, or a generated single value (no per-field generation). */
        public Rotate(@Nullable SecretText value, @Nullable Map<String, SecretText> fields,
                @Nullable Generate generate, @Nullable String reason, @Nullable String grace) {
            this(value, fields, generate, null, reason, grace);
        }

        /** A rotation built part by part; {@link Builder#build()} refuses what the server would. */
        public static Builder builder() {
            return new Builder();
        }

        /**
         * Builds a {@link Rotate}: one of {@link #value}, {@link #field}/{@link #fields}, {@link #generate()} (a
         * single value) or {@link #generateField} (fields of a structured value), with a reason and a grace.
         */
        public static final class Builder {
            private @Nullable SecretText value;
            private final Map<String, SecretText> fields = new LinkedHashMap<>();
            private @Nullable Generate generate;
            private final List<String> generateFields = new ArrayList<>();
            private @Nullable String reason;
            private @Nullable Duration grace;

            private Builder() {}

            /** The new single value. */
            public Builder value(String value) {
                this.value = SecretText.of(Objects.requireNonNull(value, "value"));
                return this;
            }

            /** One field of the new structured value (the new version holds only the fields given). */
            public Builder field(String name, String value) {
                fields.put(Objects.requireNonNull(name, "name"), SecretText.of(Objects.requireNonNull(value, "value")));
                return this;
            }

            /** Fields of the new structured value, added to those given with {@link #field}. */
            public Builder fields(Map<String, String> fields) {
                Objects.requireNonNull(fields, "fields").forEach(this::field);
                return this;
            }

            /** Generates the new single value, or the {@link #generateField} fields, with the default options. */
            public Builder generate() {
                return generate(new Generate(null, null, null, null, null, null));
            }

            /** Generates the new single value, or the {@link #generateField} fields, with these options. */
            public Builder generate(Generate options) {
                this.generate = Objects.requireNonNull(options, "options");
                return this;
            }

            /** Generates this field of a structured secret anew; the fields not named keep their current value. */
            public Builder generateField(String name) {
                Objects.requireNonNull(name, "name");
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("generateField needs a field name");
                }
                if (generateFields.contains(name)) {
                    throw new IllegalArgumentException("field '" + name + "' is already to be generated");
                }
                generateFields.add(name);
                return this;
            }

            /** Why, kept on the new version (at most 64 characters). */
            public Builder reason(String reason) {
                this.reason = Objects.requireNonNull(reason, "reason");
                return this;
            }

            /** How long the replaced version stays readable as {@code previous}: whole seconds, 0 to 30 days. */
            public Builder grace(Duration grace) {
                Objects.requireNonNull(grace, "grace");
                if (grace.isNegative() || grace.compareTo(MAX_GRACE) > 0 || grace.getNano() != 0) {
                    throw new IllegalArgumentException("grace must be whole seconds from 0 to 30 days, not " + grace);
                }
                this.grace = grace;
                return this;
            }

            /** The rotation; {@link IllegalArgumentException} saying what to change unless one source was given. */
            public Rotate build() {
                int sources = (value != null ? 1 : 0) + (fields.isEmpty() ? 0 : 1)
                        + (generate != null || !generateFields.isEmpty() ? 1 : 0);
                if (sources != 1) {
                    throw new IllegalArgumentException("give exactly one of value, field(s) and generate/"
                            + "generateField (" + (sources == 0 ? "none" : "several") + " given)");
                }
                return new Rotate(value, fields.isEmpty() ? null : Map.copyOf(fields), generate,
                        generateFields.isEmpty() ? null : List.copyOf(generateFields), reason,
                        grace == null ? null : Durations.format(grace));
            }
        }
    }

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
