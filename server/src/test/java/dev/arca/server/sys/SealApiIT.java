package dev.arca.server.sys;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** init, unseal, seal and health through HTTP. */
class SealApiIT {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void freshServer_isNotInitialized_healthAnswers501() {
        var health = server.call("GET", "/v1/sys/health", null, null);
        assertThat(health.status()).isEqualTo(501);
        assertThat(health.json().path("initialized").asBoolean()).isFalse();
        assertThat(server.call("GET", "/v1/vaults", null, null).errorCode()).isEqualTo("sealed");
    }

    @Test
    void init5of3_thenAnyThreeKeysUnseal() {
        JsonNode init = server.call("POST", "/v1/sys/init", null, "{\"shares\":5,\"threshold\":3}").json();
        List<String> keys = new ArrayList<>();
        init.path("unseal_keys").forEach(k -> keys.add(k.asText()));
        assertThat(keys).hasSize(5).doesNotHaveDuplicates();
        assertThat(init.path("root_token").asText()).startsWith("arca_");
        assertThat(server.call("GET", "/v1/sys/health", null, null).status()).isEqualTo(503);

        assertThat(server.unseal(keys.get(4)).json().path("progress").asInt()).isEqualTo(1);
        assertThat(server.unseal(keys.get(1)).json().path("progress").asInt()).isEqualTo(2);
        JsonNode done = server.unseal(keys.get(3)).json();
        assertThat(done.path("sealed").asBoolean()).isFalse();
        assertThat(server.call("GET", "/v1/sys/health", null, null).status()).isEqualTo(200);
    }

    @Test
    void wrongKey_isRefusedAndProgressUnchanged() {
        JsonNode init = server.call("POST", "/v1/sys/init", null, "{\"shares\":5,\"threshold\":3}").json();
        server.unseal(init.path("unseal_keys").get(0).asText());
        var wrong = server.unseal("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyAh");
        assertThat(wrong.status()).isEqualTo(400);
        var garbage = server.unseal("not a key at all");
        assertThat(garbage.status()).isEqualTo(400);
        var again = server.unseal(init.path("unseal_keys").get(0).asText());
        assertThat(again.status()).isEqualTo(400);
        assertThat(server.call("GET", "/v1/sys/seal-status", null, null).json().path("progress").asInt()).isEqualTo(1);
    }

    @Test
    void secondInit_isConflict_badShares_is400() {
        assertThat(server.call("POST", "/v1/sys/init", null, "{\"shares\":2,\"threshold\":3}").status()).isEqualTo(400);
        assertThat(server.call("POST", "/v1/sys/init", null, "{}").status()).isEqualTo(200);
        assertThat(server.call("POST", "/v1/sys/init", null, "{}").status()).isEqualTo(409);
    }

    @Test
    void seal_needsRootToken() {
        server.initAndUnseal();
        var child = server.root("POST", "/v1/tokens", "{\"policies\":[\"reader\"]}").json().path("token").asText();
        assertThat(server.call("POST", "/v1/sys/seal", child, null).status()).isEqualTo(403);
        assertThat(server.call("POST", "/v1/sys/seal", null, null).status()).isEqualTo(401);
        assertThat(server.root("POST", "/v1/sys/seal", null).json().path("sealed").asBoolean()).isTrue();
    }

    @Test
    void rekey_needsRootAndTheCurrentKeys_andAnswersTheNewOnesOnce() {
        JsonNode init = server.call("POST", "/v1/sys/init", null, "{\"shares\":3,\"threshold\":2}").json();
        List<String> keys = new ArrayList<>();
        init.path("unseal_keys").forEach(k -> keys.add(k.asText()));
        server.unseal(keys.get(0));
        server.unseal(keys.get(1));
        String root = init.path("root_token").asText();
        var child = server.call("POST", "/v1/tokens", root, "{\"policies\":[\"reader\"]}").json().path("token").asText();
        assertThat(server.call("POST", "/v1/sys/rekey/init", child, "{}").status()).isEqualTo(403);
        assertThat(server.call("GET", "/v1/sys/rekey", null, null).status()).isEqualTo(401);

        String nonce = server.call("POST", "/v1/sys/rekey/init", root, "{\"shares\":2,\"threshold\":2}").json()
                .path("nonce").asText();
        assertThat(server.call("POST", "/v1/sys/rekey/update", root, "{\"nonce\":\"" + nonce + "\"}").status())
                .isEqualTo(400);
        JsonNode first = server.call("POST", "/v1/sys/rekey/update", root,
                "{\"key\":\"" + keys.get(2) + "\",\"nonce\":\"" + nonce + "\"}").json();
        assertThat(first.path("progress").asInt()).isEqualTo(1);
        assertThat(first.path("required").asInt()).isEqualTo(2);
        JsonNode done = server.call("POST", "/v1/sys/rekey/update", root,
                "{\"key\":\"" + keys.get(0) + "\",\"nonce\":\"" + nonce + "\"}").json();
        assertThat(done.path("complete").asBoolean()).isTrue();
        assertThat(done.path("keys")).hasSize(2);
        assertThat(server.call("GET", "/v1/sys/rekey", root, null).json().path("started").asBoolean()).isFalse();
        assertThat(server.call("GET", "/v1/sys/seal-status", null, null).json().path("shares").asInt()).isEqualTo(2);
    }
}
