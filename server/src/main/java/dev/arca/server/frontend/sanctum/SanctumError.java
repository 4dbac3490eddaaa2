package dev.arca.server.frontend.sanctum;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An error as SanctumAI's clients read it, {@code {"code", "message", "detail", "suggestion", "context"}}, with
 * Arca's codes turned into the seven the clients raise typed exceptions for (their {@code AuthError},
 * {@code AccessDenied}, …). An Arca code with no SanctumAI counterpart keeps its own name in upper case
 * ({@code INVALID_REQUEST}, {@code UPSTREAM_FAILED}, …): the clients raise their base {@code VaultError} for it.
 *
 * @param detail the Arca code and the request id, a string as the Rust client requires
 * @param context the Arca error's details (the field at fault, {@code retry_after}, …) and the request id
 */
record SanctumError(String code, String message, String detail, String suggestion, Map<String, Object> context) {
    static final String AUTH_FAILED = "AUTH_FAILED";
    static final String SESSION_EXPIRED = "SESSION_EXPIRED";

    SanctumError {
        context = Map.copyOf(context);
    }

    /** The error {@code error} of request {@code requestId}, as this door writes it. */
    static SanctumError of(ArcaException error, String requestId) {
        var context = new LinkedHashMap<String, Object>(error.details());
        context.put("request_id", requestId);
        String message = error.getMessage() == null ? error.code().wire() : error.getMessage();
        return new SanctumError(code(error.code()), message, "arca error " + error.code().wire() + ", request "
                + requestId, suggestion(error.code()), context);
    }

    static String code(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED -> AUTH_FAILED;
            case SESSION_EXPIRED -> SESSION_EXPIRED;
            case ACCESS_DENIED -> "ACCESS_DENIED";
            case NOT_FOUND, FIELD_NOT_FOUND -> "CREDENTIAL_NOT_FOUND";
            case SEALED, NOT_INITIALIZED -> "VAULT_LOCKED";
            case LEASE_EXPIRED -> "LEASE_EXPIRED";
            case RATE_LIMITED -> "RATE_LIMITED";
            default -> code.name();
        };
    }

    private static String suggestion(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED -> "authenticate again: authenticate {agent_name} (AGENT, or VAULT/AGENT when the "
                    + "name is in several vaults), sign the challenge with the agent's key, then challenge_response";
            case SESSION_EXPIRED -> "the session ended (expired, or its agent was revoked): authenticate again";
            case ACCESS_DENIED -> "ask an admin of the vault to grant the agent's policy this permission on the path "
                    + "(list to see it, lease to retrieve it, use to use it, use:header for http_header)";
            case NOT_FOUND, FIELD_NOT_FOUND -> "check the path with list";
            case SEALED, NOT_INITIALIZED -> "Arca is sealed: ask an operator to unseal it, then retry";
            case LEASE_EXPIRED -> "retrieve the credential again for a new lease";
            case RATE_LIMITED -> "slow down, and retry after the pause the context's retry_after gives, if any";
            case INVALID_REQUEST, SECRET_STRUCTURE, PAYLOAD_TOO_LARGE, METHOD_NOT_ALLOWED, CONFLICT ->
                    "fix the call as the message says";
            case UPSTREAM_FAILED, UPSTREAM_TIMEOUT -> "check that the upstream the request was sent to is up";
            default -> "retry later; the Arca server log says more under the request id";
        };
    }
}
