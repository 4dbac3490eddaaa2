package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 503 unavailable}: the server or its storage cannot serve now (starting, shutting down, the audit log full…);
 * retried before it reaches the caller. {@link SealedException} is its special case for a sealed server; an answer
 * with status 503 (or another 5xx a proxy sent) but no error body arrives as this class.
 */
public class UnavailableException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public UnavailableException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Wait. */
    @Override
    public String suggestion() {
        return "retry later: the server or its storage is unavailable";
    }
}
