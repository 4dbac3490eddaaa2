package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code 404 not_found}: the vault, project, secret or token asked for does not exist (or is deleted). */
public class NotFoundException extends ApiException {
    private final @Nullable String secret;

    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public NotFoundException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        this(statusCode, code, message, details, requestId, null);
    }

    /**
     * See {@link ApiException#ApiException(int, String, String, Map, String)}.
     *
     * @param secret the secret the request was about, as the caller named it (a path or an {@code sk_…} id); null
     *     when it was about something else
     */
    public NotFoundException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId, @Nullable String secret) {
        super(statusCode, code, message, details, requestId);
        this.secret = secret;
    }

    /**
     * The secret that was not found, exactly as the caller named it — a path such as {@code app/db} or an
     * {@code sk_…} id; null when the request was not about one secret (a vault, a project, a token…).
     */
    public @Nullable String secret() {
        return secret;
    }

    /** Check the name. */
    @Override
    public String suggestion() {
        return "check the name or path: it does not exist, or was deleted";
    }
}
