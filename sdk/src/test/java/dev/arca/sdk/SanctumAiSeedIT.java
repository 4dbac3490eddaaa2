package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.arca.api.Egress;
import dev.arca.api.Lease;
import dev.arca.api.Policy;
import dev.arca.api.Secret;
import dev.arca.api.Use;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SanctumAI's Python SDK document, method by method, in Java against a real server: {@code SanctumClient(agent)} is
 * {@link AgentClient}, over the server's Unix socket and over TCP; every {@code use_credential} operation, in the map
 * form the document shows and typed; {@code retrieve} on leases released by {@code close()}; and the error table.
 */
class SanctumAiSeedIT {
    private static final String KEY = "sk-live-openai-7f3a9c2e";

    @TempDir
    static Path dir;

    private static RealArca server;
    private static ArcaClient root;
    private static HttpServer upstream;
    private static final List<String> seenHeaders = new CopyOnWriteArrayList<>();
    private static Path socket;
    private static Path home;
    private static String url;

    @BeforeAll
    static void start() throws IOException {
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/v1/", exchange -> {
            var headers = exchange.getRequestHeaders();
            seenHeaders.add(headers.getFirst("Authorization") + "|" + headers.getFirst("X-API-Key") + "|"
                    + headers.getFirst("X-Org-Key"));
            byte[] body = ("{\"choices\":" + new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        String origin = "http://127.0.0.1:" + upstream.getAddress().getPort();
        url = origin + "/v1/chat/completions";

        socket = dir.resolve("arca.sock");
        server = RealArca.start(dir.resolve("server"), Map.of("socket", socket.toString()));
        root = server.root();
        root.projects().create("openai");
        root.secrets().write("openai/api-key", KEY);
        root.secrets().setEgress("openai/api-key", new Egress.Update(List.of(origin + "/v1/*"), List.of("POST")));
        // basic injection takes a user name and a password: a structured secret
        root.secrets().write("openai/basic", Map.of("username", "org-1", "password", "pw-1"));
        root.secrets().setEgress("openai/basic", new Egress.Update(List.of(origin + "/v1/*"), List.of("POST")));
        root.projects().create("webhook");
        root.secrets().write("webhook/secret", "whsec-1");
        root.projects().create("encryption");
        root.transit().create("encryption/key", null, false);
        root.projects().create("ops");
        root.secrets().write("ops/hidden", "not for the agent");
        root.policies().put("agent-uses", List.of(
                new Policy.Rule("openai/**", List.of("use", "use:header", "list", "lease"), null, null),
                new Policy.Rule("webhook/**", List.of("use", "list"), null, null),
                new Policy.Rule("encryption/**", List.of("use"), null, null)));
        root.policies().bind("agent-uses", "agent:my-agent");

        home = dir.resolve("home");
        var pair = Ed25519Keys.generate();
        PemKeyFile.writePrivateKey(home.resolve("keys").resolve("my-agent.key"), pair.getPrivate(), null);
        root.agents().create("my-agent", pair.getPublic());
    }

    @AfterAll
    static void stop() {
        root.close();
        server.close();
        upstream.stop(0);
    }

    /** {@code SanctumClient("my-agent")}: the default socket and key under the home directory. */
    private static AgentClient overTheSocket() {
        return AgentClient.builder("my-agent").env(Map.of("ARCA_HOME", home.toString(), "ARCA_SOCKET",
                socket.toString())).connect();
    }

    /** {@code SanctumClient("my-agent", host=…, port=…)}. */
    private static AgentClient overTcp() {
        var address = java.net.URI.create(server.address());
        return AgentClient.builder("my-agent").env(Map.of("ARCA_HOME", home.toString()))
                .host(address.getHost(), address.getPort()).vault("default").connect();
    }

    @Test
    void connecting_overTheDefaultSocket_aCustomSocketPath_andTcp() {
        try (AgentClient bySocket = overTheSocket();
                AgentClient byPath = AgentClient.builder("my-agent").socketPath(socket)
                        .keyPath(home.resolve("keys").resolve("my-agent.key")).vault("default").connect();
                AgentClient byTcp = overTcp()) {
            for (AgentClient agent : List.of(bySocket, byPath, byTcp)) {
                assertThat(agent.agent()).isEqualTo("my-agent");
                assertThat(agent.httpHeader("openai/api-key", HeaderInjection.bearer()).headerName())
                        .isEqualTo("Authorization");
            }
        }
    }

    @Test
    void useCredential_httpRequest_injectsEachHeaderType_andAnswersStatusHeadersBody() {
        try (AgentClient agent = overTheSocket()) {
            for (String headerType : List.of("bearer", "api_key", "basic")) {
                String credential = headerType.equals("basic") ? "openai/basic" : "openai/api-key";
                Map<String, Object> response = agent.useCredential(credential, "http_request", Map.of(
                        "method", "POST", "url", url, "headers", Map.of("Content-Type", "application/json"),
                        "body", "{\"model\":\"gpt-4\"}", "header_type", headerType));
                assertThat(response).containsEntry("status", 200).containsKey("headers");
                assertThat(response.get("body")).isEqualTo("{\"choices\":{\"model\":\"gpt-4\"}}");
            }
            agent.useCredential("openai/api-key", "http_request", Map.of("method", "POST", "url", url,
                    "body", "{}", "header_type", "custom", "header_name", "X-Org-Key"));
            // typed, as a Java caller would write it
            Use.HttpResponse typed = agent.httpRequest("openai/api-key",
                    UpstreamRequest.to("POST", url).body("{\"n\":1}"), HeaderInjection.bearer());
            assertThat(typed.status()).isEqualTo(200);
            assertThat(typed.body()).isEqualTo("{\"choices\":{\"n\":1}}");
        }
        String basic = "Basic " + Base64.getEncoder().encodeToString("org-1:pw-1".getBytes(StandardCharsets.UTF_8));
        assertThat(seenHeaders).contains("Bearer " + KEY + "|null|null", "null|" + KEY + "|null",
                basic + "|null|null", "null|null|" + KEY);
    }

    @Test
    void useCredential_httpHeader_answersNameAndValue() {
        try (AgentClient agent = overTcp()) {
            Map<String, Object> header = agent.useCredential("openai/api-key", "http_header",
                    Map.of("header_type", "bearer"));
            assertThat(header).containsEntry("header_name", "Authorization")
                    .containsEntry("header_value", "Bearer " + KEY);
            assertThat(agent.httpHeader("openai/api-key", HeaderInjection.apiKey()).headerValue().reveal())
                    .isEqualTo(KEY);
        }
    }

    @Test
    void useCredential_sign_answersTheBase64HmacOfTheData() throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("whsec-1".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal(
                "payload-to-sign".getBytes(StandardCharsets.UTF_8)));
        try (AgentClient agent = overTheSocket()) {
            assertThat(agent.useCredential("webhook/secret", "sign",
                    Map.of("algorithm", "hmac-sha256", "data", "payload-to-sign")))
                    .containsEntry("signature", expected);
            assertThat(agent.sign("webhook/secret", "hmac-sha256",
                    "payload-to-sign".getBytes(StandardCharsets.UTF_8)).signature()).isEqualTo(expected);
        }
    }

