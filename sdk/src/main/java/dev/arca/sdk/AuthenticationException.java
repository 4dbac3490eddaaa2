package dev.arca.sdk;

import java.util.Map;

/** {@code 401 unauthenticated}: the token is missing, unknown, expired or revoked. */
public class AuthenticationException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public AuthenticationException(int statusCode, String code, String message, Map<String, Object> details, String requestId) {
        super(statusCode, code, message, details, requestId);
    }
}
