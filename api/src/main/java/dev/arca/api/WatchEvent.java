package dev.arca.api;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a watcher hears about one secret: the answer of {@code GET /v1/secrets/{id}/watch} and the {@code data} of
 * each event of {@code GET /v1/vaults/{vault}/events}.
 *
 * @param type {@link #CHANGED} (a new current version), {@link #ROTATED}, {@link #ROTATION_DUE},
 *     {@link #ROTATION_FAILED}, {@link #DELETED}, {@link #ACCESS_DENIED} (the watcher may no
 *     longer watch this secret; nothing more comes for it) or {@link #ERROR} (the change happened but its value
 *     could not be served)
 * @param path the secret's path; absent from {@code access_denied}
 * @param version the current version (the last one, for {@code deleted}); absent from {@code access_denied}
 * @param value the new value, only when the watcher may read the secret
 * @param fields the new fields of a structured value, only when the watcher may read the secret
 * @param rotation what a rotation event adds: the policy, the run, the due time or the failure (event streams only)
 */
public record WatchEvent(String type, String secretId, @Nullable String path, @Nullable Integer version,
        @Nullable SecretText value,
        @Nullable Map<String, SecretText> fields, Rotation.@Nullable Notice rotation) {
    public static final String CHANGED = "changed";
    /** A new current version made by a rotation run: a {@link #CHANGED} with the run in {@code rotation}. */
    public static final String ROTATED = "rotated";
    /** A warn-before point of the secret's next rotation passed (or the rotation is due); no value. */
    public static final String ROTATION_DUE = "rotation_due";
    /** A rotation run failed; the current version is unchanged and still served. */
    public static final String ROTATION_FAILED = "rotation_failed";
    public static final String DELETED = "deleted";
    public static final String ACCESS_DENIED = "access_denied";
    public static final String ERROR = "error";
}
