package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 401 session_expired}: an agent's session token has passed its expiry; start a new session with
 * {@link AuthOperations#agentSession} (SanctumAI's {@code SessionExpiredError}). A special case of
 * {@link AuthenticationException} (both are 401).
 */
public class SessionExpiredException extends AuthenticationException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public SessionExpiredException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Start a new session; {@link AgentClient} does it once by itself. */
    @Override
    public String suggestion() {
        return "re-authenticate: the session expired (start a new agent session)";
    }
}
