package dev.arca.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything about a secret except its value: {@code GET/PATCH /v1/vaults/{vault}/secrets/{path}/metadata}.
 * Reading it never decrypts anything.
 *
 * @param maxVersions the limit in force: the secret's own, else its project's, else its vault's default
 * @param fieldNames the field names of the current value, {@code null} for a single value
 * @param deleted whether the secret is soft-deleted (or destroyed)
 * @param destroyed whether every version was destroyed ({@code DELETE …?permanent=true})
 * @param previousVersion the version the last rotation replaced, served as {@code previous} until {@code previousUntil}
 * @param versions the kept versions, oldest first
 * @param rotation the rotation policy covering the secret and when it rotates next; null when none covers it
 */
public record SecretMetadata(String id, String path, String projectId, String type, int currentVersion, int maxVersions,
        @Nullable String description, @Nullable List<String> tags, @Nullable Map<String, String> custom,
        @Nullable List<String> fieldNames, @Nullable Instant createdAt, String createdBy, @Nullable Instant updatedAt,
        String updatedBy, boolean deleted, boolean destroyed, @Nullable Integer previousVersion,
        @Nullable Instant previousUntil, List<Version> versions, Rotation.@Nullable State rotation) {

    /**
     * One version.
     *
     * @param state {@code active}, {@code previous} (replaced by a rotation, within its grace), {@code retired}
     *     (replaced by a rotation, grace over), {@code deleted} (soft) or {@code destroyed} (value gone for good)
     */
    public record Version(int version, String state, @Nullable Instant createdAt, String createdBy,
            @Nullable String rotationReason) {}

    /**
     * {@code PATCH …/metadata}: only the given (non-null) parts change; no new version is written. Start one with
     * {@link #tags(List)}, {@link #description(String)}, {@link #custom(Map)} or {@link #maxVersions(int)} and add
     * the other parts with the {@code with…} methods.
     */
    public record Update(@Nullable String description, @Nullable List<String> tags,
            @Nullable Map<String, String> custom, @Nullable Integer maxVersions) {
        /** Replaces the tags only (an empty list removes them). */
        public static Update tags(List<String> tags) {
            return new Update(null, List.copyOf(tags), null, null);
        }

        /** Replaces the description only ({@code ""} removes it). */
        public static Update description(String description) {
            return new Update(description, null, null, null);
        }

        /** Replaces the custom pairs only (an empty map removes them). */
        public static Update custom(Map<String, String> custom) {
            return new Update(null, null, Map.copyOf(custom), null);
        }

        /** Changes how many versions are kept only (1..1000). */
        public static Update maxVersions(int maxVersions) {
            return new Update(null, null, null, maxVersions);
        }

        public Update withTags(List<String> tags) {
            return new Update(description, List.copyOf(tags), custom, maxVersions);
        }

        public Update withDescription(String description) {
            return new Update(description, tags, custom, maxVersions);
        }

        public Update withCustom(Map<String, String> custom) {
            return new Update(description, tags, Map.copyOf(custom), maxVersions);
        }

        public Update withMaxVersions(int maxVersions) {
            return new Update(description, tags, custom, maxVersions);
        }
    }
}
