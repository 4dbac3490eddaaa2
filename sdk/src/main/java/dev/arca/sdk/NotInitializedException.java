package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code 501 not_initialized}: the server has no root key yet, so it serves nothing but init and health. */
public class NotInitializedException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public NotInitializedException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Initialize. */
    @Override
    public String suggestion() {
        return "initialize the server first: arca operator init";
    }
}
