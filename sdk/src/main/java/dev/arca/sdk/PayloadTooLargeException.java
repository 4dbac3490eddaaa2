package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code 413 payload_too_large}: the body is over the server's {@code max_body_bytes}; nothing was read. */
public class PayloadTooLargeException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public PayloadTooLargeException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Send less. */
    @Override
    public String suggestion() {
        return "send a smaller body: the server refuses bodies over its max_body_bytes";
    }
}
