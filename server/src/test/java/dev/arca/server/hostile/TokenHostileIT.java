package dev.arca.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import dev.arca.server.storage.Database;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A principal with {@code create} on {@code _tokens} trying to make a token that out-ranks it: an orphan, a
 * policy it does not hold (attached or only bound to it). Each is refused with its exact status and makes no
 * token.
 */
@Tag("hostile")
class TokenHostileIT {
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;
    TestServer server;
    String maker;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        put("maker", "{\"path\":\"_tokens\",\"permissions\":[\"create\"]}");
        put("wide", "{\"path\":\"**\",\"permissions\":[\"read\",\"admin\"]}");
        maker = server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"maker\"],\"ttl\":\"15s\"}")
                .json().path("token").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void orphanAskedByANonAdministrator_is403_andMakesNoToken() {
        long before = tokenRows();

        var refused = server.call("POST", "/v1/tokens", maker, "{\"vault\":\"default\",\"orphan\":true}");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("access_denied");
        assertThat(refused.json().path("error").path("message").asText()).contains("orphan").contains("_tokens");
        assertThat(tokenRows()).isEqualTo(before);
    }

    @Test
    void policyTheCreatorDoesNotHold_is403_andMakesNoToken() {
        long before = tokenRows();

        var refused = server.call("POST", "/v1/tokens", maker, "{\"vault\":\"default\",\"policies\":[\"wide\"]}");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("error").path("message").asText()).contains("wide");
        assertThat(tokenRows()).isEqualTo(before);
    }

    @Test
    void policyOnlyBoundToTheCreatingUser_cannotBeAttached_403_andMakesNoToken() {
        server.root("POST", "/v1/vaults/default/users", "{\"username\":\"bob\",\"password\":\"" + PASSWORD + "\"}");
        server.root("POST", "/v1/vaults/default/policies/maker/bindings", "{\"subject\":\"user:bob\"}");
        server.root("POST", "/v1/vaults/default/policies/wide/bindings", "{\"subject\":\"user:bob\"}");
        String login = server.call("POST", "/v1/auth/login", null, "{\"vault\":\"default\",\"username\":\"bob\","
                + "\"password\":\"" + PASSWORD + "\"}").json().path("token").asText();
        long before = tokenRows();

        var refused = server.call("POST", "/v1/tokens", login, "{\"vault\":\"default\",\"policies\":[\"wide\"]}");

        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.json().path("error").path("message").asText()).contains("wide").contains("user:bob");
        assertThat(tokenRows()).isEqualTo(before);
    }

    private void put(String name, String rule) {
        assertThat(server.root("PUT", "/v1/vaults/default/policies/" + name, "{\"rules\":[" + rule + "]}").status())
                .isEqualTo(200);
    }

    private long tokenRows() {
        try (Database db = Database.open(server.config().storage())) {
            return db.read(h -> h.createQuery("SELECT COUNT(*) FROM tokens").mapTo(Long.class).one());
        }
    }
}
