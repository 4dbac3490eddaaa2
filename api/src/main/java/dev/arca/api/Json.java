package dev.arca.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;

/**
 * The one JSON mapping of the wire records: snake_case names, nulls left out, ISO-8601 instants as strings
 * with milliseconds ({@link Timestamps}).
 * Server and SDK both use it, so the two cannot disagree on a field name.
 */
public final class Json {
    /** Deepest JSON nesting accepted anywhere; wire records are a few levels deep. */
    public static final int MAX_NESTING_DEPTH = 32;

    private Json() {}

    /** For reading requests: unknown fields and trailing tokens are errors, so a typo is not silently ignored. */
    public static ObjectMapper strict() {
        return base().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // a number or boolean where a string is expected is a mistake to report, not to convert
                .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // 1.5 where a count is expected is a mistake, not 1
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                // {"effect":"deny","effect":"allow"} must not quietly mean the last one
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    /** For reading responses: newer servers may add fields. */
    public static ObjectMapper lenient() {
        return base().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    private static JsonMapper.Builder base() {
        var factory = JsonMapper.builder().build().getFactory();
        factory.setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build());
        return JsonMapper.builder(factory)
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("arca-timestamps").addSerializer(Instant.class, new TimestampSerializer()))
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** Every instant in milliseconds with a fixed fraction ({@link Timestamps}), not Jackson's variable one. */
    private static final class TimestampSerializer extends StdSerializer<Instant> {
        TimestampSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            generator.writeString(Timestamps.format(value));
        }
    }
}
