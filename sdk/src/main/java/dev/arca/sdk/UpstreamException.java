package dev.arca.sdk;

import dev.arca.api.ErrorCode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 502 upstream_failed} or {@code 504 upstream_timeout}: Arca made the {@code http_request} a use asked for,
 * but the upstream service refused the connection, broke the protocol, answered more than the cap, or did not
 * answer in time. Arca and the credential are fine; nothing is retried on its own.
 */
public class UpstreamException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public UpstreamException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Whether the upstream did not answer in time ({@code upstream_timeout}). */
    public boolean timedOut() {
        return ErrorCode.UPSTREAM_TIMEOUT.wire().equals(code());
    }

    /** Look at the upstream. */
    @Override
    public String suggestion() {
        return timedOut()
                ? "the upstream service did not answer in time: retry later, or give the operation a longer timeout"
                        + " (at most 60s)"
                : "check the upstream service: it refused the connection, broke HTTP or answered more than 1 MiB";
    }
}
