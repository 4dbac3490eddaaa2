package dev.arca.server.use;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.TestServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code use http_request}, sign and egress over real HTTP, against an upstream on loopback. */
class UseIT {
    private static final String V = "/v1/vaults/default/secrets/";
    private static final String TOKEN = "tok-ABCDEF123456";
    private static final String PASSWORD = "pa55-w0rd-xyz";
    private static final ObjectMapper JSON = Json.lenient();

    @TempDir
    Path dir;
    TestServer server;
    Upstream upstream;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        upstream = new Upstream();
        expect(201, server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}"));
        expect(200, server.root("PUT", V + "app/token", "{\"value\":\"" + TOKEN + "\"}"));
        expect(200, server.root("PUT", V + "app/login",
                "{\"fields\":{\"username\":\"svc-user\",\"password\":\"" + PASSWORD + "\"}}"));
        allow("app/token", "\"" + upstream.url("/") + "\"", "\"GET\",\"POST\"");
        allow("app/login", "\"" + upstream.url("/") + "\"", "\"GET\"");
    }

    @AfterEach
    void stop() {
        upstream.close();
        server.close();
    }

    @Test
    void bearer_reachesTheUpstream_andTheAnswerNeverCarriesTheCredential() {
        var response = use("app/token", "{\"operation\":\"http_request\",\"method\":\"POST\",\"url\":\""
                + upstream.url("/echo?x=1") + "\",\"headers\":{\"Accept\":\"text/plain\","
                + "\"User-Agent\":\"caller-agent\"},"
                + "\"body\":\"hello\"}");
        expect(200, response);
        assertThat(upstream.seen).hasSize(1);
        Upstream.Seen seen = upstream.seen.getFirst();
        assertThat(seen.header("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(seen.header("Accept")).isEqualTo("text/plain");
        assertThat(seen.header("Accept-Encoding")).as("the body is answered as received").isNull();
        assertThat(seen.header("Cookie")).isNull();
        assertThat(seen.headers().get("User-agent")).as("the caller's replaces the client's").containsExactly(
                "caller-agent");
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.uri()).isEqualTo("/echo?x=1");
        assertThat(seen.body()).isEqualTo("hello");

        JsonNode answer = response.json();
        assertThat(answer.path("status").asInt()).isEqualTo(200);
        assertThat(answer.path("body_encoding").asText()).isEqualTo("utf8");
        assertThat(answer.path("body").asText()).contains("method=POST").contains("body=hello")
                .contains("[REDACTED]");
        assertThat(headerOf(answer, "X-Echo-Authorization")).isEqualTo("Bearer [REDACTED]");
        assertThat(headerOf(answer, "X-Multi")).isEqualTo("one, two");
        assertThat(response.body()).doesNotContain(TOKEN);
    }

    @Test
    void apiKeyCustomAndBasic_injectTheirHeaders_andAreRedacted() {
        expect(200, use("app/token", httpRequest(upstream.url("/echo"), ",\"header_type\":\"api_key\"")));
        expect(200, use("app/token", httpRequest(upstream.url("/echo"),
                ",\"header_type\":\"api_key\",\"header_name\":\"X-Custom\"")));
        var custom = use("app/token", httpRequest(upstream.url("/echo"),
                ",\"header_type\":\"custom\",\"header_name\":\"X-Custom\""));
        var basic = use("app/login", httpRequest(upstream.url("/echo"), ",\"header_type\":\"basic\""));
        var field = use("app/login", httpRequest(upstream.url("/echo"), ",\"field\":\"password\""));

        assertThat(upstream.seen).hasSize(5);
        assertThat(upstream.seen.get(0).header("X-API-Key")).isEqualTo(TOKEN);
        assertThat(upstream.seen.get(1).header("X-Custom")).isEqualTo(TOKEN);
        assertThat(upstream.seen.get(2).header("X-Custom")).isEqualTo(TOKEN);
        String basicValue = Base64.getEncoder().encodeToString(("svc-user:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        assertThat(upstream.seen.get(3).header("Authorization")).isEqualTo("Basic " + basicValue);
        assertThat(upstream.seen.get(4).header("Authorization")).isEqualTo("Bearer " + PASSWORD);
        for (var response : List.of(custom, basic, field)) {
            expect(200, response);
            assertThat(response.body()).doesNotContain(TOKEN).doesNotContain(PASSWORD).doesNotContain(basicValue)
                    .doesNotContain("svc-user").contains("[REDACTED]");
        }
    }

    @Test
    void withoutAnEgressRule_nothingIsSent() {
        expect(200, server.root("PUT", V + "app/bare", "{\"value\":\"bare-value-1\"}"));
        refused(403, "access_denied", use("app/bare", httpRequest(upstream.url("/echo"), "")));
        assertThat(server.root("GET", V + "app/bare/egress", null).json().path("allow")).isEmpty();
    }

    @Test
    void methodPathAndHostOutsideTheRule_areRefused() {
        allow("app/token", "\"" + upstream.url("/api") + "\",\"http://upstream.example:" + upstream.port() + "/\"",
                "\"GET\"");
        refused(403, "access_denied", use("app/token", "{\"operation\":\"http_request\",\"method\":\"DELETE\","
                + "\"url\":\"" + upstream.url("/api/x") + "\"}"));
        refused(403, "access_denied", use("app/token", httpRequest(upstream.url("/api/../admin"), "")));
        refused(403, "access_denied", use("app/token", httpRequest(upstream.url("/api/%2e%2e/admin"), "")));
        refused(403, "access_denied", use("app/token", httpRequest(upstream.url("/apiv2"), "")));
        allow("app/token", "\"http://upstream.example:" + upstream.port() + "/\"", "\"GET\"");
        var other = use("app/token", httpRequest(upstream.url("/echo"), ""));
        refused(403, "access_denied", other);
        assertThat(other.body()).contains("egress");
        // and the rule's own path is reachable: the refusals above were about the rule, not the upstream
        allow("app/token", "\"" + upstream.url("/api") + "\"", "\"GET\"");
        expect(200, use("app/token", httpRequest(upstream.url("/api/x"), "")));
        assertThat(upstream.seen).hasSize(1);
    }

    @Test
    void aRuleNamingLocalhost_isRefusedAtTheResolver_asLoopback() {
        allow("app/token", "\"http://localhost:" + upstream.port() + "/\"", "\"GET\"");
        var response = use("app/token", httpRequest("http://localhost:" + upstream.port() + "/echo", ""));
        refused(403, "access_denied", response);
        assertThat(response.json().path("error").path("message").asText()).contains("loopback address");
    }

    @Test
    void privateAndNonCanonicalAddresses_areRefused() {
        allow("app/token", "\"http://*.example.com\",\"" + upstream.url("/") + "\"", "\"GET\"");
        refused(403, "access_denied", use("app/token", httpRequest("http://169.254.169.254/latest/meta-data", "")));
        refused(403, "access_denied", use("app/token", httpRequest("http://[::1]:" + upstream.port() + "/", "")));
        refused(403, "access_denied", use("app/token", httpRequest("http://0.0.0.0:" + upstream.port() + "/", "")));
        for (String host : List.of("2130706433", "0177.0.0.1", "0x7f.0.0.1", "127.1")) {
            refused(400, "invalid_request", use("app/token", httpRequest("http://" + host + ":" + upstream.port()
                    + "/", "")));
        }
    }

    @Test
    void aRedirect_isAnsweredAsIs_andNeverFollowed() {
        try (var second = new Upstream()) {
            upstream.redirectTo = second.url("/landing");
            allow("app/token", "\"" + upstream.url("/") + "\",\"" + second.url("/") + "\"", "\"GET\"");
            var response = use("app/token", httpRequest(upstream.url("/redirect"), ""));
            expect(200, response);
            assertThat(response.json().path("status").asInt()).isEqualTo(302);
            assertThat(headerOf(response.json(), "Location")).isEqualTo(second.url("/landing"));
            assertThat(upstream.seen).hasSize(1);
            assertThat(second.seen).isEmpty();
        }
    }

    @Test
    void controlCharactersInACallerHeader_are400_andNothingIsSent() {
        var response = use("app/token", httpRequest(upstream.url("/echo"),
                ",\"headers\":{\"X-A\":\"v\\r\\nX-Injected: 1\"}"));
        refused(400, "invalid_request", response);
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo("headers");
        refused(400, "invalid_request", use("app/token", httpRequest(upstream.url("/echo"),
                ",\"headers\":{\"Authorization\":\"Bearer mine\"}")));
        refused(400, "invalid_request", use("app/token", httpRequest(upstream.url("/echo"),
                ",\"headers\":{\"Host\":\"evil.example\"}")));
    }

    @Test
    void anUpstreamThatNeverAnswers_is504_andTheResponseIsAudited() throws IOException {
        var response = use("app/token", httpRequest(upstream.url("/slow?q=hidden-query"), ",\"timeout\":\"1s\""));
        assertThat(response.status()).isEqualTo(504);
        assertThat(response.errorCode()).isEqualTo("upstream_timeout");
        String requestId = response.header("X-Request-Id");
        List<JsonNode> entries = auditEntries(requestId);
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.path("type").asText()).isEqualTo("response");
            assertThat(entry.path("status").asInt()).isEqualTo(504);
            assertThat(entry.path("error").asText()).isEqualTo("upstream_timeout");
            assertThat(entry.path("details").path("use.operation").asText()).isEqualTo("http_request");
            assertThat(entry.path("details").path("use.method").asText()).isEqualTo("GET");
            assertThat(entry.path("details").path("use.host").asText()).isEqualTo("127.0.0.1");
        });
        assertThat(entries.toString()).doesNotContain("hidden-query").doesNotContain(TOKEN);
    }

    @Test
    void theAuditTrail_recordsTheStatus_butNeverQueryHeadersBodyOrValue() throws IOException {
        var response = use("app/token", "{\"operation\":\"http_request\",\"method\":\"POST\",\"url\":\""
                + upstream.url("/echo?secret-query=1") + "\",\"headers\":{\"X-Caller\":\"caller-header-v\"},"
                + "\"body\":\"caller-body-text\"}");
        expect(200, response);
        List<JsonNode> entries = auditEntries(response.header("X-Request-Id"));
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.path("type").asText()).isEqualTo("response");
            assertThat(entry.path("details").path("use.status").asText()).isEqualTo("200");
        });
        assertThat(entries.toString()).doesNotContain("secret-query").doesNotContain("caller-header-v")
                .doesNotContain("caller-body-text").doesNotContain(TOKEN);
    }

    @Test
    void anAnswerOverOneMebibyte_is502() {
        var response = use("app/token", httpRequest(upstream.url("/big"), ""));
        assertThat(response.status()).as(response.body()).isEqualTo(502);
        assertThat(response.errorCode()).isEqualTo("upstream_failed");
        assertThat(response.json().path("error").path("message").asText()).contains("more than 1048576 bytes");
    }

    @Test
    void aClosedPort_is502_andABinaryBodyComesBackAsBase64() throws IOException {
        int closed;
        try (var socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        allow("app/token", "\"" + upstream.url("/") + "\",\"http://127.0.0.1:" + closed + "/\"", "\"GET\"");
        refused(502, "upstream_failed", use("app/token", httpRequest("http://127.0.0.1:" + closed + "/x", "")));
        var binary = use("app/token", httpRequest(upstream.url("/binary"), ""));
        expect(200, binary);
        assertThat(binary.json().path("body_encoding").asText()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(binary.json().path("body").asText()))
                .containsExactly(0xff, 0xfe, 0, 1);
    }

    @Test
    void egressUpdates_areValidated_andABadOneStoresNothing() {
        var before = server.root("GET", V + "app/token/egress", null);
        expect(200, before);
        assertThat(before.json().path("allow").get(0).asText()).isEqualTo(upstream.url("/"));
        assertThat(before.json().path("updated_by").asText()).startsWith("token:");
        String tooMany = IntStream.range(0, 33).mapToObj(i -> "\"https://h" + i + ".example.com\"")
                .collect(Collectors.joining(","));
        for (String bad : List.of("{\"allow\":[\"ftp://example.com\"],\"methods\":[\"GET\"]}",
                "{\"allow\":[" + tooMany + "],\"methods\":[\"GET\"]}",
                "{\"allow\":[\"https://example.com\"],\"methods\":[\"FETCH\"]}",
                "{\"allow\":[\"https://example.com\"],\"methods\":[]}",
                "{\"methods\":[\"GET\"]}")) {
            refused(400, "invalid_request", server.root("PUT", V + "app/token/egress", bad));
        }
        assertThat(server.root("GET", V + "app/token/egress", null).body()).isEqualTo(before.body());
        refused(404, "not_found", server.root("PUT", V + "app/missing/egress",
                "{\"allow\":[],\"methods\":[]}"));
    }

    @Test
    void useAndEgressRoutes_areNotTakenForSecretPaths() {
        var metadata = server.root("GET", V + "app/token/metadata", null).json();
        assertThat(metadata.path("current_version").asInt()).isEqualTo(1);
        assertThat(server.root("GET", V + "app/token/egress", null).json().has("allow")).isTrue();
        assertThat(server.root("GET", "/v1/vaults/default/secrets?prefix=app/token/", null).json().path("data"))
                .as("PUT …/egress wrote no secret at app/token/egress").isEmpty();
        assertThat(server.root("GET", V + "app/token/metadata", null).json().path("current_version").asInt())
                .isEqualTo(1);
        var sign = use("app/token", "{\"operation\":\"sign\",\"algorithm\":\"hmac-sha256\",\"data\":\"abc\"}");
        expect(200, sign);
        assertThat(sign.json().path("signature").asText()).isNotEmpty();
    }

    @Test
    void updatingEgress_needsEgressAndRead_aUseOnlyPrincipalIsRefused() {
        String name = "use-only";
        expect(200, server.root("PUT", "/v1/vaults/default/policies/" + name,
                "{\"rules\":[{\"path\":\"app/**\",\"permissions\":[\"use\"]}]}"));
        String token = server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"" + name + "\"]}")
                .json().path("token").asText();
        String before = server.root("GET", V + "app/token/egress", null).body();
        refused(403, "access_denied", server.call("PUT", V + "app/token/egress", token,
                "{\"allow\":[\"https://evil.example.com\"],\"methods\":[\"GET\"]}"));
        assertThat(server.root("GET", V + "app/token/egress", null).body()).isEqualTo(before);
    }

    @Test
    void fieldsThatDoNotApply_andUnknownOperations_are400() {
        var stray = use("app/token", "{\"operation\":\"sign\",\"algorithm\":\"hmac-sha256\",\"data\":\"x\","
                + "\"url\":\"http://x.example.com\"}");
        refused(400, "invalid_request", stray);
        assertThat(stray.json().path("error").path("details").path("field").asText()).isEqualTo("url");
        refused(400, "invalid_request", use("app/token", "{\"operation\":\"teleport\"}"));
        refused(400, "invalid_request", use("app/token", "{\"operation\":\"encrypt\",\"plaintext\":\"AA==\"}"));
        refused(400, "invalid_request", use("app/token", httpRequest(upstream.url("/echo"), ",\"timeout\":\"2m\"")));
    }

    private TestServer.Response use(String path, String body) {
        return server.root("POST", V + path + "/use", body);
    }

    private static String httpRequest(String url, String more) {
        return "{\"operation\":\"http_request\",\"url\":\"" + url + "\"" + more + "}";
    }

    private void allow(String path, String patterns, String methods) {
        expect(200, server.root("PUT", V + path + "/egress",
                "{\"allow\":[" + patterns + "],\"methods\":[" + methods + "]}"));
    }

    /** A refusal: its status and code, and the upstream got nothing. */
    private void refused(int status, String code, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(upstream.seen).as("the upstream got nothing").isEmpty();
    }

    private List<JsonNode> auditEntries(String requestId) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(server.config().auditFile())) {
            JsonNode entry = JSON.readTree(line);
            if (entry.path("request_id").asText().equals(requestId)) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static String headerOf(JsonNode answer, String name) {
        var fields = answer.path("headers").properties();
        return fields.stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().asText())
                .findFirst().orElse(null);
    }

    private static void expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }
}
