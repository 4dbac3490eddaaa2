package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code 409 conflict}: the request clashes with the current state (a name that is taken, a server already initialized…). */
public class ConflictException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public ConflictException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Look at the current state first. */
    @Override
    public String suggestion() {
        return "read the current state and retry: the name is taken or the thing changed meanwhile";
    }
}
