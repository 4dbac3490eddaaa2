package dev.arca.server.database;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;

/** The JSON the engine keeps in its columns and key material: Arca's strict mapper, failures as bugs. */
final class StoredJson {
    private static final ObjectMapper JSON = Json.strict();

    private StoredJson() {}

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T read(String text, TypeReference<T> type) {
        try {
            return JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored database engine value does not parse", e);
        }
    }
}
