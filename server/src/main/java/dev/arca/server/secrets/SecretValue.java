package dev.arca.server.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.http.ArcaException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A decrypted secret value: a single string, or structured fields. {@link #toString()} never shows it; the
 * bytes leave only through {@link #plaintext()}, on the way to the cipher.
 */
public final class SecretValue {
    public static final String STRING = "string";
    public static final String JSON = "json";
    private static final int MAX_FIELD_NAME_BYTES = 256;
    private static final ObjectMapper MAPPER = Json.strict();

    private final String type;
    private final String text;
    private final Map<String, String> fields;

    private SecretValue(String type, String text, Map<String, String> fields) {
        this.type = type;
        this.text = text;
        this.fields = fields;
    }

    /** From a write request: exactly one of value and fields; a {@code json} value must be an object of strings. */
    public static SecretValue of(String type, String value, Map<String, String> fields) {
        if ((value == null) == (fields == null)) {
            throw ArcaException.invalid("value", "give exactly one of 'value' and 'fields'");
        }
        String resolvedType = type == null ? (fields != null ? JSON : STRING) : type;
        if (!resolvedType.equals(STRING) && !resolvedType.equals(JSON)) {
            throw ArcaException.invalid("type", "type must be 'string' or 'json'");
        }
        if (resolvedType.equals(STRING)) {
            if (value == null) {
                throw ArcaException.invalid("fields", "a 'string' secret has a value, not fields");
            }
            return new SecretValue(STRING, value, null);
        }
        Map<String, String> parsed = fields != null ? fields : parseObject(value);
        return structured(parsed);
    }

    /** From storage, after decryption. */
    static SecretValue decrypted(String type, byte[] plaintext) {
        String text = new String(plaintext, StandardCharsets.UTF_8);
        return type.equals(JSON) ? new SecretValue(JSON, text, parseObject(text)) : new SecretValue(type, text, null);
    }

    private static SecretValue structured(Map<String, String> fields) {
        if (fields.isEmpty()) {
            throw ArcaException.invalid("fields", "a structured secret needs at least one field");
        }
        for (var entry : fields.entrySet()) {
            String name = entry.getKey();
            if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_FIELD_NAME_BYTES
                    || name.chars().anyMatch(Character::isISOControl)) {
                throw ArcaException.invalid("fields", "field names must be 1-" + MAX_FIELD_NAME_BYTES
                        + " bytes without control characters");
            }
            if (entry.getValue() == null) {
                throw ArcaException.invalid("fields." + name, "field '" + name + "' must be a string");
            }
        }
        var sorted = new TreeMap<>(fields);
        try {
            return new SecretValue(JSON, MAPPER.writeValueAsString(sorted), java.util.Collections.unmodifiableMap(sorted));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    private static Map<String, String> parseObject(String text) {
        try {
            return MAPPER.readValue(text, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            // never echo the parser's message: it quotes the (secret) input
            throw ArcaException.invalid("value", "a 'json' secret's value must be a JSON object of string fields");
        }
    }

    public String type() {
        return type;
    }

    /** The value as text: the string itself, or the JSON object text of the fields. */
    public String text() {
        return text;
    }

    /** The fields of a structured value; {@code null} for a single string. */
    public Map<String, String> fields() {
        return fields;
    }

    byte[] plaintext() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SecretValue[type=" + type + ", value=<redacted>]";
    }
}
