package dev.arca.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request pipeline through real HTTP: limits, request ids, the error format, seal check, authentication. */
class PipelineIT {
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
    void unknownRoute_isJson404WithRequestId() {
        var response = server.root("GET", "/v1/no/such/thing", null);
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.errorCode()).isEqualTo("not_found");
        assertThat(response.json().path("error").path("request_id").asText()).startsWith("req_")
                .isEqualTo(response.header("X-Request-Id"));
    }

    @Test
    void bodyOverOneMebibyte_is413AndStoresNothing() {
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
        String big = "{\"value\":\"" + "x".repeat(1024 * 1024) + "\"}";
        var response = server.root("PUT", "/v1/vaults/default/secrets/app/big", big);
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errorCode()).isEqualTo("payload_too_large");
        assertThat(server.root("GET", "/v1/vaults/default/secrets/app/big", null).status()).isEqualTo(404);
    }

    @Test
    void malformedJson_is400() {
        var response = server.root("POST", "/v1/vaults", "{\"name\":");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_request");
        assertThat(response.json().path("error").path("message").asText()).contains("not valid JSON");
    }

    @Test
    void wrongType_is400NamingTheField() {
        var response = server.root("POST", "/v1/sys/init", "{\"shares\":\"five\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo("shares");
    }

    @Test
    void secretFieldOfWrongType_is400SayingItMustBeAString() {
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
        var value = server.root("PUT", "/v1/vaults/default/secrets/app/db", "{\"value\":7}");
        assertThat(value.status()).isEqualTo(400);
        assertThat(value.json().path("error").path("message").asText()).isEqualTo("field 'value' must be a string");
        var field = server.root("PUT", "/v1/vaults/default/secrets/app/db", "{\"fields\":{\"password\":true}}");
        assertThat(field.json().path("error").path("message").asText())
                .isEqualTo("field 'fields.password' must be a string");
    }

    @Test
    void unknownField_is400NamingIt() {
        var response = server.root("POST", "/v1/vaults", "{\"name\":\"x\",\"colour\":\"red\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("message").asText()).contains("colour");
    }

    @Test
    void deeplyNestedJson_is400() {
        String deep = "{\"name\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        var response = server.root("POST", "/v1/vaults", deep);
        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void errorMessages_neverEchoTheSecretInput() {
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
        var response = server.root("PUT", "/v1/vaults/default/secrets/app/db",
                "{\"type\":\"json\",\"value\":\"hunter2-not-json\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("hunter2");
    }

    @Test
    void noToken_is401_badToken_is401() {
        assertThat(server.call("GET", "/v1/vaults", null, null).status()).isEqualTo(401);
        var response = server.call("GET", "/v1/vaults", "arca_notarealtoken", null);
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("unauthenticated");
    }

    @Test
    void sealed_answers503ForDataButHealthStillAnswers() {
        assertThat(server.root("POST", "/v1/sys/seal", null).status()).isEqualTo(200);
        var read = server.root("GET", "/v1/vaults", null);
        assertThat(read.status()).isEqualTo(503);
        assertThat(read.errorCode()).isEqualTo("sealed");
        var health = server.call("GET", "/v1/sys/health", null, null);
        assertThat(health.status()).isEqualTo(503);
        assertThat(health.json().path("sealed").asBoolean()).isTrue();
        assertThat(health.json().path("initialized").asBoolean()).isTrue();
    }

    @Test
    void metrics_countRequestsByOperationAndShowSealState() {
        server.root("GET", "/v1/vaults", null);
        var metrics = server.root("GET", "/v1/sys/metrics", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("arca_http_requests").contains("operation=\"vault.list\"")
                .contains("arca_sealed 0.0");
    }

    @Test
    void openApiDocument_listsEveryRoute() {
        var doc = server.call("GET", "/v1/openapi.json", null, null);
        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.json().path("paths").has("/v1/secrets/{secret_id}")).isTrue();
        assertThat(doc.json().path("paths").path("/v1/vaults/{vault}/secrets/{path}").has("put")).isTrue();
    }
}
