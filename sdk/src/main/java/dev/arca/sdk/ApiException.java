package dev.arca.sdk;

import dev.arca.api.ErrorCode;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The server refused a request with an error body {@code {"error":{"code","message","details","request_id"}}}.
 * Every {@link ErrorCode} has exactly one subclass ({@link ValidationException} for {@code invalid_request},
 * {@link SealedException} for {@code sealed}, …; {@link ErrorDecoder} holds the table); this class itself stands
 * only for a code this SDK does not know yet (a newer server's), and still carries everything.
 *
 * <p>Where a code is a special case of another of the same status, its class extends that code's class, so one
 * {@code catch} takes both: {@link SecretStructureException} is a {@link ValidationException},
 * {@link SessionExpiredException} an {@link AuthenticationException}, {@link FieldNotFoundException} a
 * {@link NotFoundException}, {@link SealedException} an {@link UnavailableException}.
 *
 * <p>The message and {@link #detail()} differ on purpose: {@link #getMessage()} is the sentence for a log or a
 * stack trace, the server's explanation followed by the code and request id
 * ({@code no secret app/db (not_found, request req_123)}); {@link #detail()} is the server's explanation alone, for
 * a caller that shows it in its own words. What to do next is apart, in {@link #suggestion()}.
 */
public class ApiException extends ArcaException {
    private final int statusCode;
    private final String code;
    private final String detail;
    private final Map<String, Object> details;
    private final @Nullable String requestId;

    /**
     * @param statusCode the HTTP status of the answer (see {@link #statusCode()})
     * @param code the error code of the body ({@code invalid_request}, {@code sealed}…)
     * @param message the server's message, which never contains a secret; becomes {@link #detail()}
     * @param details machine-readable extras, may be empty
     * @param requestId the {@code req_…} id of the request, to find it in the audit trail; may be null
     */
    public ApiException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(sentence(code, message, requestId));
        this.statusCode = statusCode;
        this.code = code;
        this.detail = message;
        this.details = details == null ? Map.of() : Map.copyOf(details);
        this.requestId = requestId;
    }

    /** {@code <the server's message> (<code>, request <req_…>)}: what went wrong, then how to look it up. */
    private static String sentence(String code, String message, @Nullable String requestId) {
        return message + " (" + code + (requestId == null ? "" : ", request " + requestId) + ")";
    }

    /**
     * The HTTP status the error came with. Usually {@link ErrorCode#status()} of {@link #code()}; a different one
     * when the answer had no error body (a proxy's 502 is {@code unavailable} with status 502). A failed item of a
     * batch, whose answer was a 200 as a whole, has the status of its code as if it had been asked alone (the
     * batch's 200 for a code this SDK does not know), and so has the one error the SDK reads from a successful answer
     * ({@link Arca#getFields} of a single value: {@code secret_structure}, 400). Failures without an answer are no
     * {@code ApiException} and have no status: {@link ConnectionException}, {@link ConfigurationException}.
     */
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
     * The server's own explanation of what went wrong, without the code and request id that {@link #getMessage()}
     * adds; it never contains a secret. When the answer carried no error body (a proxy's page), a description of the
     * answer instead.
     */
    public String detail() {
        return detail;
    }

    /**
     * What to do next, in a sentence for a person: for example {@code "re-authenticate: the session expired"} or
     * {@code "unseal the vault: arca operator unseal"}. Each subclass says it for its code; this class, for a code
     * it does not know, points to the message and the audit trail.
     */
    public String suggestion() {
        return requestId == null ? "see the message"
                : "see the message; request " + requestId + " is in the server's audit trail";
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
