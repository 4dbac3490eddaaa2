package dev.arca.sdk;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code 400 secret_structure}: the request assumed the other shape of value, for example a {@code field} of a secret
 * that holds a single value. A special case of {@link ValidationException} (both are 400): catching that takes this
 * too.
 */
public class SecretStructureException extends ValidationException {
    /** See {@link ApiException#ApiException(int, String, String, Map, String)}. */
    public SecretStructureException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
    }

    /** Match the request to the secret's shape. */
    @Override
    public String suggestion() {
        return "match the request to the secret's shape: a field only of a structured secret, none of a single value";
    }
}
