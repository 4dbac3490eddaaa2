package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code 404 not_found}: the vault, project, secret or token asked for does not exist (or is deleted). */
public class NotFoundException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public NotFoundException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Check the name. */
    @Override
    public String suggestion() {
        return "check the name or path: it does not exist, or was deleted";
    }
}
