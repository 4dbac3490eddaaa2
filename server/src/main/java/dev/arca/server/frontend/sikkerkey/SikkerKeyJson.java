package dev.arca.server.frontend.sikkerkey;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.arca.server.error.ArcaException;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import java.util.Optional;

/**
 * JSON as the SikkerKey clients write and read it: camelCase keys, and every key of an answer present, nulls
 * included ({@code "fieldNames": null}), since a strict client (Kotlin) decodes exactly the documented keys. Bodies
 * are parsed from the bytes received (the same bytes the signature covered); unknown request keys are ignored.
 */
final class SikkerKeyJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private SikkerKeyJson() {}

    /** A 200 answer: the only success status the clients accept on signed routes. */
    static Reply ok(Object body) {
        return reply(200, body);
    }

    static Reply reply(int status, Object body) {
        try {
            return Reply.bytes(status, JSON.writeValueAsBytes(body), "application/json");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a SikkerKey answer of records and strings always serialises", e);
        }
    }

    /** {@code value} as JSON text (the field names the clients want as a string holding a JSON array). */
    static String text(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a list of strings always serialises", e);
        }
    }

    /** The request body as {@code type}; empty for an empty body; 400 when it is not that JSON. */
    static <T> Optional<T> body(Call call, Class<T> type) {
        byte[] raw = call.rawBody();
        if (raw.length == 0) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readValue(raw, type));
        } catch (java.io.IOException e) {
            throw ArcaException.invalid("body", "the body must be a JSON object like " + example(type));
        }
    }

    private static String example(Class<?> type) {
        var names = new StringBuilder("{");
        for (var component : type.getRecordComponents()) {
            names.append(names.length() > 1 ? ", " : "").append('"').append(component.getName()).append("\": …");
        }
        return names.append('}').toString();
    }
}
