package dev.arca.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Naming a secret by its {@code sk_…} id is no oracle: for an id the caller may not read — unknown, known but
 * outside its policies, or of another vault — every route that takes ids answers the same status, code and
 * message, with neither the path nor the vault in it.
 */
@Tag("hostile")
class SecretIdHostileIT {
    private static final String UNKNOWN = "sk_unknown0000000000000";

    @TempDir
    Path dir;
    TestServer server;
    String token;
    String unreadable;
    String foreign;
    List<String> leaks;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
        server.root("PUT", "/v1/vaults/default/secrets/app/visible", "{\"value\":\"v\"}");
        unreadable = server.root("PUT", "/v1/vaults/default/secrets/app/hidden-db", "{\"value\":\"h\"}").json()
                .path("id").asText();
        String otherVaultId = server.root("POST", "/v1/vaults", "{\"name\":\"faraway\"}").json().path("id").asText();
        server.root("POST", "/v1/vaults/faraway/projects", "{\"name\":\"remote\"}");
        foreign = server.root("PUT", "/v1/vaults/faraway/secrets/remote/far-db", "{\"value\":\"f\"}").json()
                .path("id").asText();
        String defaultVaultId = server.root("GET", "/v1/vaults/default", null).json().path("id").asText();
        server.root("PUT", "/v1/vaults/default/policies/narrow",
                "{\"rules\":[{\"path\":\"app/visible\",\"permissions\":[\"read\",\"list\"]}]}");
        token = server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"narrow\"]}").json()
                .path("token").asText();
        leaks = List.of("hidden-db", "app/", "far-db", "remote", "faraway", otherVaultId, defaultVaultId);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void readById_refusesEveryUnreadableIdAlike() {
        assertAlike(id -> server.call("GET", "/v1/secrets/" + id, token, null));
    }

    @Test
    void metadataDeleteUndeleteAndDestroyById_refuseEveryIdTheCallerMayNotTouchAlike() {
        assertAlike(id -> server.call("GET", "/v1/secrets/" + id + "/metadata", token, null));
        assertAlike(id -> server.call("PATCH", "/v1/secrets/" + id + "/metadata", token, "{\"description\":\"x\"}"));
        assertAlike(id -> server.call("DELETE", "/v1/secrets/" + id, token, null));
        assertAlike(id -> server.call("DELETE", "/v1/secrets/" + id + "?permanent=true", token, null));
        assertAlike(id -> server.call("POST", "/v1/secrets/" + id + "/undelete", token, "{}"));
        assertAlike(id -> server.call("POST", "/v1/secrets/" + id + "/destroy", token, "{\"versions\":[1]}"));
        assertThat(server.root("GET", "/v1/secrets/" + unreadable, null).json().path("value").asText())
                .as("nothing was changed by the refused calls").isEqualTo("h");
    }

    @Test
    void watchById_refusesEveryUnwatchableIdAlike() {
        assertAlike(id -> server.call("GET", "/v1/secrets/" + id + "/watch?since=0&wait=0", token, null));
    }

    @Test
    void eventStream_refusesEveryUnwatchableIdAlike() {
        assertAlike(id -> server.call("GET", "/v1/vaults/default/events?secrets=" + id, token, null));
    }

    @Test
    void batchRead_reportsEveryUnreadableIdAlike() {
        assertItemsAlike(id -> server.call("POST", "/v1/vaults/default/secrets/batch", token,
                "{\"paths\":[],\"ids\":[\"" + id + "\"]}").json().path("errors").path(id));
    }

    @Test
    void resolve_reportsEveryUnreadableIdAlike() {
        assertItemsAlike(id -> server.call("POST", "/v1/vaults/default/resolve", token,
                "{\"refs\":[\"arca://" + id + "\"]}").json().path("errors").path("arca://" + id));
    }

    private void assertAlike(Function<String, TestServer.Response> ask) {
        var unknown = ask.apply(UNKNOWN);
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(403);
        for (String id : List.of(unreadable, foreign)) {
            var answer = ask.apply(id);
            assertThat(answer.status()).as(answer.body()).isEqualTo(unknown.status());
            assertThat(answer.errorCode()).isEqualTo(unknown.errorCode());
            assertThat(message(answer.json())).isEqualTo(message(unknown.json()));
            assertThat(answer.body()).doesNotContain(leaks);
        }
    }

    private void assertItemsAlike(Function<String, JsonNode> errorOf) {
        JsonNode unknown = errorOf.apply(UNKNOWN);
        assertThat(unknown.path("code").asText()).isEqualTo("access_denied");
        for (String id : List.of(unreadable, foreign)) {
            JsonNode error = errorOf.apply(id);
            assertThat(error.path("code").asText()).isEqualTo(unknown.path("code").asText());
            assertThat(error.path("message").asText())
                    .isEqualTo(unknown.path("message").asText());
            assertThat(error.toString()).doesNotContain(leaks);
        }
    }

    private static String message(JsonNode body) {
        return body.path("error").path("message").asText();
    }
}
