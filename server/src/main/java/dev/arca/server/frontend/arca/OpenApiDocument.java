package dev.arca.server.frontend.arca;

import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code GET /v1/openapi.json}, generated from the same route declarations that drive routing. */
final class OpenApiDocument {
    private static final Pattern PARAM = Pattern.compile("[{<]([a-z_]+)[}>]");

    private OpenApiDocument() {}

    static Route route(List<Route> routes) {
        Map<String, Object> document = document(routes);
        return Route.get("/v1/openapi.json").operation("sys.openapi").summary("This API, as OpenAPI 3.1").sealedOk()
                .response(Map.class).handle(call -> Reply.ok(document));
    }

    static Map<String, Object> document(List<Route> routes) {
        Map<String, Map<String, Object>> paths = new LinkedHashMap<>();
        for (Route route : routes) {
            String path = PARAM.matcher(route.path()).replaceAll(m -> "{" + Matcher.quoteReplacement(m.group(1)) + "}");
            Map<String, Object> operation = new LinkedHashMap<>();
            operation.put("operationId", route.operation());
            operation.put("summary", route.summary());
            operation.put("parameters", PARAM.matcher(route.path()).results()
                    .map(m -> Map.of("name", m.group(1), "in", "path", "required", true,
                            "schema", Map.of("type", "string")))
                    .toList());
            if (route.requestBody() != null) {
                operation.put("requestBody", Map.of("required", true, "content",
                        Map.of("application/json", Map.of("schema", Map.of("title", route.requestBody().getSimpleName())))));
            }
            operation.put("responses", Map.of("default", Map.of("description",
                    route.responseBody() == null ? "no content" : route.responseBody().getSimpleName())));
            if (route.access() == Route.Access.AUTHENTICATED) {
                operation.put("security", List.of(Map.of("bearer", List.of())));
            }
            paths.computeIfAbsent(path, p -> new LinkedHashMap<>()).put(route.method().name().toLowerCase(Locale.ROOT),
                    operation);
        }
        return Map.of("openapi", "3.1.0",
                "info", Map.of("title", "Arca", "version", "v1"),
                "components", Map.of("securitySchemes", Map.of("bearer", Map.of("type", "http", "scheme", "bearer"))),
                "paths", paths);
    }
}
