package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.arca.api.Egress;
import dev.arca.api.Policy;
import dev.arca.sdk.AccessDeniedException;
import dev.arca.sdk.AgentClient;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.Ed25519Keys;
import dev.arca.sdk.PemKeyFile;
import dev.arca.server.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when", end to end: an agent holding only {@code use}, talking to Arca over its Unix socket,
 * calls an HTTP API on loopback through Arca; the API sees the injected key, the agent never does. With
 * {@code lease} added, a retrieved value's lease is released when the client closes.
 */
class AgentUseIT {
    private static final String KEY = "sk-live-7f3a9c2e11d04b5f";

    @TempDir
    Path dir;

    private TestServer server;
    private ArcaClient root;
    private HttpServer upstream;
    private final List<String> seenAuthorization = new CopyOnWriteArrayList<>();
    private Path socket;
    private Path key;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/v1/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            seenAuthorization.add(authorization);
            // a careless API that reflects the credential back, in a header and in the body
            byte[] body = ("{\"echo\":\"" + authorization + "\",\"ok\":true}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Echo", authorization);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();

        socket = dir.resolve("arca.sock");
        server = TestServer.start(dir, Map.of("socket", socket.toString())).initAndUnseal();
        root = ArcaClient.builder().address(server.address()).token(server.rootToken).vault("default").build();
        root.projects().create("app");
        root.secrets().write("app/openai", KEY);
        root.secrets().setEgress("app/openai", new Egress.Update(
                List.of("http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1/*"), List.of("POST")));
        root.policies().put("bot-uses", List.of(new Policy.Rule("app/**", List.of("use"), null, null)));
        root.policies().bind("bot-uses", "agent:bot");

        key = dir.resolve("keys").resolve("bot.key");
        var pair = Ed25519Keys.generate();
        PemKeyFile.writePrivateKey(key, pair.getPrivate(), null);
        root.agents().create("bot", pair.getPublic());
    }

    @AfterEach
    void stop() {
        root.close();
        server.close();
        upstream.stop(0);
    }

    private AgentClient connect() {
        return AgentClient.builder("bot").socketPath(socket).keyPath(key).vault("default").retries(0).connect();
    }

    @Test
    void agentWithOnlyUse_callsTheApiThroughArca_andNeverSeesTheKey() {
        String url = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1/chat";
        try (var agent = connect()) {
            Map<String, Object> answer = agent.useCredential("app/openai", "http_request",
                    Map.of("method", "POST", "url", url, "header_type", "bearer", "body", "{\"q\":1}"));

            assertThat(seenAuthorization).containsExactly("Bearer " + KEY);
            assertThat(answer).containsEntry("status", 200);
            assertThat(answer.toString()).contains("\"ok\":true").doesNotContain(KEY);

            assertThatThrownBy(() -> agent.retrieve("app/openai")).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> agent.useCredential("app/openai", "http_header", Map.of("header_type", "bearer")))
                    .isInstanceOf(AccessDeniedException.class).hasMessageNotContaining(KEY);
            assertThatThrownBy(() -> agent.useCredential("app/openai", "http_request", Map.of("method", "POST",
                    "url", "http://169.254.169.254/latest/meta-data/", "header_type", "bearer")))
                    .isInstanceOf(AccessDeniedException.class);
        }
        assertThat(seenAuthorization).hasSize(1);
    }

    /** The agent names the operation; its client sends the transit ones to the key's own address. */
    @Test
    void agentWithOnlyUse_encryptsAndDecryptsWithATransitKey_overTheSocket() {
        root.transit().create("app/orders", null, false);
        String plaintext = Base64.getEncoder().encodeToString("card 4242".getBytes(StandardCharsets.UTF_8));
        try (var agent = connect()) {
            Object ciphertext = agent.useCredential("app/orders", "encrypt", Map.of("plaintext", plaintext,
                    "context", "b3JkZXItNw==")).get("ciphertext");
            assertThat(ciphertext).asString().startsWith("arca:v1:");
            assertThat(agent.useCredential("app/orders", "decrypt", Map.of("ciphertext", ciphertext,
                    "context", "b3JkZXItNw=="))).containsEntry("plaintext", plaintext);
        }
    }

    @Test
    void closingTheClient_releasesTheLeasesItTook() throws IOException {
        root.policies().put("bot-leases", List.of(new Policy.Rule("app/**", List.of("lease"), null, null)));
        root.policies().bind("bot-leases", "agent:bot");
        String leaseId;
        try (var agent = connect()) {
            assertThat(agent.retrieve("app/openai")).isEqualTo(KEY);
            leaseId = agent.leases().iterator().next();
            assertThat(root.leases().get(leaseId).state()).isEqualTo("active");
        }
        assertThat(root.leases().list("agent:bot", null).data()).isEmpty();
        assertThat(Files.readString(server.config().auditFile())).doesNotContain(KEY);
    }
}
