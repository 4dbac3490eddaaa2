package dev.arca.server.frontend.arca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.SecretText;
import dev.arca.server.TestServer;
import dev.arca.server.route.QueryParameter;
import dev.arca.server.route.Route;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/openapi.json} is generated from the route declarations: every declared route is in it with its
 * path and query parameters, bodies have JSON Schemas named as on the wire, and every {@code $ref} resolves to a
 * component named as OpenAPI 3.1 allows.
 */
class OpenApiIT {
    private static final Pattern PARAM = Pattern.compile("[{<]([a-z_]+)[}>]");
    private static final String SCHEMAS = "#/components/schemas/";

    @TempDir
    Path dir;
    TestServer server;
    JsonNode document;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        document = server.call("GET", "/v1/openapi.json", null, null).json();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyDeclaredRoute_appearsWithItsOperationAndPathParameters() {
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(server.routes()).hasSizeGreaterThan(50);
        for (Route route : server.routes()) {
            JsonNode operation = operation(route);
            assertThat(operation.path("operationId").asText()).as(route.method() + " " + route.path())
                    .isEqualTo(route.operation());
            assertThat(names(operation, "path")).as(route.operation())
                    .containsExactlyElementsOf(PARAM.matcher(route.path()).results().map(m -> m.group(1)).toList());
            assertThat(operation.has("security")).as(route.operation())
                    .isEqualTo(route.access() == Route.Access.AUTHENTICATED);
        }
    }

    @Test
    void everyQueryParameter_appearsWithItsSchema() {
        for (Route route : server.routes()) {
            assertThat(names(operation(route), "query")).as(route.operation())
                    .containsExactlyElementsOf(route.queryParameters().stream().map(QueryParameter::name).toList());
        }
        JsonNode listing = operation("/v1/vaults/{vault}/secrets", "get").path("parameters");
        assertThat(parameter(listing, "limit").path("schema").path("type").asText()).isEqualTo("integer");
        assertThat(parameter(listing, "limit").path("required").asBoolean()).isFalse();
        assertThat(parameter(listing, "recursive").path("schema").path("type").asText()).isEqualTo("boolean");
        JsonNode machines = operation("/v1/vaults/{vault}/machines", "get").path("parameters");
        assertThat(parameter(machines, "status").path("schema").path("enum")).extracting(JsonNode::asText)
                .contains("pending", "active");
        JsonNode watch = operation("/v1/secrets/{secret_id}/watch", "get").path("parameters");
        assertThat(parameter(watch, "wait").path("schema").path("type").asText()).isEqualTo("string");
    }

    @Test
    void everyRequestBody_hasASchemaWithItsWireProperties() {
        for (Route route : server.routes()) {
            if (route.requestBody() != null) {
                JsonNode schema = resolve(operation(route).path("requestBody").path("content")
                        .path("application/json").path("schema"));
                assertThat(schema.path("properties").size()).as(route.operation()).isPositive();
            }
        }
        JsonNode put = resolve(operation("/v1/vaults/{vault}/secrets/{path}", "put").path("requestBody")
                .path("content").path("application/json").path("schema"));
        assertThat(put.path("properties").has("max_versions")).as(put.toString()).isTrue();
        assertThat(put.path("properties").has("maxVersions")).isFalse();
        // a SecretText is its plain string on the wire; "password" tells a UI to hide what is typed
        JsonNode value = resolve(put.path("properties").path("value"));
        assertThat(value.path("type").asText()).as(value.toString()).isEqualTo("string");
        assertThat(value.path("format").asText()).isEqualTo("password");
    }

    @Test
    void everyReference_resolvesInsideTheDocument() {
        document.path("components").path("schemas").fieldNames().forEachRemaining(name ->
                assertThat(name).as("OpenAPI's component names").matches("[a-zA-Z0-9._-]+"));
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith(SCHEMAS);
            assertThat(document.path("components").path("schemas").has(ref.substring(SCHEMAS.length())))
                    .as(ref).isTrue();
        }
    }

    private JsonNode operation(Route route) {
        String path = PARAM.matcher(route.path()).replaceAll(m -> "{" + Matcher.quoteReplacement(m.group(1)) + "}");
        return operation(path, route.method().name().toLowerCase(Locale.ROOT));
    }

    private JsonNode operation(String path, String method) {
        return document.path("paths").path(path).path(method);
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText();
        return ref.isEmpty() ? schema
                : document.path("components").path("schemas").path(ref.substring(SCHEMAS.length()));
    }

    private static List<String> names(JsonNode operation, String in) {
        return StreamSupport.stream(operation.path("parameters").spliterator(), false)
                .filter(p -> p.path("in").asText().equals(in)).map(p -> p.path("name").asText()).toList();
    }

    private static JsonNode parameter(JsonNode parameters, String name) {
        return StreamSupport.stream(parameters.spliterator(), false).filter(p -> p.path("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("no parameter " + name + " in " + parameters));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject() && node.has("$ref")) {
            refs.add(node.get("$ref").asText());
        }
        node.forEach(child -> collectRefs(child, refs));
    }
}
