package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 500 internal}: the server failed on a fault of its own, not the request's. Retried for idempotent methods
 * ({@code GET}, {@code HEAD}, {@code PUT}, {@code DELETE}) before it reaches the caller.
 */
public class InternalServerException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public InternalServerException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Retry later, and report it. */
    @Override
    public String suggestion() {
        return "retry later; if it persists, report request " + (requestId() == null ? "(no id)" : requestId())
                + " to the server's operator";
    }
}
