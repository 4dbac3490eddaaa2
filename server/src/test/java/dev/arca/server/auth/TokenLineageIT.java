package dev.arca.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.server.TestClock;
import dev.arca.server.TestServer;
import dev.arca.server.client.ClientService;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token made by another is its child: never outliving it (expiry and renewal ceiling capped, renewals and
 * shortened parents included), revoked with it, holding none of the policies it does not, and an orphan only for
 * root and {@code _tokens} administrators. Through real HTTP, the server's clock moved by hand.
 */
class TokenLineageIT {
    private static final String SECRET = "/v1/vaults/default/secrets/app/db";
    private static final String PASSWORD = "correct horse battery staple";

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    TestServer server;

    /** The {@code storage} setting; none = SQLite under the temp dir. */
    Map<String, String> storage() {
        return Map.of();
    }

    @BeforeEach
    void start() {
        server = TestServer.start(dir, storage(), clock).initAndUnseal();
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
        assertThat(server.root("PUT", SECRET, "{\"value\":\"s3cr3t\"}").status()).isEqualTo(200);
        policy("maker", "{\"path\":\"_tokens\",\"permissions\":[\"create\"]},"
                + "{\"path\":\"app/**\",\"permissions\":[\"read\"]}");
        policy("tokens-admin", "{\"path\":\"_tokens\",\"permissions\":[\"create\",\"admin\"]}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void childOfAShortLivedParent_isCappedAtItsEnds_andStopsWorkingWithIt() {
        String parent = token(server.rootToken, "{\"vault\":\"default\",\"policies\":[\"maker\"],\"ttl\":\"15s\","
                + "\"max_ttl\":\"1m\"}");
        JsonNode parentView = self(parent);
        var asked = create(parent, "{\"vault\":\"default\",\"ttl\":\"1h\",\"max_ttl\":\"24h\"}");
        var unasked = create(parent, "{\"vault\":\"default\"}");
        assertThat(asked.status()).as(asked.body()).isEqualTo(201);
        assertThat(unasked.status()).as(unasked.body()).isEqualTo(201);
        for (String child : new String[] {asked.json().path("token").asText(), unasked.json().path("token").asText()}) {
            JsonNode view = self(child);
            assertThat(view.path("expires_at").asText()).isEqualTo(parentView.path("expires_at").asText());
            assertThat(view.path("max_expires_at").asText()).isEqualTo(parentView.path("max_expires_at").asText());
            assertThat(server.call("GET", SECRET, child, null).status()).isEqualTo(200);
        }

        clock.advance(Duration.ofMinutes(20));

        for (String child : new String[] {asked.json().path("token").asText(), unasked.json().path("token").asText()}) {
            assertThat(server.call("GET", SECRET, child, null).status()).isEqualTo(401);
            assertThat(server.call("GET", "/v1/tokens/self", child, null).status()).isEqualTo(401);
        }
    }

    @Test
    void childRenewal_neverPassesItsParentsCurrentExpiry() {
        String parent = token(server.rootToken, "{\"vault\":\"default\",\"policies\":[\"maker\"],\"ttl\":\"1m\","
                + "\"max_ttl\":\"1h\"}");
        String child = token(parent, "{\"vault\":\"default\",\"ttl\":\"1m\",\"max_ttl\":\"1h\"}");
        clock.advance(Duration.ofSeconds(30));

        var renewed = server.call("POST", "/v1/tokens/renew-self", child, "{\"increment\":\"1h\"}");

        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        assertThat(renewed.json().path("expires_at").asText()).isEqualTo(self(parent).path("expires_at").asText());
        clock.advance(Duration.ofSeconds(31));
        assertThat(server.call("GET", "/v1/tokens/self", child, null).status()).isEqualTo(401);
    }

    @Test
    void parentRenewedToAnEarlierEnd_takesItsDescendantsWithIt() {
        String parent = token(server.rootToken, "{\"vault\":\"default\",\"policies\":[\"maker\"],\"ttl\":\"1h\"}");
        String child = token(parent, "{\"vault\":\"default\"}");
        String grandchild = token(child, "{\"vault\":\"default\"}");

        var renewed = server.call("POST", "/v1/tokens/renew-self", parent, "{\"increment\":\"10s\"}");

        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        String end = renewed.json().path("expires_at").asText();
        assertThat(self(child).path("expires_at").asText()).isEqualTo(end);
        assertThat(self(grandchild).path("expires_at").asText()).isEqualTo(end);
        clock.advance(Duration.ofSeconds(11));
        assertThat(server.call("GET", "/v1/tokens/self", grandchild, null).status()).isEqualTo(401);
    }

    @Test
    void revokingAParent_revokesItsDescendants() {
        String parent = token(server.rootToken, "{\"vault\":\"default\",\"policies\":[\"maker\"]}");
        String child = token(parent, "{\"vault\":\"default\"}");
        String grandchild = token(child, "{\"vault\":\"default\"}");

        assertThat(server.call("POST", "/v1/tokens/revoke-self", parent, null).status()).isEqualTo(204);

        assertThat(server.call("GET", "/v1/tokens/self", child, null).status()).isEqualTo(401);
        assertThat(server.call("GET", "/v1/tokens/self", grandchild, null).status()).isEqualTo(401);
    }

    @Test
    void userLoginToken_makesChildrenThatActAsTheUser_endWithTheLogin_andGoWithTheUser() {
        assertThat(server.root("POST", "/v1/vaults/default/users",
                "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}").status()).isEqualTo(201);
        bind("maker", "user:alice");
        JsonNode login = server.call("POST", "/v1/auth/login", null, "{\"vault\":\"default\",\"username\":\"alice\","
                + "\"password\":\"" + PASSWORD + "\"}").json();
        String loginToken = login.path("token").asText();
        String child = token(loginToken, "{\"vault\":\"default\",\"ttl\":\"30d\"}");
        JsonNode view = self(child);
        assertThat(view.path("owner").asText()).isEqualTo("user:alice");
        assertThat(view.path("max_expires_at").asText()).isEqualTo(self(loginToken).path("max_expires_at").asText());
        assertThat(server.call("GET", SECRET, child, null).status()).isEqualTo(200);

        clock.advance(Duration.ofHours(25));
        assertThat(server.call("GET", "/v1/tokens/self", child, null).status()).isEqualTo(401);

        clock.advance(Duration.ofMinutes(1));
        String second = server.call("POST", "/v1/auth/login", null, "{\"vault\":\"default\",\"username\":\"alice\","
                + "\"password\":\"" + PASSWORD + "\"}").json().path("token").asText();
        String secondChild = token(second, "{\"vault\":\"default\"}");
        assertThat(server.root("DELETE", "/v1/vaults/default/users/alice", null).status()).isEqualTo(204);
        assertThat(server.call("GET", "/v1/tokens/self", secondChild, null).status()).isEqualTo(401);
    }

    @Test
    void clientAccessToken_makesChildrenCappedAtItsExpiry() throws Exception {
        JsonNode client = server.root("POST", "/v1/vaults/default/clients", "{\"name\":\"ci\"}").json();
        bind("maker", "client:" + client.path("client_id").asText());
        String accessToken = clientToken(client.path("client_id").asText(), client.path("client_secret").asText());
        String child = token(accessToken, "{\"vault\":\"default\",\"ttl\":\"7d\"}");
        assertThat(self(child).path("expires_at").asText()).isEqualTo(self(accessToken).path("expires_at").asText());

        clock.advance(ClientService.ACCESS_TOKEN_TTL.plusSeconds(1));

        assertThat(server.call("GET", "/v1/tokens/self", child, null).status()).isEqualTo(401);
    }

    @Test
    void orphan_isForRootAndTokenAdministrators_andOutlivesItsCreator() {
        String admin = token(server.rootToken, "{\"vault\":\"default\",\"policies\":[\"tokens-admin\"],"
                + "\"ttl\":\"15s\"}");
        var orphan = create(admin, "{\"vault\":\"default\",\"orphan\":true,\"ttl\":\"1h\"}");
        assertThat(orphan.status()).as(orphan.body()).isEqualTo(201);
        String rootOrphan = token(server.rootToken, "{\"orphan\":true}");

        assertThat(server.call("POST", "/v1/tokens/revoke-self", admin, null).status()).isEqualTo(204);
        clock.advance(Duration.ofMinutes(20));

        assertThat(server.call("GET", "/v1/tokens/self", orphan.json().path("token").asText(), null).status())
                .isEqualTo(200);
        server.call("POST", "/v1/tokens/revoke-self", server.rootToken, null);
        assertThat(server.call("GET", "/v1/tokens/self", rootOrphan, null).status()).isEqualTo(200);
    }

    private String clientToken(String id, String secret) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(id, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.address() + "/v1/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Json.lenient().readTree(response.body()).path("access_token").asText();
    }

    private void policy(String name, String rules) {
        var put = server.root("PUT", "/v1/vaults/default/policies/" + name, "{\"rules\":[" + rules + "]}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
    }

    private void bind(String policy, String subject) {
        var bound = server.root("POST", "/v1/vaults/default/policies/" + policy + "/bindings",
                "{\"subject\":\"" + subject + "\"}");
        assertThat(bound.status()).as(bound.body()).isEqualTo(204);
    }

    private TestServer.Response create(String creator, String body) {
        return server.call("POST", "/v1/tokens", creator, body);
    }

    private String token(String creator, String body) {
        var created = create(creator, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().path("token").asText();
    }

    private JsonNode self(String token) {
        var self = server.call("GET", "/v1/tokens/self", token, null);
        assertThat(self.status()).as(self.body()).isEqualTo(200);
        return self.json();
    }
}
