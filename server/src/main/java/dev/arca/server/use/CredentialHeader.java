package dev.arca.server.use;

import dev.arca.api.ErrorCode;
import dev.arca.api.Secret;
import dev.arca.server.error.ArcaException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The header that carries a secret: {@code bearer} → {@code Authorization: Bearer V}, {@code api_key} →
 * {@code X-API-Key: V} (or {@code header_name}), {@code basic} → {@code Authorization: Basic base64(username:password)}
 * from the fields {@code username} and {@code password}, {@code custom} → {@code header_name: V}.
 * {@code toString} never shows the value.
 *
 * @param credential the part of {@code value} that is the secret (without {@code Bearer } or {@code Basic })
 */
record CredentialHeader(String name, String value, String credential) {
    static final String DEFAULT_TYPE = "bearer";

    /** Builds the header; 400 naming {@code header_type}, {@code header_name} or {@code field} when they do not fit. */
    static CredentialHeader of(Secret secret, @Nullable String headerType, @Nullable String headerName,
            @Nullable String field) {
        String type = headerType == null ? DEFAULT_TYPE : headerType;
        CredentialHeader header = switch (type) {
            case "bearer" -> {
                refuseName(headerName, type);
                String value = SecretMaterial.valueOf(secret, field);
                yield new CredentialHeader("Authorization", "Bearer " + value, value);
            }
            case "api_key" -> {
                String value = SecretMaterial.valueOf(secret, field);
                yield new CredentialHeader(name(headerName == null ? "X-API-Key" : headerName), value, value);
            }
            case "custom" -> {
                if (headerName == null) {
                    throw ArcaException.invalid("header_name", "header_name is required with header_type custom");
                }
                String value = SecretMaterial.valueOf(secret, field);
                yield new CredentialHeader(name(headerName), value, value);
            }
            case "basic" -> {
                refuseName(headerName, type);
                if (field != null) {
                    throw ArcaException.invalid("field", "field does not apply to header_type basic: it uses the "
                            + "fields username and password");
                }
                String encoded = basic(secret);
                yield new CredentialHeader("Authorization", "Basic " + encoded, encoded);
            }
            default -> throw ArcaException.invalid("header_type", "header_type must be bearer, api_key, basic or "
                    + "custom");
        };
        if (!HeaderNames.isValidValue(header.value())) {
            throw new ArcaException(ErrorCode.SECRET_STRUCTURE, "secret " + secret.path() + " holds characters that "
                    + "cannot be sent in a header (control characters or characters beyond Latin-1)",
                    Map.of("field", field == null ? "header_type" : "field"));
        }
        return header;
    }

    /** The base64 of {@code username:password}, which is what a basic header carries. */
    static String basic(Secret secret) {
        String credentials = SecretMaterial.required(secret, "username", "header_type basic") + ":"
                + SecretMaterial.required(secret, "password", "header_type basic");
        return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static String name(String name) {
        if (!HeaderNames.isToken(name) || HeaderNames.isReserved(name)) {
            throw ArcaException.invalid("header_name", "header_name must be a header name (letters, digits and "
                    + "!#$%&'*+-.^_`|~) other than Host, Content-Length, Transfer-Encoding or Connection");
        }
        return name;
    }

    private static void refuseName(@Nullable String headerName, String type) {
        if (headerName != null) {
            throw ArcaException.invalid("header_name", "header_name does not apply to header_type " + type
                    + " (it is Authorization); use custom to name another header");
        }
    }

    @Override
    public String toString() {
        return "CredentialHeader[name=" + name + ", value=<redacted>]";
    }
}
