package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 502 upstream_failed}: the upstream of an {@code http_request} refused the connection, broke HTTP or answered
 * more than the cap (1 MiB).
 */
public class UpstreamFailedException extends UpstreamException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public UpstreamFailedException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Look at the upstream. */
    @Override
    public String suggestion() {
        return "check the upstream service: it refused the connection, broke HTTP or answered more than 1 MiB";
    }
}
