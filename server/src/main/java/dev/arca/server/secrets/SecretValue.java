package dev.arca.server.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.api.TransitKey;
import dev.arca.server.error.ArcaException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A decrypted secret value: a single string ({@code string}, {@code password}, {@code api_key},
 * {@code certificate}, {@code ssh_key}) or structured fields ({@code json}, {@code connection}).
 * {@link #toString()} never shows it; the bytes leave only through {@link #plaintext()}, on the way to the cipher.
 * Field names are 1-256 bytes without control characters and flatten to a usable environment name
 * ({@link EnvNames}), so every structured secret can be exported.
 */
public final class SecretValue {
    public static final String STRING = "string";
    public static final String JSON = "json";
    public static final String CONNECTION = "connection";
    /** Types that carry one value. */
    public static final Set<String> SINGLE_TYPES = Set.of(STRING, "password", "api_key", "certificate", "ssh_key");
    /** Types that carry fields. */
    public static final Set<String> STRUCTURED_TYPES = Set.of(JSON, CONNECTION);
    private static final int MAX_FIELD_NAME_BYTES = 256;
    private static final ObjectMapper MAPPER = Json.strict();

    private final String type;
    private final String text;
    private final @Nullable Map<String, String> fields;

    private SecretValue(String type, String text, @Nullable Map<String, String> fields) {
        this.type = type;
        this.text = text;
        this.fields = fields;
    }

    /**
     * From a write request: exactly one of value and fields. A structured type given a {@code value} takes it as
     * the JSON text of an object of strings.
     */
    public static SecretValue of(@Nullable String type, @Nullable String value,
            @Nullable Map<String, String> fields) {
        if ((value == null) == (fields == null)) {
            throw ArcaException.invalid("value", "give exactly one of 'value' and 'fields'");
        }
        String resolvedType = type == null ? (fields != null ? JSON : STRING) : type;
        if (TransitKey.TYPE.equals(resolvedType)) {
            throw ArcaException.invalid("type", "a transit key's keys are made inside the vault, never written: "
                    + "create one with POST /v1/vaults/{vault}/transit/{path}");
        }
        if (SINGLE_TYPES.contains(resolvedType)) {
            if (value == null) {
                throw ArcaException.invalid("fields", "a '" + resolvedType + "' secret has a value, not fields");
            }
            return new SecretValue(resolvedType, value, null);
        }
        if (!STRUCTURED_TYPES.contains(resolvedType)) {
            throw ArcaException.invalid("type", "type must be one of string, password, api_key, certificate, "
                    + "ssh_key (a single value) or json, connection (fields)");
        }
        return structured(resolvedType, fields != null ? fields
                : parseObject(Objects.requireNonNull(value, "exactly one of value and fields is given")));
    }

    /** From storage, after decryption. */
    static SecretValue decrypted(String type, byte[] plaintext) {
        String text = new String(plaintext, StandardCharsets.UTF_8);
        return STRUCTURED_TYPES.contains(type) ? new SecretValue(type, text, parseObject(text))
                : new SecretValue(type, text, null);
    }

    public static boolean isStructured(String type) {
        return STRUCTURED_TYPES.contains(type);
    }

    private static SecretValue structured(String type, Map<String, String> fields) {
        if (fields.isEmpty()) {
            throw ArcaException.invalid("fields", "a structured secret needs at least one field");
        }
        for (var entry : fields.entrySet()) {
            checkFieldName(entry.getKey());
            if (entry.getValue() == null) {
                throw ArcaException.invalid("fields." + entry.getKey(), "field '" + entry.getKey()
                        + "' must be a string");
            }
        }
        var sorted = new TreeMap<>(fields);
        try {
            return new SecretValue(type, MAPPER.writeValueAsString(sorted), Collections.unmodifiableMap(sorted));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serialises", e);
        }
    }

    private static void checkFieldName(String name) {
        if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_FIELD_NAME_BYTES
                || name.chars().anyMatch(Character::isISOControl)) {
            throw ArcaException.invalid("fields", "field names must be 1-" + MAX_FIELD_NAME_BYTES
                    + " bytes without control characters");
        }
        if (!EnvNames.usable(name)) {
            throw ArcaException.invalid("fields", "field name '" + name + "' does not make an environment variable "
                    + "name (it flattens to '" + EnvNames.of(name) + "'); use letters, digits, '_' or '-', starting "
                    + "with a letter");
        }
    }

    private static Map<String, String> parseObject(String text) {
        try {
            return MAPPER.readValue(text, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            // never echo the parser's message: it quotes the (secret) input
            throw ArcaException.invalid("value", "a structured secret's value must be a JSON object of string fields");
        }
    }

    public String type() {
        return type;
    }

    /** The value as text: the string itself, or the JSON object text of the fields. */
    public String text() {
        return text;
    }

    /** The fields of a structured value; {@code null} for a single value. */
    public @Nullable Map<String, String> fields() {
        return fields;
    }

    /** The field names in order, {@code null} for a single value: stored beside the ciphertext for listings. */
    public @Nullable List<String> fieldNames() {
        return fields == null ? null : List.copyOf(fields.keySet());
    }

    byte[] plaintext() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SecretValue[type=" + type + ", value=<redacted>]";
    }
}
