package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Secrets over HTTP: the fixed read route, versions, bad input that changes nothing. */
class SecretsApiIT {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void fixedRouteById_returnsIdPathVersionTypeValue() {
        String id = server.root("PUT", "/v1/vaults/default/secrets/app/api-key", "{\"value\":\"s3cr3t\"}").json()
                .path("id").asText();
        server.root("PUT", "/v1/vaults/default/secrets/app/api-key", "{\"value\":\"rotated\"}");
        var latest = server.root("GET", "/v1/secrets/" + id, null).json();
        assertThat(id).startsWith("sk_");
        assertThat(latest.path("path").asText()).isEqualTo("app/api-key");
        assertThat(latest.path("version").asInt()).isEqualTo(2);
        assertThat(latest.path("type").asText()).isEqualTo("string");
        assertThat(latest.path("value").asText()).isEqualTo("rotated");
        assertThat(latest.has("fields")).isFalse();
        assertThat(server.root("GET", "/v1/secrets/" + id + "?version=1", null).json().path("value").asText())
                .isEqualTo("s3cr3t");
    }

    @Test
    void missingVersion_is404_badVersion_is400() {
        server.root("PUT", "/v1/vaults/default/secrets/app/k", "{\"value\":\"v\"}");
        assertThat(server.root("GET", "/v1/vaults/default/secrets/app/k?version=9", null).status()).isEqualTo(404);
        assertThat(server.root("GET", "/v1/vaults/default/secrets/app/k?version=zero", null).status()).isEqualTo(400);
        assertThat(server.root("GET", "/v1/vaults/default/secrets/app/k?version=0", null).status()).isEqualTo(400);
    }

    @Test
    void writeIntoMissingProject_is404SayingHowToCreateIt() {
        var response = server.root("PUT", "/v1/vaults/default/secrets/nope/k", "{\"value\":\"v\"}");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("error").path("message").asText()).contains("arca project create nope");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app//db", "app/db%00x", "app/d%0Ab", "app/%2e%2e/db", "app/db%5Cx", "app/%2E/db"})
    void badPathsInTheUrl_are400AndStoreNothing(String path) {
        var response = server.root("PUT", "/v1/vaults/default/secrets/" + path, "{\"value\":\"v\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_request");
        assertThat(server.root("GET", "/v1/vaults/default/secrets", null).json().path("data")).isEmpty();
    }

    @Test
    void dotDotSegmentsInTheUrl_are400() {
        var response = server.root("PUT", "/v1/vaults/default/secrets/app/x/../db", "{\"value\":\"v\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(server.root("GET", "/v1/vaults/default/secrets", null).json().path("data")).isEmpty();
    }

    @Test
    void pathOver512Bytes_is400() {
        var response = server.root("PUT", "/v1/vaults/default/secrets/app/" + "x".repeat(600), "{\"value\":\"v\"}");
        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void valueAndFieldsTogether_is400() {
        var response = server.root("PUT", "/v1/vaults/default/secrets/app/k", "{\"value\":\"v\",\"fields\":{\"a\":\"b\"}}");
        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void fieldValuesThatAreNotStrings_are400() {
        var response = server.root("PUT", "/v1/vaults/default/secrets/app/k", "{\"fields\":{\"port\":5432}}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("details").path("field").asText()).contains("port");
    }

    @Test
    void tamperedCursor_is400() {
        var response = server.root("GET", "/v1/vaults/default/secrets?cursor=!!notacursor", null);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo("cursor");
    }
}
