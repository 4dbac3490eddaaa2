package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Policy;
import dev.arca.api.Secret;
import dev.arca.sdk.AgentClient;
import dev.arca.sdk.ApiException;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.AuthenticationException;
import dev.arca.sdk.Ed25519Keys;
import dev.arca.sdk.PemKeyFile;
import dev.arca.sdk.SealedException;
import dev.arca.server.TestServer;
import dev.arca.server.storage.Database;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AgentClient} against a real server listening on a Unix socket as well as TCP: an agent registered by root
 * with a key file written as {@code arca agent create} writes it ({@code $ARCA_HOME/keys/<name>.key}).
 */
class AgentClientIT {
    @TempDir
    Path dir;

    private TestServer server;
    private ArcaClient root;
    private Path socket;
    private Path key;

    @BeforeEach
    void start() {
        socket = dir.resolve("arca.sock");
        server = TestServer.start(dir, Map.of("socket", socket.toString())).initAndUnseal();
        root = ArcaClient.builder().address(server.address()).token(server.rootToken).vault("default").build();
        root.projects().create("app");
        root.secrets().write("app/db", "hunter2");
        root.projects().create("ops");
        root.secrets().write("ops/hidden", "not-for-bots");
        root.policies().put("bot-reads", List.of(new Policy.Rule("app/**", List.of("list", "read"), null, null)));
        root.policies().bind("bot-reads", "agent:bot");

        key = dir.resolve("home").resolve("keys").resolve("bot.key");
        var pair = Ed25519Keys.generate();
        PemKeyFile.writePrivateKey(key, pair.getPrivate(), null);
        root.agents().create("bot", pair.getPublic());
    }

    @AfterEach
    void stop() {
        root.close();
        server.close();
    }

    private AgentClient.Builder overSocket() {
        return AgentClient.builder("bot").socketPath(socket).keyPath(key).vault("default").retries(0);
    }

    @Test
    void overTheSocket_connects_andListsOnlyWhatItMayList() {
        try (var agent = overSocket().connect()) {
            assertThat(agent.address().toString()).isEqualTo("unix:" + socket);
            assertThat(agent.list("app/")).extracting(Secret.Item::path).containsExactly("app/db");
            assertThat(agent.list()).as("no list on the vault needed: its policy is app/**")
                    .extracting(Secret.Item::path).containsExactly("app/db");
        }
    }

    @Test
    void overTcp_theSame() {
        try (var agent = AgentClient.builder("bot").address(server.address()).keyPath(key).vault("default")
                .retries(0).connect()) {
            assertThat(agent.address().toString()).isEqualTo(server.address());
            assertThat(agent.list("app/")).extracting(Secret.Item::path).containsExactly("app/db");
        }
    }

    @Test
    void sealedServer_isASealedException_thatSaysHowToUnseal() {
        try (var agent = overSocket().connect()) {
            root.sys().seal();
            assertThatThrownBy(() -> agent.list("app/")).isInstanceOf(SealedException.class)
                    .extracting(e -> ((ApiException) e).suggestion()).asString()
                    .contains("unseal the vault: arca operator unseal");
        }
    }

    @Test
    void keyTheServerDoesNotKnow_isAnAuthenticationException() {
        Path stranger = dir.resolve("stranger.key");
        PemKeyFile.writePrivateKey(stranger, Ed25519Keys.generate().getPrivate(), null);
        assertThatThrownBy(() -> overSocket().keyPath(stranger).connect()).isInstanceOf(AuthenticationException.class)
                .extracting(e -> ((ApiException) e).code()).isEqualTo("unauthenticated");
        assertThatThrownBy(() -> AgentClient.builder("bot").address(server.address()).keyPath(stranger)
                .vault("default").retries(0).connect()).isInstanceOf(AuthenticationException.class);
    }

    @Test
    void expiredSession_isRenewedWithoutTheCallerNoticing() {
        try (var agent = overSocket().connect()) {
            assertThat(agent.list("app/")).hasSize(1);
            expireAgentSessions();
            assertThat(agent.list("app/")).extracting(Secret.Item::path).containsExactly("app/db");
        }
    }

    /** Ends every agent session now, as the passing of its hour would; the server reads expiry from storage. */
    private void expireAgentSessions() {
        try (Database db = Database.open(server.config().storage())) {
            int expired = db.write(h -> h.createUpdate("UPDATE tokens SET expires_at = 1 WHERE owner_kind = 'AGENT'")
                    .execute());
            assertThat(expired).isEqualTo(1);
        }
    }
}