    @Test
    void useCredential_encryptAndDecrypt_takeAndGiveText() {
        try (AgentClient agent = overTheSocket()) {
            Map<String, Object> encrypted = agent.useCredential("encryption/key", "encrypt",
                    Map.of("data", "sensitive data"));
            assertThat(encrypted).containsKey("ciphertext");
            Map<String, Object> decrypted = agent.useCredential("encryption/key", "decrypt",
                    Map.of("data", encrypted.get("ciphertext")));
            assertThat(decrypted).containsEntry("plaintext", "sensitive data");
            // typed and async
            Use.Ciphertext typed = agent.encrypt("encryption/key", "sensitive data");
            assertThat(agent.async().decrypt("encryption/key", typed.ciphertext()).join().plaintext().reveal())
                    .isEqualTo("sensitive data");
        }
    }

    @Test
    void retrieve_onALeaseTrackedAndReleasedByClose_andRetrieveRawCarriesTheLease() {
        Lease.Retrieved raw;
        try (AgentClient agent = overTheSocket()) {
            assertThat(agent.retrieve("openai/api-key")).isEqualTo(KEY);
            raw = agent.retrieveRaw("openai/api-key", Duration.ofMinutes(5));
            assertThat(raw.leaseId()).isNotBlank();
            assertThat(raw.ttl()).isEqualTo(300);
            assertThat(raw.value().reveal()).isEqualTo(KEY);
            assertThat(agent.leases()).hasSize(2).contains(raw.leaseId());

            Lease.Retrieved released = agent.retrieveRaw("openai/api-key");
            agent.releaseLease(released.leaseId());
            assertThat(agent.leases()).doesNotContain(released.leaseId());
            // LeaseExpired: a lease that ended cannot be released again
            assertThatThrownBy(() -> agent.releaseLease(released.leaseId()))
                    .isInstanceOf(LeaseExpiredException.class);
        }
        // close() released every tracked lease: it has ended
        String closedLease = raw.leaseId();
        assertThatThrownBy(() -> root.leases().renew(closedLease, null)).isInstanceOf(LeaseExpiredException.class);
    }

