package dev.arca.sdk;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 429 rate_limited}: too many requests from this token or address; try again after {@link #retryAfter()}
 * (SanctumAI's {@code RateLimitedError}). Retried before it reaches the caller when the wait is a minute or less.
 */
public class RateLimitedException extends ApiException {
    private final Duration retryAfter;

    /**
     * See {@link ApiException#ApiException(int, String, String, Map, String)}.
     *
     * @param retryAfter how long to wait, from the {@code Retry-After} header
     */
    public RateLimitedException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId, Duration retryAfter) {
        super(statusCode, code, message, details, requestId);
        this.retryAfter = retryAfter;
    }

    /** How long to wait before trying again; {@link Duration#ZERO} when the server did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Wait, as long as the server said. */
    @Override
    public String suggestion() {
        return retryAfter.isZero() ? "wait a moment, then send again: too many requests"
                : "wait " + Math.max(1, retryAfter.toSeconds()) + " s, then send again: too many requests";
    }
}
