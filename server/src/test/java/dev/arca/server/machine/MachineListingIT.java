package dev.arca.server.machine;

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

/**
 * A machine lists and exports what its enrollment granted (the implicit {@code machine-…} policy of
 * {@code --projects}/{@code --secrets}), signing each request, with no rule on the whole vault.
 */
class MachineListingIT {
    private static final String V = "/v1/vaults/default";

    @TempDir
    Path dir;
    TestServer server;
    final MachineKeys keys = MachineKeys.generate();

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        for (String project : List.of("app", "other")) {
            server.root("POST", V + "/projects", "{\"name\":\"" + project + "\"}");
        }
        for (String path : List.of("app/db", "app/api-key", "other/x")) {
            assertThat(server.root("PUT", V + "/secrets/" + path, "{\"value\":\"v-" + path + "\"}").status())
                    .isEqualTo(200);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void machineEnrolledForProjectApp_listsItsSecrets_byProjectNameAndId_andExportsByProjectId() {
        String machine = enrolled("{\"projects\":[\"app\"],\"auto_approve\":true}");
        assertThat(paths(signedGet(machine, V + "/secrets"))).containsExactly("app/api-key", "app/db");
        assertThat(paths(signedGet(machine, V + "/secrets?project=app"))).containsExactly("app/api-key", "app/db");
        String appId = signedGet(machine, V + "/secrets").path("data").get(0).path("project_id").asText();
        assertThat(paths(signedGet(machine, V + "/secrets?project=" + appId))).containsExactly("app/api-key",
                "app/db");
        assertThat(paths(signedGet(machine, V + "/secrets?project=other"))).isEmpty();
        JsonNode export = signedGet(machine, V + "/export?project=" + appId).path("variables");
        assertThat(export.toString()).isEqualTo("{\"API_KEY\":\"v-app/api-key\",\"DB\":\"v-app/db\"}");
    }

    @Test
    void machineEnrolledForOneSecret_listsJustThatSecret() {
        String machine = enrolled("{\"secrets\":[\"app/db\"],\"auto_approve\":true}");
        assertThat(paths(signedGet(machine, V + "/secrets"))).containsExactly("app/db");
    }

    private String enrolled(String tokenSettings) {
        var token = server.root("POST", V + "/enrollment-tokens", tokenSettings);
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        var response = server.call("POST", "/v1/enroll", null, "{\"vault\":\"default\",\"token\":\""
                + token.json().path("token").asText() + "\",\"public_key\":\"" + keys.publicKeyBase64() + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("machine_id").asText();
    }

    private JsonNode signedGet(String machineId, String path) {
        var response = server.call("GET", path, null, null,
                keys.sign(machineId, "GET", path, new byte[0], System.currentTimeMillis() / 1000));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> paths(JsonNode page) {
        List<String> paths = new ArrayList<>();
        page.path("data").forEach(item -> paths.add(item.path("path").asText()));
        return paths;
    }
}
