package dev.arca.sdk;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@code 404 field_not_found}: the structured secret has no field of that name; {@link #availableFields()} has. */
public class FieldNotFoundException extends NotFoundException {
    private final List<String> availableFields;

    /** See {@link ApiException#ApiException(int, String, String, Map, String)}; reads {@code details.available}. */
    public FieldNotFoundException(int statusCode, String code, String message, Map<String, Object> details,
            @Nullable String requestId) {
        super(statusCode, code, message, details, requestId);
        Object available = details == null ? null : details.get("available");
        this.availableFields = available instanceof List<?> names
                ? names.stream().map(String::valueOf).toList()
                : List.of();
    }

    /** The names of the fields the secret has (never their values); empty if the server did not say. */
    public List<String> availableFields() {
        return availableFields;
    }

    /** Pick an existing field. */
    @Override
    public String suggestion() {
        return availableFields.isEmpty() ? "ask for a field the secret has"
                : "ask for one of the secret's fields: " + String.join(", ", availableFields);
    }
}
