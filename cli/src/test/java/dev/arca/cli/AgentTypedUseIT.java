package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.arca.api.Egress;
import dev.arca.api.Policy;
import dev.arca.api.Use;
import dev.arca.sdk.AgentClient;
import dev.arca.sdk.ApiException;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.AsyncAgentClient;
import dev.arca.sdk.Ed25519Keys;
import dev.arca.sdk.HeaderInjection;
import dev.arca.sdk.PemKeyFile;
import dev.arca.sdk.UpstreamRequest;
import dev.arca.server.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every typed use operation of {@link AgentClient} and its {@link AgentClient#async()} twin against a real server
 * over its Unix socket: an HTTP call to a loopback upstream, the ready-made header, an HMAC signature checked here,
 * and SanctumAI's text form of encrypt and decrypt with a transit key.
 */
class AgentTypedUseIT {
    private static final String KEY = "sk-live-7f3a9c2e11d04b5f";

    @TempDir
    Path dir;

    private TestServer server;
    private ArcaClient root;
    private HttpServer upstream;
    private final List<String> seenAuthorization = new CopyOnWriteArrayList<>();
    private Path socket;
    private Path key;
    private String url;

    @BeforeEach
    void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/v1/", exchange -> {
            seenAuthorization.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = ("{\"got\":" + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Upstream", "yes");
            exchange.sendResponseHeaders(201, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        url = "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1/chat";

        socket = dir.resolve("arca.sock");
        server = TestServer.start(dir, Map.of("socket", socket.toString())).initAndUnseal();
        root = ArcaClient.builder().address(server.address()).token(server.rootToken).vault("default").build();
        root.projects().create("app");
        root.secrets().write("app/openai", KEY);
        root.secrets().setEgress("app/openai", new Egress.Update(
                List.of("http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1/*"), List.of("POST")));
        root.transit().create("app/orders", null, false);
        root.policies().put("bot-uses", List.of(new Policy.Rule("app/**", List.of("use", "use:header"), null, null)));
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
    void httpRequest_callsTheLoopbackUpstreamWithTheKeyInjected_syncAndAsync() {
        var call = UpstreamRequest.to("POST", url).header("Content-Type", "application/json").body("{\"q\":1}");
        try (var agent = connect()) {
            Use.HttpResponse response = agent.httpRequest("app/openai", call, HeaderInjection.bearer());
            assertThat(response.status()).isEqualTo(201);
            assertThat(response.body()).isEqualTo("{\"got\":{\"q\":1}}");
            // the JDK's HttpServer writes the name as X-upstream
            assertThat(response.headers().entrySet()).anyMatch(header -> header.getKey().equalsIgnoreCase("X-Upstream")
                    && header.getValue().equals("yes"));

            Use.HttpResponse async = agent.async().httpRequest("app/openai", call.body("{\"q\":2}"),
                    HeaderInjection.bearer()).join();
            assertThat(async.body()).isEqualTo("{\"got\":{\"q\":2}}");
        }
        assertThat(seenAuthorization).containsExactly("Bearer " + KEY, "Bearer " + KEY);
    }

    @Test
    void httpHeader_answersTheReadyMadeHeader_syncAndAsync() {
        try (var agent = connect()) {
            Use.Header header = agent.httpHeader("app/openai", HeaderInjection.apiKey());
            assertThat(header.headerName()).isEqualTo("X-API-Key");
            assertThat(header.headerValue().reveal()).isEqualTo(KEY);
            Use.Header async = agent.async().httpHeader("app/openai", HeaderInjection.bearer()).join();
            assertThat(async.headerName()).isEqualTo("Authorization");
            assertThat(async.headerValue().reveal()).isEqualTo("Bearer " + KEY);
        }
    }

    @Test
    void sign_isTheHmacOfTheData_underTheSecret_syncAndAsync() throws Exception {
        byte[] data = "order 7".getBytes(StandardCharsets.UTF_8);
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(data));
        try (var agent = connect()) {
            assertThat(agent.sign("app/openai", "hmac-sha256", data).signature()).isEqualTo(expected);
            assertThat(agent.async().sign("app/openai", "hmac-sha256", data).join().signature()).isEqualTo(expected);
            assertThat(agent.verify("app/openai", "hmac-sha256", data, expected)).isTrue();
            assertThat(agent.async().verify("app/openai", "hmac-sha256", "order 8".getBytes(StandardCharsets.UTF_8),
                    expected).join()).isFalse();
        }
    }

    /** SanctumAI's {@code encrypt {data}} → {@code {ciphertext}}, {@code decrypt {data}} → {@code {plaintext}} text. */
    @Test
    void encryptAndDecrypt_inTheTextForm_syncAndAsync_andAcrossTheForms() {
        String card = "card 4242 · Grüße";
        try (var agent = connect()) {
            Use.Ciphertext sealed = agent.encrypt("app/orders", card);
            assertThat(sealed.ciphertext()).startsWith("arca:v1:");
            assertThat(agent.decrypt("app/orders", sealed.ciphertext()).plaintext().reveal()).isEqualTo(card);
            assertThat(agent.decryptBytes("app/orders", sealed.ciphertext()))
                    .isEqualTo(card.getBytes(StandardCharsets.UTF_8));

            AsyncAgentClient async = agent.async();
            String asyncCiphertext = async.encrypt("app/orders", card).join().ciphertext();
            assertThat(async.decrypt("app/orders", asyncCiphertext).join().plaintext().reveal()).isEqualTo(card);
            assertThat(root.transit().decryptText("app/orders", asyncCiphertext, null)).isEqualTo(card);

            String binary = async.encrypt("app/orders", new byte[] {(byte) 0xff, 0}).join().ciphertext();
            assertThat(async.decryptBytes("app/orders", binary).join()).containsExactly(0xff, 0);
            assertThatThrownBy(() -> agent.decrypt("app/orders", binary)).isInstanceOf(ApiException.class)
                    .hasMessageContaining("not UTF-8");
            assertThatThrownBy(() -> async.decrypt("app/orders", binary).join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOf(ApiException.class)
                    .extracting(e -> ((ApiException) e).code()).isEqualTo("invalid_request");

            // the map form, as SanctumAI's use(path, "encrypt", {data}) writes it
            Map<String, Object> viaMap = agent.useCredential("app/orders", "encrypt", Map.of("data", card));
            assertThat(agent.useCredential("app/orders", "decrypt", Map.of("data", viaMap.get("ciphertext"))))
                    .containsEntry("plaintext", card);
        }
    }
}
