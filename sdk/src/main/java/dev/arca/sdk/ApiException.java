package dev.arca.sdk;

import java.util.Map;

/**
 * The server answered with an error body {@code {"error":{"code","message","details","request_id"}}}. Subclasses
 * stand for the codes a caller commonly acts on; any other code (for example {@code invalid_request},
 * {@code payload_too_large}, {@code internal}, {@code unavailable}) arrives as this class.
 */
public class ApiException extends ArcaException {
    private final int statusCode;
    private final String code;
    private final Map<String, Object> details;
    private final String requestId;

    /**
     * @param statusCode the HTTP status
     * @param code the error code of the body ({@code invalid_request}, {@code sealed}…)
     * @param message the server's message, which never contains a secret
     * @param details machine-readable extras, may be empty
     * @param requestId the {@code req_…} id of the request, to find it in the audit trail; may be null
     */
    public ApiException(int statusCode, String code, String message, Map<String, Object> details, String requestId) {
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

    /** Machine-readable extras of the error (the offending field, the allowed values…); empty when none. */
    public Map<String, Object> details() {
        return details;
    }

    /** The {@code req_…} id of the failed request, or null if the answer carried none. */
    public String requestId() {
        return requestId;
    }
}
