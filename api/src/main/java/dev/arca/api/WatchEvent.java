package dev.arca.api;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a watcher hears about one secret: the answer of {@code GET /v1/secrets/{id}/watch} and the {@code data} of
 * each event of {@code GET /v1/vaults/{vault}/events}.
 *
 * @param type {@link #CHANGED} (a new current version), {@link #DELETED}, {@link #ACCESS_DENIED} (the watcher may no
 *     longer watch this secret; nothing more comes for it) or {@link #ERROR} (the change happened but its value
 *     could not be served)
 * @param path the secret's path; absent from {@code access_denied}
 * @param version the current version (the last one, for {@code deleted}); absent from {@code access_denied}
 * @param value the new value, only when the watcher may read the secret
 * @param fields the new fields of a structured value, only when the watcher may read the secret
 */
public record WatchEvent(String type, String secretId, @Nullable String path, @Nullable Integer version,
        @Nullable SecretText value,
        @Nullable Map<String, SecretText> fields) {
    public static final String CHANGED = "changed";
    public static final String DELETED = "deleted";
    public static final String ACCESS_DENIED = "access_denied";
    public static final String ERROR = "error";
}
