package dev.arca.sdk;

import dev.arca.api.ErrorCode;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server answered with an error body {@code {"error":{"code","message","details","request_id"}}}. Subclasses
 * stand for the codes a caller commonly acts on; any other code (for example {@code invalid_request},
 * {@code payload_too_large}, {@code internal}, {@code unavailable}) arrives as this class. Each carries what went
 * wrong ({@link #code()}, {@link #detail()}, {@link #details()}) apart from what to do next ({@link #suggestion()}).
 */
public class ApiException extends ArcaException {
    private final int statusCode;
    private final String code;
    private final Map<String, Object> details;
    private final @Nullable String requestId;

    /**
     * @param statusCode the HTTP status
     * @param code the error code of the body ({@code invalid_request}, {@code sealed}…)
     * @param message the server's message, which never contains a secret
     * @param details machine-readable extras, may be empty
     * @param requestId the {@code req_…} id of the request, to find it in the audit trail; may be null
     */
    public ApiException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(message);
        this.statusCode = statusCode;
        this.code = code;
        this.details = details == null ? Map.of() : Map.copyOf(details);
        this.requestId = requestId;
    }

    /** The HTTP status of the answer. */
    public int statusCode() {
        return statusCode;
    }

    /** The error code from DESIGN §7, e.g. {@code not_found}. */
    public String code() {
        return code;
    }

    /**
     * {@link #code()} as the shared enum, for an exhaustive {@code switch}; empty for a code this SDK does not know
     * (a newer server's).
     */
    public Optional<ErrorCode> errorCode() {
        return ErrorCode.fromWire(code);
    }

    /**
     * The server's explanation of what went wrong (also {@link #getMessage()}); it never contains a secret. When the
     * answer carried no error body (a proxy's page), a description of the answer instead.
     */
    @SuppressWarnings("NullAway") // every constructor gives a message
    public String detail() {
        return getMessage();
    }

    /**
     * What to do next, in a sentence for a person: for example {@code "re-authenticate: the session expired"} or
     * {@code "unseal the vault: arca operator unseal"}. Subclasses say it for their code.
     */
    public String suggestion() {
        String seeTheMessage = requestId == null ? "see the message"
                : "see the message; request " + requestId + " is in the server's audit trail";
        return errorCode().map(known -> switch (known) {
            case INVALID_REQUEST -> details.get("field") != null
                    ? "fix the field '" + details.get("field") + "' and send the request again"
                    : "fix the request and send it again";
            case PAYLOAD_TOO_LARGE -> "send a smaller body: the server refuses bodies over its max_body_bytes";
            case NOT_INITIALIZED -> "initialize the server first: arca operator init";
            case UNAVAILABLE -> "retry later: the server or its storage is unavailable";
            case INTERNAL -> "retry later; if it persists, report request " + (requestId == null ? "(no id)"
                    : requestId) + " to the server's operator";
            default -> seeTheMessage; // the subclasses say it for the codes they stand for
        }).orElse(seeTheMessage);
    }

    /** Machine-readable extras of the error (the offending field, the allowed values…); empty when none. */
    public Map<String, Object> details() {
        return details;
    }

    /** The {@code req_…} id of the failed request, or null if the answer carried none. */
    public @Nullable String requestId() {
        return requestId;
    }
}
