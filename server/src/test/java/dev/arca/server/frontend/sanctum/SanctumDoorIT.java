package dev.arca.server.frontend.sanctum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.arca.server.TestClock;
import dev.arca.server.TestServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SanctumAI door over a real Unix socket and a real loopback TCP port, spoken to by {@link SanctumTestClient}
 * as the SDKs speak: both dialects end to end, every refusal with the code the clients turn into their typed
 * exceptions, framing faults that close one connection and never another, and the audit trail of it all.
 */
class SanctumDoorIT {
    private static final String V = "/v1/vaults/default/";
    private static final String TOKEN = "tok-s3cret-value";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestServer server;
    TestClock clock = new TestClock(Instant.now());
    KeyPair key;
    Path socket;
    HttpServer upstream;
    final List<String> upstreamAuthorization = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        socket = dir.resolve("sanctum").resolve("vault.sock");
        server = TestServer.start(dir, Map.of("sanctum_socket", socket.toString(), "sanctum_listen", "127.0.0.1:0"),
                clock).initAndUnseal();
        upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        upstream.createContext("/", exchange -> {
            upstreamAuthorization.add(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body = "upstream says hi".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        root("POST", V + "projects", "{\"name\":\"app\"}", 201);
        root("PUT", V + "secrets/app/db", "{\"value\":\"hunter2\"}", 200);
        root("PUT", V + "secrets/app/token", "{\"value\":\"" + TOKEN + "\"}", 200);
        root("PUT", V + "secrets/app/token/egress", "{\"allow\":[\"http://127.0.0.1:"
                + upstream.getAddress().getPort() + "/\"],\"methods\":[\"GET\"]}", 200);
        root("POST", V + "transit/app/tk", "{}", 201);
        key = newAgent("bot");
        grant("bot", "\"list\",\"lease\",\"use\",\"use:header\"");
    }

    @AfterEach
    void stop() {
        upstream.stop(0);
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix", "tcp"})
    void pythonDialect_fullFlow(String transport) throws Exception {
        try (var client = connect(transport)) {
            assertThat(client.authenticate("bot", key.getPrivate()).get("result").get("authenticated").asBoolean())
                    .isTrue();

            JsonNode list = client.result("list", Map.of("session_id", client.sessionId));
            assertThat(list.get("credentials").findValuesAsText("path"))
                    .containsExactly("app/db", "app/token"); // transit keys are not secrets: Arca lists none
            assertThat(list.get("credentials").get(0).has("type")).isTrue();
            assertThat(list.get("credentials").get(0).has("created_at")).isTrue();

            JsonNode retrieved = client.result("retrieve", Map.of("session_id", client.sessionId, "path", "app/db",
                    "ttl", 60));
            assertThat(new String(HexFormat.of().parseHex(retrieved.get("value").asText()), StandardCharsets.UTF_8))
                    .isEqualTo("hunter2");
            assertThat(retrieved.get("ttl").asLong()).isEqualTo(60);
            assertThat(retrieved.get("lease_id").asText()).isNotBlank();
            assertThat(Instant.parse(retrieved.get("expires_at").asText())).isAfter(clock.instant());

            // Python's release_lease sends the lease id only: the session is the connection's
            JsonNode released = client.call("release_lease", Map.of("lease_id", retrieved.get("lease_id").asText()));
            assertThat(released.get("result")).as(released.toString()).isEmpty();
            assertThat(client.call("release_lease", Map.of("lease_id", retrieved.get("lease_id").asText()))
                    .get("error").get("code").asText()).isIn("LEASE_EXPIRED", "CREDENTIAL_NOT_FOUND");

            JsonNode header = use(client, "app/token", "http_header", Map.of("header_type", "bearer"));
            assertThat(header.get("header_name").asText()).isEqualTo("Authorization");
            assertThat(header.get("header_value").asText()).isEqualTo("Bearer " + TOKEN);

            JsonNode signed = use(client, "app/db", "sign", Map.of("algorithm", "hmac-sha256", "data", "hello"));
            assertThat(Base64.getDecoder().decode(signed.get("signature").asText())).hasSize(32);

            JsonNode encrypted = use(client, "app/tk", "encrypt", Map.of("data", "attack at dawn"));
            JsonNode decrypted = use(client, "app/tk", "decrypt", Map.of("data",
                    encrypted.get("ciphertext").asText()));
            assertThat(decrypted.get("plaintext").asText()).isEqualTo("attack at dawn");

            JsonNode proxied = use(client, "app/token", "http_request", Map.of("method", "GET", "url",
                    "http://127.0.0.1:" + upstream.getAddress().getPort() + "/v1/thing"));
            assertThat(proxied.get("status").asInt()).isEqualTo(200);
            assertThat(proxied.get("body").asText()).isEqualTo("upstream says hi");
            assertThat(upstreamAuthorization).containsExactly("Bearer " + TOKEN);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"unix", "tcp"})
    void rustDialect_fullFlow_sessionBoundToTheConnection(String transport) throws Exception {
        try (var client = connect(transport)) {
            JsonNode challenge = client.result("auth.challenge", Map.of("agent", "bot"));
            JsonNode verified = client.result("auth.verify", Map.of("agent", "bot", "signature",
                    SanctumTestClient.sign(key.getPrivate(), challenge.get("challenge").asText())));
            assertThat(verified.get("authenticated").asBoolean()).isTrue();
            assertThat(verified.get("session_id").asText()).isNotBlank();

            JsonNode list = client.result("credential.list", Map.of());
            assertThat(list.isArray()).isTrue();
            assertThat(list.findValuesAsText("path")).containsExactly("app/db", "app/token");

            JsonNode retrieved = client.result("credential.retrieve", Map.of("path", "app/db", "ttl", 30));
            assertThat(retrieved.get("value").asText()).isEqualTo("hunter2");
            assertThat(retrieved.get("path").asText()).isEqualTo("app/db");
            assertThat(retrieved.get("ttl").asLong()).isEqualTo(30);
            assertThat(client.call("lease.release", Map.of("lease_id", retrieved.get("lease_id").asText()))
                    .has("result")).isTrue();

            JsonNode used = client.result("credential.use", Map.of("path", "app/db", "operation", "sign",
                    "params", Map.of("algorithm", "hmac-sha256", "data", "hello")));
            assertThat(used.get("success").asBoolean()).isTrue();
            assertThat(used.get("output").get("signature").asText()).isNotBlank();
        }
    }

    @Test
    void spacedJson_isReadLikeCompactJson() throws Exception {
        try (var client = SanctumTestClient.unix(socket).spaced()) {
            assertThat(client.authenticate("bot", key.getPrivate()).has("result")).isTrue();
            assertThat(client.result("list", Map.of("session_id", client.sessionId)).get("credentials")).hasSize(2);
        }
    }

    @Test
    void httpRequest_toAnUpstreamTheEgressRulesDoNotAllow_isAccessDenied_andNothingIsSent() throws Exception {
        try (var other = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                var client = authenticated()) {
            JsonNode answer = client.call("use", Map.of("session_id", client.sessionId, "path", "app/token",
                    "operation", "http_request", "params", Map.of("method", "GET", "url", "http://127.0.0.1:"
                            + other.getLocalPort() + "/")));
            assertThat(answer.get("error").get("code").asText()).isEqualTo("ACCESS_DENIED");
            JsonNode post = client.call("use", Map.of("session_id", client.sessionId, "path", "app/token",
                    "operation", "http_request", "params", Map.of("method", "POST", "url", "http://127.0.0.1:"
                            + upstream.getAddress().getPort() + "/")));
            assertThat(post.get("error").get("code").asText()).isEqualTo("ACCESS_DENIED");
            assertThat(upstreamAuthorization).isEmpty();
        }
    }

    @Test
    void withoutThePermission_retrieveAndHttpHeader_areAccessDenied_andAnUnknownPath_isNotFound() throws Exception {
        KeyPair other = newAgent("reader");
        grant("reader", "\"list\",\"use\"");
        try (var client = SanctumTestClient.unix(socket)) {
            client.authenticate("reader", other.getPrivate());
            assertThat(code(client.call("retrieve", Map.of("session_id", client.sessionId, "path", "app/db"))))
                    .isEqualTo("ACCESS_DENIED");
            assertThat(code(client.call("use", Map.of("session_id", client.sessionId, "path", "app/token",
                    "operation", "http_header", "params", Map.of("header_type", "bearer")))))
                    .isEqualTo("ACCESS_DENIED");
        }
        try (var client = authenticated()) {
            JsonNode missing = client.call("retrieve", Map.of("session_id", client.sessionId, "path", "app/nope"));
            assertThat(code(missing)).isEqualTo("CREDENTIAL_NOT_FOUND");
            assertThat(missing.get("error").get("suggestion").asText()).isNotBlank();
        }
    }

    @Test
    void anErrorFrame_carriesTheCallsId_andEveryMember() throws Exception {
        try (var client = SanctumTestClient.unix(socket)) {
            client.call("list", Map.of());
            JsonNode second = client.call("list", Map.of());
            assertThat(second.get("id").asInt()).isEqualTo(2);
            assertThat(second.get("error").fieldNames()).toIterable()
                    .contains("code", "message", "detail", "suggestion");
            assertThat(second.get("error").get("detail").isTextual()).isTrue();
        }
    }

    @Test
    void aFrameOverTheCap_isAnsweredAnError_andClosesOnlyThatConnection() throws Exception {
        try (var bystander = authenticated(); var client = SanctumTestClient.unix(socket)) {
            client.sendHeader(Frames.MAX_BYTES + 1L, new byte[0]);
            JsonNode answer = client.read();
            assertThat(answer.get("error").get("message").asText()).contains("cap");
            assertThat(client.closedByDoor()).isTrue();
            assertKeepsServing(bystander);
        }
        // audited as a refusal of this door's protocol layer, both entries
        assertThat(Files.readAllLines(server.config().auditFile()).stream()
                .filter(line -> line.contains("\"refused_by\":\"sanctum\"") && line.contains("\"frame\"")))
                .hasSize(2);
    }

    @Test
    void aTruncatedFrame_closesTheConnection_andOthersAreServed() throws Exception {
        try (var bystander = authenticated(); var client = SanctumTestClient.tcp(tcpPort())) {
            client.sendHeader(100, "{\"id\":1,".getBytes(StandardCharsets.UTF_8));
            client.endOutput();
            assertThat(client.closedByDoor()).isTrue();
            assertKeepsServing(bystander);
        }
    }

    @Test
    void invalidJson_isAnsweredAnError_andTheConnectionKeepsServing() throws Exception {
        try (var client = authenticated()) {
            client.sendRaw("{\"id\":7,\"method\":".getBytes(StandardCharsets.UTF_8));
            JsonNode answer = client.read();
            assertThat(answer.get("error").get("message").asText()).contains("not valid JSON");
            assertThat(code(answer)).isEqualTo("INVALID_REQUEST");
            assertKeepsServing(client);
        }
    }

    @Test
    void unknownMethod_isAnsweredAnErrorNamingTheMethods_andTheConnectionKeepsServing() throws Exception {
        try (var client = authenticated()) {
            JsonNode answer = client.call("credentials.explode", Map.of());
            assertThat(answer.get("id").asInt()).isEqualTo(3);
            assertThat(answer.get("error").get("message").asText()).contains("credentials.explode")
                    .contains("retrieve");
            assertKeepsServing(client);
        }
    }

    @Test
    void missingParameter_isInvalidRequest_namingIt() throws Exception {
        try (var client = authenticated()) {
            JsonNode answer = client.call("retrieve", Map.of("session_id", client.sessionId));
            assertThat(code(answer)).isEqualTo("INVALID_REQUEST");
            assertThat(answer.get("error").get("message").asText()).contains("params.path");
            assertKeepsServing(client);
        }
    }

    @Test
    void aCallBeforeAuthentication_isAuthFailed_sayingToAuthenticateFirst() throws Exception {
        try (var client = SanctumTestClient.tcp(tcpPort()); var bystander = authenticated()) {
            JsonNode answer = client.call("retrieve", Map.of("path", "app/db"));
            assertThat(code(answer)).isEqualTo("AUTH_FAILED");
            assertThat(answer.get("error").get("message").asText()).contains("authenticate first");
            assertKeepsServing(bystander);
        }
    }

    @Test
    void aReusedChallenge_isAuthFailed() throws Exception {
        try (var client = SanctumTestClient.unix(socket); var replayer = SanctumTestClient.tcp(tcpPort())) {
            JsonNode started = client.result("authenticate", Map.of("agent_name", "bot"));
            client.sessionId = started.get("session_id").asText();
            var answer = Map.of("session_id", started.get("session_id").asText(), "signature",
                    SanctumTestClient.sign(key.getPrivate(), started.get("challenge").asText()));
            assertThat(client.call("challenge_response", answer).has("result")).isTrue();

            assertThat(code(replayer.call("challenge_response", answer))).isEqualTo("AUTH_FAILED");
            assertThat(code(client.call("challenge_response", answer))).isEqualTo("AUTH_FAILED");
            assertKeepsServing(client);
        }
    }

    @Test
    void aWrongSignature_isAuthFailed_likeAnUnknownAgent() throws Exception {
        KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        try (var client = SanctumTestClient.unix(socket); var bystander = authenticated()) {
            JsonNode wrong = client.authenticate("bot", stranger.getPrivate());
            JsonNode unknown = client.authenticate("nobody", key.getPrivate());
            assertThat(code(wrong)).isEqualTo("AUTH_FAILED");
            assertThat(code(unknown)).isEqualTo("AUTH_FAILED");
            assertThat(unknown.get("error").get("message")).isEqualTo(wrong.get("error").get("message"));
            assertThat(code(client.call("list", Map.of("session_id", client.sessionId)))).isNotEqualTo("OK");
            assertKeepsServing(bystander);
        }
    }

    @Test
    void aRevokedAgent_cannotAuthenticate_andItsOpenSessionEnds() throws Exception {
        try (var client = authenticated(); var bystander = SanctumTestClient.unix(socket)) {
            KeyPair other = newAgent("other");
            grant("other", "\"list\"");
            assertThat(bystander.authenticate("other", other.getPrivate()).has("result")).isTrue();
            root("POST", V + "agents/bot/revoke", null, 200);

            assertThat(code(client.call("list", Map.of("session_id", client.sessionId))))
                    .isEqualTo("SESSION_EXPIRED");
            try (var again = SanctumTestClient.unix(socket)) {
                assertThat(code(again.authenticate("bot", key.getPrivate()))).isEqualTo("AUTH_FAILED");
            }
            assertThat(bystander.call("list", Map.of("session_id", bystander.sessionId)).has("result")).isTrue();
        }
    }

    @Test
    void sealed_isVaultLocked_andUnsealedItServesAgain() throws Exception {
        try (var client = authenticated()) {
            root("POST", "/v1/sys/seal", null, 200);
            assertThat(code(client.call("list", Map.of("session_id", client.sessionId)))).isEqualTo("VAULT_LOCKED");
            try (var fresh = SanctumTestClient.tcp(tcpPort())) {
                assertThat(code(fresh.call("authenticate", Map.of("agent_name", "bot")))).isEqualTo("VAULT_LOCKED");
            }
            server.unsealKeys.subList(0, 3).forEach(server::unseal);
            assertKeepsServing(client);
        }
    }

    @Test
    void anExpiredSession_isSessionExpired() throws Exception {
        try (var client = authenticated(); var later = SanctumTestClient.unix(socket)) {
            clock.advance(Duration.ofHours(2));
            assertThat(code(client.call("list", Map.of("session_id", client.sessionId))))
                    .isEqualTo("SESSION_EXPIRED");
            assertThat(later.authenticate("bot", key.getPrivate()).has("result")).isTrue();
            assertKeepsServing(later);
        }
    }

    @Test
    void aBareNameInSeveralVaults_isRefusedNamingTheVaultAgentForm_whichWorks() throws Exception {
        root("POST", "/v1/vaults", "{\"name\":\"other\"}", 201);
        var twin = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        root("POST", "/v1/vaults/other/agents", "{\"name\":\"bot\",\"public_key\":\"" + rawPublicKey(twin)
                + "\"}", 201);
        try (var client = SanctumTestClient.unix(socket)) {
            JsonNode ambiguous = client.call("authenticate", Map.of("agent_name", "bot"));
            assertThat(code(ambiguous)).isEqualTo("AUTH_FAILED");
            assertThat(ambiguous.get("error").get("message").asText()).contains("VAULT/AGENT");
            assertThat(client.authenticate("default/bot", key.getPrivate()).has("result")).isTrue();
            assertThat(client.result("list", Map.of("session_id", client.sessionId)).get("credentials")).hasSize(2);
        }
    }

    @Test
    void theSocket_isOwnerOnly_andRemovedAtClose() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(server.sanctum().orElseThrow().describe()).contains("unix:" + socket).contains("127.0.0.1:");
        server.close();
        assertThat(socket).doesNotExist();
        server = TestServer.start(dir.resolve("again"), Map.of("sanctum_socket", socket.toString()), clock)
                .initAndUnseal();
        assertThat(socket).exists();
    }

    @Test
    void theAuditTrail_recordsTheDoorsCalls() throws Exception {
        try (var client = authenticated()) {
            client.result("retrieve", Map.of("session_id", client.sessionId, "path", "app/db"));
            client.call("retrieve", Map.of("session_id", client.sessionId, "path", "app/nope"));
        }
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(server.config().auditFile())) {
            JsonNode entry = JSON.readTree(line);
            if (entry.path("operation").asText().startsWith("sanctum.")) {
                entries.add(entry);
            }
        }
        assertThat(entries).extracting(e -> e.path("operation").asText()).contains("sanctum.authenticate",
                "sanctum.challenge-response", "sanctum.retrieve");
        JsonNode retrieved = entries.stream().filter(e -> e.path("operation").asText().equals("sanctum.retrieve")
                && e.path("type").asText().equalsIgnoreCase("response") && e.path("status").asInt() == 200)
                .findFirst().orElseThrow();
        assertThat(retrieved.path("path").asText()).isEqualTo("app/db");
        assertThat(retrieved.path("method").asText()).isEqualTo("retrieve");
        assertThat(retrieved.path("principal").asText()).contains("bot");
        assertThat(retrieved.path("details").path("transport").asText()).isEqualTo("unix");
        assertThat(retrieved.path("details").path("lease").asText()).isNotBlank();
        assertThat(entries).anyMatch(e -> e.path("path").asText().equals("app/nope") && e.path("status").asInt()
                == 404);
        assertThat(Files.readString(server.config().auditFile())).doesNotContain("hunter2");
    }

    private SanctumTestClient connect(String transport) throws IOException {
        return transport.equals("unix") ? SanctumTestClient.unix(socket) : SanctumTestClient.tcp(tcpPort());
    }

    private SanctumTestClient authenticated() throws IOException {
        var client = SanctumTestClient.unix(socket);
        JsonNode answer = client.authenticate("bot", key.getPrivate());
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
        return client;
    }

    private JsonNode use(SanctumTestClient client, String path, String operation, Map<String, ?> params)
            throws IOException {
        return client.result("use", Map.of("session_id", client.sessionId, "path", path, "operation", operation,
                "params", params));
    }

    /** The connection still answers a full call. */
    private static void assertKeepsServing(SanctumTestClient client) throws IOException {
        JsonNode answer = client.call("list", Map.of("session_id", client.sessionId));
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
    }

    private int tcpPort() {
        return server.sanctum().orElseThrow().port().orElseThrow();
    }

    private KeyPair newAgent(String name) throws GeneralSecurityException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        root("POST", V + "agents", "{\"name\":\"" + name + "\",\"public_key\":\"" + rawPublicKey(pair) + "\"}",
                201);
        return pair;
    }

    private void grant(String agent, String permissions) {
        root("PUT", V + "policies/" + agent, "{\"rules\":[{\"path\":\"app/**\",\"permissions\":[" + permissions
                + "]}]}", 200);
        root("POST", V + "policies/" + agent + "/bindings", "{\"subject\":\"agent:" + agent + "\"}", 204);
    }

    private void root(String method, String path, String body, int status) {
        var response = server.root(method, path, body);
        assertThat(response.status()).as(method + " " + path + ": " + response.body()).isEqualTo(status);
    }

    private static String code(JsonNode answer) {
        return answer.has("error") ? answer.get("error").get("code").asText() : "OK";
    }

    /** Base64 of the raw 32-byte key: the last 32 bytes of its X.509 encoding. */
    private static String rawPublicKey(KeyPair pair) {
        byte[] encoded = pair.getPublic().getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }
}
