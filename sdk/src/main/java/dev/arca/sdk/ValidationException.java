package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 400 invalid_request}: the request is malformed or a parameter is out of range; nothing was changed. The
 * server names the parameter in {@code details.field} ({@link #field()}) where there is one.
 */
public class ValidationException extends ApiException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public ValidationException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** The parameter the server refused ({@code details.field}), or null when it named none. */
    public @Nullable String field() {
        Object field = details().get("field");
        return field == null ? null : field.toString();
    }

    /** Fix the named field, or the request. */
    @Override
    public String suggestion() {
        String field = field();
        return field != null ? "fix the field '" + field + "' and send the request again"
                : "fix the request and send it again";
    }
}
