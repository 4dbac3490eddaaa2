package dev.arca.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ?metadata=true} on the reads: the value and what is said about it, in one answer. */
class SecretReadMetadataIT {
    private static final String DB = "/v1/vaults/default/secrets/app/db";

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
        server.root("PUT", DB, "{\"type\":\"password\",\"value\":\"one\",\"description\":\"main db\","
                + "\"tags\":[\"prod\"],\"custom\":{\"owner\":\"ops\"}}");
        server.root("PUT", DB, "{\"type\":\"password\",\"value\":\"two\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readWithMetadata_carriesDescriptionTagsCustomAndVersions_besideTheValue() {
        var response = server.root("GET", DB + "?metadata=true", null);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode secret = response.json();
        assertThat(secret.path("value").asText()).isEqualTo("two");
        assertThat(secret.path("type").asText()).isEqualTo("password");
        JsonNode metadata = secret.path("metadata");
        assertThat(metadata.path("description").asText()).isEqualTo("main db");
        assertThat(metadata.path("tags").toString()).isEqualTo("[\"prod\"]");
        assertThat(metadata.path("custom").path("owner").asText()).isEqualTo("ops");
        assertThat(metadata.path("current_version").asInt()).isEqualTo(2);
        assertThat(metadata.path("versions").size()).isEqualTo(2);
        assertThat(metadata.path("id").asText()).isEqualTo(secret.path("id").asText());

        var byId = server.root("GET", "/v1/secrets/" + secret.path("id").asText() + "?metadata=true&version=1", null)
                .json();
        assertThat(byId.path("value").asText()).isEqualTo("one");
        assertThat(byId.path("metadata").path("description").asText()).isEqualTo("main db");
    }

    @Test
    void withoutTheParameter_orFalse_theAnswerHasNoMetadata() {
        assertThat(server.root("GET", DB, null).json().has("metadata")).isFalse();
        assertThat(server.root("GET", DB + "?metadata=false", null).json().has("metadata")).isFalse();
    }

    @Test
    void aMetadataValueThatIsNotABoolean_is400NamingIt() {
        var response = server.root("GET", DB + "?metadata=yes", null);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_request");
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo("metadata");
    }

    @Test
    void metadataNeedsNoMoreThanRead_andAReaderWithoutReadGetsNeither() {
        server.root("PUT", "/v1/vaults/default/policies/listers", "{\"rules\":[{\"path\":\"app/**\","
                + "\"permissions\":[\"list\"]}]}");
        String token = server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"listers\"]}")
                .json().path("token").asText();
        var refused = server.call("GET", DB + "?metadata=true", token, null);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).doesNotContain("main db");
    }
}