    @Test
    void list_theCredentialsTheAgentMayList() {
        try (AgentClient agent = overTheSocket()) {
            assertThat(agent.list()).extracting(Secret.Item::path)
                    .containsExactlyInAnyOrder("openai/api-key", "openai/basic", "webhook/secret");
        }
    }

    @Test
    void errors_authAccessDeniedNotFoundAndLocked() {
        // AuthError: bad key or agent not registered
        var stranger = Ed25519Keys.generate();
        Path strangerKey = dir.resolve("stranger.key");
        PemKeyFile.writePrivateKey(strangerKey, stranger.getPrivate(), null);
        assertThatThrownBy(() -> AgentClient.builder("my-agent").socketPath(socket).keyPath(strangerKey)
                .vault("default").connect()).isInstanceOf(AuthenticationException.class);
        assertThatThrownBy(() -> AgentClient.builder("nobody").socketPath(socket).keyPath(strangerKey)
                .vault("default").connect()).isInstanceOf(AuthenticationException.class);

        // no retries: a sealed server is retried with backoff by default
        try (AgentClient agent = AgentClient.builder("my-agent").env(Map.of("ARCA_HOME", home.toString()))
                .socketPath(socket).vault("default").retries(0).connect()) {
            // AccessDenied, with a detail and a suggestion
            assertThatThrownBy(() -> agent.retrieve("ops/hidden")).isInstanceOfSatisfying(
                    AccessDeniedException.class, denied -> {
                        assertThat(denied.detail()).isNotBlank();
                        assertThat(denied.suggestion()).isNotBlank();
                    });
            // CredentialNotFound: a path it may act on that holds nothing
            assertThatThrownBy(() -> agent.retrieve("openai/missing"))
                    .isInstanceOf(CredentialNotFoundException.class);
            // VaultLocked: the server is sealed until an operator unseals it
            root.sys().seal();
            try {
                assertThatThrownBy(() -> agent.httpHeader("openai/api-key", HeaderInjection.bearer()))
                        .isInstanceOf(SealedException.class);
                assertThatThrownBy(() -> agent.async().retrieve("openai/api-key").join())
                        .isInstanceOf(CompletionException.class).hasCauseInstanceOf(SealedException.class);
            } finally {
                server.unsealKeys().stream().limit(3).forEach(key -> root.sys().unseal(key));
            }
        }
    }
}
