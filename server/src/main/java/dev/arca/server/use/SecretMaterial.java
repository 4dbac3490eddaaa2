package dev.arca.server.use;

import dev.arca.api.ErrorCode;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.server.error.ArcaException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Which part of a secret an operation uses: its single value, or one named field of a structured secret. */
final class SecretMaterial {
    private SecretMaterial() {}

    /**
     * The value to inject or key with: the single value, or {@code field} of a structured secret; 400
     * {@code secret_structure} or 404 {@code field_not_found} when that does not fit the secret.
     */
    static String valueOf(Secret secret, @Nullable String field) {
        if (field == null) {
            if (secret.fields() != null) {
                throw new ArcaException(ErrorCode.SECRET_STRUCTURE, "secret " + secret.path() + " holds fields ("
                        + String.join(", ", secret.fields().keySet()) + "); name the one to use with 'field'",
                        Map.of("field", "field"));
            }
            return secret.value().reveal();
        }
        if (secret.fields() == null) {
            throw new ArcaException(ErrorCode.SECRET_STRUCTURE, "secret " + secret.path() + " holds a single value, "
                    + "not fields; leave out 'field'", Map.of("field", "field"));
        }
        SecretText value = secret.fields().get(field);
        if (value == null) {
            throw new ArcaException(ErrorCode.FIELD_NOT_FOUND, "secret " + secret.path() + " has no field '"
                    + Host.printable(field) + "'; its fields are: " + String.join(", ", secret.fields().keySet()),
                    Map.of("available", secret.fields().keySet().stream().sorted().toList()));
        }
        return value.reveal();
    }

    /** A field of a structured secret that {@code basic} needs; 400 {@code secret_structure} when it is missing. */
    static String required(Secret secret, String name, String purpose) {
        SecretText value = secret.fields() == null ? null : secret.fields().get(name);
        if (value == null) {
            throw new ArcaException(ErrorCode.SECRET_STRUCTURE, "secret " + secret.path() + " needs the fields "
                    + "'username' and 'password' for " + purpose, Map.of("field", "header_type"));
        }
        return value.reveal();
    }
}
