package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Arca made the {@code http_request} a use asked for, but the upstream service failed it: the two kinds are
 * {@link UpstreamFailedException} ({@code 502 upstream_failed}) and {@link UpstreamTimeoutException}
 * ({@code 504 upstream_timeout}); catch this class to handle both. Arca and the credential are fine; a use is a
 * {@code POST}, so it is never sent again on its own.
 */
public abstract class UpstreamException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    protected UpstreamException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }
}
