package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code 504 upstream_timeout}: the upstream of an {@code http_request} did not answer in time. */
public class UpstreamTimeoutException extends UpstreamException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public UpstreamTimeoutException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Wait, or allow longer. */
    @Override
    public String suggestion() {
        return "the upstream service did not answer in time: retry later, or give the operation a longer timeout"
                + " (at most 60s)";
    }
}
