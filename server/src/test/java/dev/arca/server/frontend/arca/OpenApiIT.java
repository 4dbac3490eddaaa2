package dev.arca.server.frontend.arca;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import dev.arca.server.route.Route;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/openapi.json} is generated from the route declarations: every declared route is in it. */
class OpenApiIT {
    private static final Pattern PARAM = Pattern.compile("[{<]([a-z_]+)[}>]");

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyDeclaredRoute_appearsWithItsOperationAndPathParameters() {
        JsonNode paths = server.call("GET", "/v1/openapi.json", null, null).json().path("paths");
        assertThat(server.routes()).hasSizeGreaterThan(50);
        for (Route route : server.routes()) {
            String path = PARAM.matcher(route.path()).replaceAll(m -> "{" + Matcher.quoteReplacement(m.group(1)) + "}");
            JsonNode operation = paths.path(path).path(route.method().name().toLowerCase(Locale.ROOT));
            assertThat(operation.path("operationId").asText()).as(route.method() + " " + path)
                    .isEqualTo(route.operation());
            assertThat(operation.path("parameters")).as(route.operation())
                    .hasSize((int) PARAM.matcher(route.path()).results().count());
            assertThat(operation.has("security")).as(route.operation())
                    .isEqualTo(route.access() == Route.Access.AUTHENTICATED);
        }
    }
}
