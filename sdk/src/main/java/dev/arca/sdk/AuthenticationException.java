package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 401 unauthenticated}: the token is missing, unknown, expired or revoked, or a login, client secret or agent
 * key was refused. {@link SessionExpiredException} ({@code session_expired}) is its special case, so catching this
 * class handles every {@code 401} (SanctumAI's {@code AuthError}).
 */
public class AuthenticationException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public AuthenticationException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Check the credential, then authenticate again. */
    @Override
    public String suggestion() {
        return Boolean.TRUE.equals(details().get("mfa_required"))
                ? "log in again with the current TOTP code"
                : "authenticate again with a valid credential: the token, key or password was refused";
    }
}
