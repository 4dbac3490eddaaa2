package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 401}: the server did not accept who the caller claims to be. {@link AuthenticationException} (a credential
 * refused) and its {@link SessionExpiredException} (an agent session past its expiry) are the two kinds; catch this
 * class to handle both.
 */
public abstract class AuthException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    protected AuthException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }
}
