package dev.arca.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a principal is shown and keeps when names are prefixes of each other or identities are deleted. */
class ForgottenSubjectsIT {
    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        for (String project : new String[] {"app", "application"}) {
            server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"" + project + "\"}");
            server.root("PUT", "/v1/vaults/default/secrets/" + project + "/k", "{\"value\":\"v\"}");
        }
        server.root("PUT", "/v1/vaults/default/policies/app-readers",
                "{\"rules\":[{\"path\":\"app/**\",\"permissions\":[\"read\",\"list\"]},"
                        + "{\"path\":\"app\",\"permissions\":[\"list\"]}]}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void listingByAPrefixThatIsNotASegment_showsOnlyWhatTheCallerMayList() {
        String token = server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"app-readers\"]}")
                .json().path("token").asText();
        var page = server.call("GET", "/v1/vaults/default/secrets?prefix=app", token, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().path("data")).extracting(n -> n.path("path").asText()).containsExactly("app/k");
        assertThat(server.root("GET", "/v1/vaults/default/secrets?prefix=app", null).json().path("data")).hasSize(2);
    }

    @Test
    void aUserCreatedAgainUnderADeletedName_inheritsNoBinding() {
        server.root("POST", "/v1/vaults/default/users", "{\"username\":\"alice\",\"password\":\"correct horse battery\"}");
        server.root("POST", "/v1/vaults/default/policies/app-readers/bindings", "{\"subject\":\"user:alice\"}");
        assertThat(server.root("GET", "/v1/vaults/default/policies/app-readers/bindings", null).body())
                .contains("user:alice");
        assertThat(server.root("DELETE", "/v1/vaults/default/users/alice", null).status()).isEqualTo(204);
        assertThat(server.root("GET", "/v1/vaults/default/policies/app-readers/bindings", null).body())
                .doesNotContain("user:alice");
        server.root("POST", "/v1/vaults/default/users", "{\"username\":\"alice\",\"password\":\"another long one\"}");
        String token = server.call("POST", "/v1/auth/login", null,
                "{\"vault\":\"default\",\"username\":\"alice\",\"password\":\"another long one\"}").json()
                .path("token").asText();
        assertThat(server.call("GET", "/v1/vaults/default/secrets/app/k", token, null).status()).isEqualTo(403);
    }
}
