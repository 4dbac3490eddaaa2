package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 405 method_not_allowed}: the route exists but not with this HTTP method; an SDK of another version than the
 * server, or a hand-built request, sends it.
 */
public class MethodNotAllowedException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public MethodNotAllowedException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Use the route's method. */
    @Override
    public String suggestion() {
        return "use a method the route allows (see /v1/openapi.json): this SDK and the server may be of"
                + " different versions";
    }
}
