package dev.arca.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.ErrorBody;
import dev.arca.api.ErrorCode;
import dev.arca.api.Json;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The SDK's one decoder of failures: a failed answer (its error body, an OAuth error, or only a status) or a failed
 * batch item becomes the exception of its {@link ErrorCode}, the list the server answers from, through one exhaustive
 * switch, so a code added to the enum cannot go unmapped. Each code has its own class, and no class stands for two
 * codes; the one code with two classes is {@code not_found}, which is a {@link CredentialNotFoundException} (a
 * {@link NotFoundException}) on a route that names a secret, so a caller tells "no such secret" from "no such vault,
 * project or token". A code this version does not know (a newer server's) becomes a plain {@link ApiException} that
 * still carries everything.
 */
final class ErrorDecoder {
    private static final ObjectMapper IN = Json.lenient();
    /** A batch answer with failed items is a 200 as a whole: the status of an item whose code is unknown. */
    private static final int BATCH_ANSWER_STATUS = 200;

    private ErrorDecoder() {}

    /**
     * The exception for an answer with a non-2xx {@code status}.
     *
     * @param address the server, for the message of an answer without an error body
     * @param secretRoute the request named a secret, so a {@code not_found} is a {@link CredentialNotFoundException}
     * @param secret the path or id the caller named, carried by a {@link NotFoundException}; null if none
     */
    static ApiException answer(int status, Function<String, Optional<String>> headers, byte[] bytes, URI address,
            boolean secretRoute, @Nullable String secret) {
        ErrorBody body = errorBody(bytes);
        if (body == null) {
            body = oauthError(bytes);
        }
        String code = body != null && body.code() != null ? body.code() : codeOf(status).wire();
        String message = body != null && body.message() != null ? body.message()
                : "Arca at " + address + " answered HTTP " + status + " without an error body";
        Map<String, Object> details = body != null ? body.details() : Map.of();
        String requestId = body != null && body.requestId() != null ? body.requestId()
                : headers.apply("X-Request-Id").orElse(null);
        return exception(status, code, message, details, requestId,
                HttpTransport.retryAfter(headers.apply("Retry-After").orElse(null)), secretRoute, secret);
    }

    /**
     * The exception for one failed item of a batch answer ({@code {code, message}}), as if it had been the answer
     * to a request of its own (batch items are secrets).
     */
    static ApiException item(String code, @Nullable String message) {
        int status = ErrorCode.fromWire(code).map(ErrorCode::status).orElse(BATCH_ANSWER_STATUS);
        String described = message != null ? message : "Arca failed the item with " + code + " and no message";
        return exception(status, code, described, Map.of(), null, Duration.ZERO, true, null);
    }

    /** Whether {@code body} is an error envelope, and not, say, a health body answered with 503. */
    static boolean isErrorEnvelope(byte[] body) {
        return errorBody(body) != null;
    }

    private static ApiException exception(int status, String code, String message, Map<String, Object> details,
            @Nullable String requestId, Duration retryAfter, boolean secretRoute, @Nullable String secret) {
        ErrorCode known = ErrorCode.fromWire(code).orElse(null);
        if (known == null) {
            return new ApiException(status, code, message, details, requestId);
        }
        return switch (known) {
            case INVALID_REQUEST -> new ValidationException(status, code, message, details, requestId);
            case SECRET_STRUCTURE -> new SecretStructureException(status, code, message, details, requestId);
            case UNAUTHENTICATED -> new AuthenticationException(status, code, message, details, requestId);
            case SESSION_EXPIRED -> new SessionExpiredException(status, code, message, details, requestId);
            case ACCESS_DENIED -> new AccessDeniedException(status, code, message, details, requestId);
            case NOT_FOUND -> secretRoute
                    ? new CredentialNotFoundException(status, code, message, details, requestId, secret)
                    : new NotFoundException(status, code, message, details, requestId, secret);
            case FIELD_NOT_FOUND -> new FieldNotFoundException(status, code, message, details, requestId);
            case METHOD_NOT_ALLOWED -> new MethodNotAllowedException(status, code, message, details, requestId);
            case CONFLICT -> new ConflictException(status, code, message, details, requestId);
            case LEASE_EXPIRED -> new LeaseExpiredException(status, code, message, details, requestId);
            case PAYLOAD_TOO_LARGE -> new PayloadTooLargeException(status, code, message, details, requestId);
            case RATE_LIMITED -> new RateLimitedException(status, code, message, details, requestId, retryAfter);
            case INTERNAL -> new InternalServerException(status, code, message, details, requestId);
            case NOT_INITIALIZED -> new NotInitializedException(status, code, message, details, requestId);
            case UPSTREAM_FAILED -> new UpstreamFailedException(status, code, message, details, requestId);
            case SEALED -> new SealedException(status, code, message, details, requestId);
            case UNAVAILABLE -> new UnavailableException(status, code, message, details, requestId);
            case UPSTREAM_TIMEOUT -> new UpstreamTimeoutException(status, code, message, details, requestId);
        };
    }

    /** The error envelope in a body, or null if the body is not one (a proxy's HTML page, a health body…). */
    private static @Nullable ErrorBody errorBody(byte[] body) {
        try {
            JsonNode error = IN.readTree(body).get("error");
            return error != null && error.isObject() ? IN.treeToValue(error, ErrorBody.class) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The OAuth token endpoint answers errors as RFC 6749 §5.2 {@code {"error":"invalid_client",
     * "error_description":…}}; they become the DESIGN §7 code of their status, with the OAuth code in
     * {@code details.error}.
     */
    private static @Nullable ErrorBody oauthError(byte[] body) {
        try {
            JsonNode node = IN.readTree(body);
            JsonNode error = node == null ? null : node.get("error");
            if (error == null || !error.isTextual()) {
                return null;
            }
            JsonNode description = node.get("error_description");
            String message = description != null && description.isTextual() ? description.asText() : error.asText();
            return new ErrorBody(null, message + " (" + error.asText() + ")", Map.of("error", error.asText()), null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The DESIGN §7 code for a status, for answers that carry no error body (from a proxy, say): the general code of
     * the status, never a specific one ({@code sealed}, {@code session_expired}) that only the body can tell.
     * Statuses the codes do not name, such as a proxy's 502, are {@code unavailable} or {@code invalid_request}.
     */
    private static ErrorCode codeOf(int status) {
        return switch (status) {
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.ACCESS_DENIED;
            case 404 -> ErrorCode.NOT_FOUND;
            case 409 -> ErrorCode.CONFLICT;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 500 -> ErrorCode.INTERNAL;
            case 501 -> ErrorCode.NOT_INITIALIZED;
            default -> status >= 500 ? ErrorCode.UNAVAILABLE : ErrorCode.INVALID_REQUEST;
        };
    }
}
