package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 403 access_denied}: the token is valid but its policies do not allow this request (SanctumAI's
 * {@code AccessDeniedError}).
 */
public class AccessDeniedException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public AccessDeniedException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Get a policy that allows the request. */
    @Override
    public String suggestion() {
        return "ask an administrator for a policy that allows this (arca policy …), or act as a principal that has one";
    }
}
