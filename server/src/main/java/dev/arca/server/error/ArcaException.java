package dev.arca.server.error;

import dev.arca.api.ErrorCode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one error type a feature throws to answer a request with an error; the pipeline turns it into the
 * wire format in one place. The message is shown to the caller: it says what to fix and never carries a secret.
 */
public class ArcaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final transient Map<String, Object> details;

    public ArcaException(ErrorCode code, @Nullable String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.code = code;
        this.details = details == null ? Map.of() : Map.copyOf(details);
    }

    public ArcaException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** 400 naming the offending field. */
    public static ArcaException invalid(String field, @Nullable String message) {
        return new ArcaException(ErrorCode.INVALID_REQUEST, message, Map.of("field", field));
    }

    public static ArcaException notFound(String message) {
        return new ArcaException(ErrorCode.NOT_FOUND, message);
    }

    public static ArcaException conflict(String message) {
        return new ArcaException(ErrorCode.CONFLICT, message);
    }

    public static ArcaException denied(String message) {
        return new ArcaException(ErrorCode.ACCESS_DENIED, message);
    }

    public static ArcaException unauthenticated(String message) {
        return new ArcaException(ErrorCode.UNAUTHENTICATED, message);
    }

    public static ArcaException unavailable(String message) {
        return new ArcaException(ErrorCode.UNAVAILABLE, message);
    }
}
