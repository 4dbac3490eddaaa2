package dev.arca.sdk;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How {@link UseOperations} puts a secret into an HTTP header: {@code bearer} ({@code Authorization: Bearer V}),
 * {@code api_key} ({@code X-API-Key: V} or a named header), {@code basic} ({@code Authorization: Basic …} from the
 * {@code username} and {@code password} fields) or {@code custom} (a named header). A structured secret needs
 * {@link #field(String)} (except for basic). Immutable.
 */
public final class HeaderInjection {
    private final String headerType;
    private final @Nullable String headerName;
    private final @Nullable String field;

    private HeaderInjection(String headerType, @Nullable String headerName, @Nullable String field) {
        this.headerType = headerType;
        this.headerName = headerName;
        this.field = field;
    }

    /** {@code Authorization: Bearer <value>}. */
    public static HeaderInjection bearer() {
        return new HeaderInjection("bearer", null, null);
    }

    /** {@code X-API-Key: <value>}. */
    public static HeaderInjection apiKey() {
        return new HeaderInjection("api_key", null, null);
    }

    /** {@code <headerName>: <value>} for an API key sent under another name. */
    public static HeaderInjection apiKey(String headerName) {
        return new HeaderInjection("api_key", Objects.requireNonNull(headerName, "headerName"), null);
    }

    /** {@code Authorization: Basic base64(username:password)} from a secret with those two fields. */
    public static HeaderInjection basic() {
        return new HeaderInjection("basic", null, null);
    }

    /** {@code <headerName>: <value>}. */
    public static HeaderInjection custom(String headerName) {
        return new HeaderInjection("custom", Objects.requireNonNull(headerName, "headerName"), null);
    }

    /**
     * The same injection taking this field of a structured secret.
     *
     * @throws IllegalArgumentException for basic, which always takes {@code username} and {@code password}
     */
    public HeaderInjection field(String field) {
        if (headerType.equals("basic")) {
            throw new IllegalArgumentException("basic injection takes the username and password fields, not a field");
        }
        return new HeaderInjection(headerType, headerName, Objects.requireNonNull(field, "field"));
    }

    /** {@code bearer}, {@code api_key}, {@code basic} or {@code custom}, as on the wire. */
    public String headerType() {
        return headerType;
    }

    /** The header's name, or null for the type's default. */
    public @Nullable String headerName() {
        return headerName;
    }

    /** The field of a structured secret, or null. */
    public @Nullable String field() {
        return field;
    }

    @Override
    public String toString() {
        return "HeaderInjection[" + headerType + (headerName == null ? "" : ", header=" + headerName)
                + (field == null ? "" : ", field=" + field) + "]";
    }
}
