package dev.arca.server.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.arca.api.Json;
import dev.arca.api.SecretText;
import dev.arca.server.audit.AuditTrail;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.route.Call;
import dev.arca.server.route.Route;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The {@link Call} of one request: a view over the door's {@link Exchange} plus what the pipeline learnt so far. */
final class RequestCall implements Call {
    private static final ObjectMapper STRICT = Json.strict();

    private final Exchange exchange;
    private final String requestId;
    private final byte[] body;
    private final @Nullable Route route;
    private @Nullable Record query;
    private final Map<String, String> auditDetails = new LinkedHashMap<>();
    private final Map<String, String> sensitiveDetails = new LinkedHashMap<>();
    private @Nullable Principal principal;
    /** The request's arrival entry while it is queued but not yet known durable ({@link RequestAuditor}). */
    private AuditTrail.@Nullable Appending arrival;

    /** @param route the route being served; null for a request refused before any route was chosen */
    RequestCall(Exchange exchange, String requestId, byte[] body, @Nullable Route route) {
        this.exchange = exchange;
        this.requestId = requestId;
        this.body = body;
        this.route = route;
    }

    void arrivalQueued(AuditTrail.Appending entry) {
        arrival = entry;
    }

    /** The arrival entry still to wait for, once: whoever takes it must see it durable before the answer. */
    AuditTrail.@Nullable Appending takeArrival() {
        var entry = arrival;
        arrival = null;
        return entry;
    }

    void authenticatedAs(Principal principal) {
        this.principal = principal;
    }

    /** The body exactly as received: what a request signature covers. */
    @Override
    public byte[] rawBody() {
        return body;
    }

    @Override
    public InputStream bodyStream() throws IOException {
        if (route == null || !route.streamedBody()) {
            throw new IllegalStateException("the pipeline read this body: rawBody() holds it");
        }
        return exchange.body();
    }

    Map<String, String> auditDetails() {
        return auditDetails;
    }

    Map<String, String> sensitiveDetails() {
        return sensitiveDetails;
    }

    @Override
    public String requestId() {
        return requestId;
    }

    @Override
    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    @Override
    public String sourceIp() {
        return exchange.sourceIp();
    }

    /** {@code unix} for a request received on the Unix socket; empty over TCP. */
    Optional<String> transport() {
        return exchange.transport();
    }

    @Override
    public String pathParam(String name) {
        return exchange.pathParam(name);
    }

    @Override
    public <T extends Record> T query(Class<T> type) {
        if (route == null || route.query() != type) {
            throw new IllegalStateException("the route does not declare query(" + type.getSimpleName() + ".class)");
        }
        if (query == null) {
            query = QueryBinder.bind(type, route.queryParameters(), exchange::query);
        }
        return type.cast(query);
    }

    /** Binds the route's query record, if it declares one, so a value that does not fit is refused now. */
    void bindQuery() {
        Class<? extends Record> declared = route == null ? null : route.query();
        if (declared != null) {
            query(declared);
        }
    }

    @Override
    public <T> T body(Class<T> type) {
        if (body.length == 0) {
            throw ArcaException.invalid("body", "this request needs a JSON body");
        }
        WellFormedText.checkJsonBody(body);
        try {
            return STRICT.readValue(body, type);
        } catch (StreamConstraintsException e) {
            throw ArcaException.invalid("body", "the JSON body is beyond a limit: nesting at most "
                    + Json.MAX_NESTING_DEPTH + " levels, numbers at most 1000 digits");
        } catch (UnrecognizedPropertyException e) {
            throw ArcaException.invalid(e.getPropertyName(), "unknown field '" + e.getPropertyName()
                    + "'; expected " + e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                            .collect(Collectors.joining(", ")));
        } catch (MismatchedInputException e) {
            // Jackson's own message may quote the input, which can be a secret: name only the field and the type.
            String field = fieldPath(e);
            String expected = e.getTargetType() == null ? "another type" : describe(e.getTargetType());
            throw ArcaException.invalid(field, "field '" + field + "' must be " + expected);
        } catch (JsonProcessingException e) {
            String duplicate = duplicateName(e);
            if (duplicate != null) {
                throw ArcaException.invalid(duplicate, "field '" + duplicate + "' is given twice; give it once");
            }
            InputCoercionException outOfRange = outOfRange(e);
            if (outOfRange != null) {
                String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                        ? fieldPath(mapping) : currentName(outOfRange);
                throw ArcaException.invalid(field, "field '" + field + "' is a number out of range: it must be a "
                        + "whole number " + range(outOfRange.getTargetType()));
            }
            if (e.getProcessor() instanceof JsonParser parser && parser.currentToken() != null
                    && parser.currentToken().isNumeric()) {
                String field = currentName(e);
                throw ArcaException.invalid(field, "field '" + field + "' is a number out of range");
            }
            throw ArcaException.invalid("body", "the body is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw ArcaException.invalid("body", "the body could not be read");
        }
    }

    @Override
    public <T> Optional<T> optionalBody(Class<T> type) {
        return body.length == 0 ? Optional.empty() : Optional.of(body(type));
    }

    @Override
    public Optional<String> header(String name) {
        return exchange.header(name);
    }

    @Override
    public Map<String, String> form() {
        Map<String, String> fields = new LinkedHashMap<>();
        if (!WellFormedText.isUtf8(body)) {
            throw ArcaException.invalid("body", "the form body is not UTF-8; send it as UTF-8");
        }
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8);
        for (String pair : text.isEmpty() ? new String[0] : text.split("&")) {
            int eq = pair.indexOf('=');
            String name = UrlEncoded.decode(eq < 0 ? pair : pair.substring(0, eq), "body", "the form body");
            String value = eq < 0 ? "" : UrlEncoded.decode(pair.substring(eq + 1), name, "form field '" + name + "'");
            if (fields.put(name, value) != null) {
                throw ArcaException.invalid(name, "form field '" + name + "' is repeated");
            }
        }
        return fields;
    }

    /**
     * The name a body gives twice (strict duplicate detection), or null for any other parse error. Jackson reports
     * duplicates only through its message; the name comes from the parser, never from the message.
     */
    private static @Nullable String duplicateName(JsonProcessingException e) {
        boolean duplicate = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
        return duplicate ? currentName(e) : null;
    }

    /** The field the parser stood on when it failed ({@code body} when it cannot tell), taken from the parser. */
    private static String currentName(JsonProcessingException e) {
        try {
            String name = e.getProcessor() instanceof JsonParser parser ? parser.currentName() : null;
            return name == null ? "body" : name;
        } catch (IOException ignored) {
            return "body";
        }
    }

    /** The number-past-its-type failure behind {@code e} (databind wraps the parser's in its own), or null. */
    private static @Nullable InputCoercionException outOfRange(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InputCoercionException coercion) {
                return coercion;
            }
        }
        return null;
    }

    private static String range(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return "from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        return "that fits the field";
    }

    private static String fieldPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
        return path.isEmpty() ? "body" : path;
    }

    private static String describe(Class<?> type) {
        if (type == String.class || type == SecretText.class) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object of strings";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    @Override
    public void audit(String key, String value) {
        auditDetails.put(key, value);
    }

    @Override
    public void auditSensitive(String key, String value) {
        sensitiveDetails.put(key, value);
    }
}
