package dev.arca.server.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;

/** The JSON engines keep in their columns and key material: Arca's strict mapper, failures as bugs. */
public final class StoredJson {
    private static final ObjectMapper JSON = Json.strict();

    private StoredJson() {}

    public static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static <T> T read(String text, TypeReference<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored value does not parse", e);
        }
    }
}
