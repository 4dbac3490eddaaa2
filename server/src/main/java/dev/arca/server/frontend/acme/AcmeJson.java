package dev.arca.server.frontend.acme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** Jackson trees turned into the plain maps Nimbus parses JWKs and JWSs from. */
final class AcmeJson {
    private static final ObjectMapper JSON = Json.lenient();

    private AcmeJson() {}

    /** The tree as maps, lists, strings, numbers and booleans. */
    static Object plain(JsonNode node) {
        return JSON.convertValue(node, Object.class);
    }

    static Map<String, Object> stringKeys(Map<?, ?> map) {
        var copy = new LinkedHashMap<String, Object>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }
}
