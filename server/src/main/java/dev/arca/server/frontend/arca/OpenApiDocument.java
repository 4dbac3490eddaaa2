package dev.arca.server.frontend.arca;

import com.fasterxml.classmate.ResolvedType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaBuilder;
import com.github.victools.jsonschema.generator.SchemaGenerationContext;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import dev.arca.api.Json;
import dev.arca.api.SecretText;
import dev.arca.api.SecretText;
import dev.arca.server.route.QueryParameter;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import java.util.stream.Stream;

/**
 * {@code GET /v1/openapi.json}, generated from the same route declarations that drive routing: each route with its
 * path and query parameters (from its query record), and its request and answer bodies as JSON Schemas
 * (2020-12, the dialect of OpenAPI 3.1) under {@code components/schemas}. The schemas are made by victools'
 * generator from the api records as Arca's own {@link Json} mapper sees them, so a property is named and left out
 * exactly as on the wire.
 */
final class OpenApiDocument {
    private static final Pattern PARAM = Pattern.compile("[{<]([a-z_]+)[}>]");
    private static final ObjectMapper JSON = Json.lenient();
    private static final String SCHEMAS = "components/schemas";

    private OpenApiDocument() {}

    static Route route(List<Route> routes) {
        ObjectNode document = document(routes);
        return Route.get("/v1/openapi.json").operation("sys.openapi").summary("This API, as OpenAPI 3.1").sealedOk()
                .response(Map.class).handle(call -> Reply.ok(document));
    }

    static ObjectNode document(List<Route> routes) {
        SchemaBuilder schemas = schemaGenerator().buildMultipleSchemaDefinitions();
        ObjectNode paths = JSON.createObjectNode();
        for (Route route : routes) {
            String path = PARAM.matcher(route.path()).replaceAll(m -> "{" + Matcher.quoteReplacement(m.group(1)) + "}");
            ObjectNode operations = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
            operations.set(route.method().name().toLowerCase(Locale.ROOT), operation(route, schemas));
        }
        ObjectNode document = JSON.createObjectNode().put("openapi", "3.1.0");
        document.putObject("info").put("title", "Arca").put("version", "v1");
        ObjectNode components = document.putObject("components");
        components.putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer");
        document.set("paths", paths);
        // only now: the references made above are filled in (or inlined) as the definitions are collected
        components.set("schemas", schemas.collectDefinitions(SCHEMAS));
        return document;
    }

    private static ObjectNode operation(Route route, SchemaBuilder schemas) {
        ObjectNode operation = JSON.createObjectNode().put("operationId", route.operation())
                .put("summary", route.summary());
        ArrayNode parameters = operation.putArray("parameters");
        PARAM.matcher(route.path()).results().forEach(m -> {
            ObjectNode parameter = parameters.addObject().put("name", m.group(1)).put("in", "path")
                    .put("required", true);
            parameter.putObject("schema").put("type", "string");
        });
        for (QueryParameter query : route.queryParameters()) {
            ObjectNode parameter = parameters.addObject().put("name", query.name()).put("in", "query")
                    .put("required", query.required());
            if (query.list()) {
                parameter.put("style", "form").put("explode", false);
                parameter.putObject("schema").put("type", "array").set("items", valueSchema(query.value()));
            } else {
                parameter.set("schema", valueSchema(query.value()));
            }
        }
        if (route.requestBody() != null) {
            operation.putObject("requestBody").put("required", true).putObject("content")
                    .putObject("application/json").set("schema", schemas.createSchemaReference(route.requestBody()));
        }
        ObjectNode answer = operation.putObject("responses").putObject("default");
        if (route.responseBody() == null) {
            answer.put("description", "no content");
        } else {
            answer.put("description", route.responseBody().getSimpleName());
            answer.putObject("content").putObject("application/json")
                    .set("schema", schemas.createSchemaReference(route.responseBody()));
        }
        if (route.access() == Route.Access.AUTHENTICATED) {
            operation.putArray("security").addObject().putArray("bearer");
        }
        return operation;
    }

    /** The schema of one query value; an enum lists its constants as {@code QueryParameter} reads them. */
    private static ObjectNode valueSchema(Class<?> type) {
        ObjectNode schema = JSON.createObjectNode();
        if (type == Integer.class || type == Long.class) {
            return schema.put("type", "integer").put("format", type == Integer.class ? "int32" : "int64");
        }
        if (type == Boolean.class) {
            return schema.put("type", "boolean");
        }
        schema.put("type", "string");
        if (type.isEnum()) {
            ArrayNode values = schema.putArray("enum");
            Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                    .forEach(values::add);
        }
        return schema;
    }

    private static SchemaGenerator schemaGenerator() {
        var config = new SchemaGeneratorConfigBuilder(JSON, SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.RESPECT_JSONPROPERTY_REQUIRED,
                        JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE))
                .with(Option.DEFINITIONS_FOR_ALL_OBJECTS)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        config.forFields().withPropertyNameOverrideResolver(OpenApiDocument::wireName);
        config.forTypesInGeneral().withCustomDefinitionProvider(OpenApiDocument::secretText);
        config.forTypesInGeneral().withDefinitionNamingStrategy((key, context) -> definitionName(key.getType()));
        return new SchemaGenerator(config.build());
    }

    /**
     * A {@link SecretText} is written as its plain string ({@code @JsonValue}, which the generator does not follow);
     * {@code password} is OpenAPI's hint to hide what is typed.
     */
    private static @Nullable CustomDefinition secretText(ResolvedType type, SchemaGenerationContext context) {
        if (type.getErasedType() != SecretText.class) {
            return null;
        }
        ObjectNode schema = context.getGeneratorConfig().createObjectNode().put("type", "string")
                .put("format", "password");
        return new CustomDefinition(schema, CustomDefinition.DefinitionType.INLINE,
                CustomDefinition.AttributeInclusion.YES);
    }

    /**
     * {@code Secret.Put}, {@code Map_String_String}: unique where simple names are not ({@code Put} is in several
     * records), and within the characters OpenAPI allows in a component's name.
     */
    private static String definitionName(ResolvedType type) {
        Class<?> erased = type.getErasedType();
        String name = erased.getName().substring(erased.getPackageName().length() + 1).replace('$', '.');
        return Stream.concat(Stream.of(name), type.getTypeParameters().stream().map(OpenApiDocument::definitionName))
                .collect(Collectors.joining("_"));
    }

    /**
     * The name Arca's mapper gives the field on the wire (snake case, or what {@code @JsonProperty} says): the
     * generator's Jackson module reads annotations only, not the mapper's naming strategy.
     */
    private static @Nullable String wireName(FieldScope field) {
        var type = JSON.constructType(field.getDeclaringType().getErasedType());
        return JSON.getSerializationConfig().introspect(type).findProperties().stream()
                .filter(property -> property.getInternalName().equals(field.getDeclaredName()))
                .map(BeanPropertyDefinition::getName).findFirst().orElse(null);
    }
}
