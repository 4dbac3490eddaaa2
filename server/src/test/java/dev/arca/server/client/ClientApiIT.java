package dev.arca.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OAuth clients over real HTTP: create, the token endpoint with each client authentication, per-request JWTs. */
class ClientApiIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @TempDir
    Path dir;
    TestServer server;
    KeyPair key;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir).initAndUnseal();
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
        server.root("PUT", "/v1/vaults/default/secrets/app/db", "{\"value\":\"hunter2\"}");
        server.root("PUT", "/v1/vaults/default/policies/readers",
                "{\"rules\":[{\"path\":\"app/**\",\"permissions\":[\"read\",\"list\"]}]}");
        key = ClientJwtAuthenticatorTest.ecKeyPair("secp256r1");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void create_showsTheSecretOnce_andListNeverShowsIt() {
        JsonNode created = createClient("ci", null);
        String id = created.path("client_id").asText();
        String secret = created.path("client_secret").asText();

        assertThat(id).startsWith("cli_");
        assertThat(secret).startsWith("arcas_");
        assertThat(Base64.getUrlDecoder().decode(secret.substring("arcas_".length()))).hasSize(32);
        assertThat(created.path("vault_id").asText()).startsWith("vault_");
        var list = server.root("GET", "/v1/vaults/default/clients", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret);
        assertThat(list.json().path("data").get(0).path("client_id").asText()).isEqualTo(id);
        assertThat(list.json().path("data").get(0).path("has_public_key").asBoolean()).isFalse();
        assertThat(list.json().path("has_more").asBoolean()).isFalse();
    }

    @Test
    void publicKeyThatIsNotP256_is400NamingTheField_andStoresNothing() throws Exception {
        String p384 = ClientJwtAuthenticatorTest.pem(ClientJwtAuthenticatorTest.ecKeyPair("secp384r1"));
        var response = server.root("POST", "/v1/vaults/default/clients",
                "{\"name\":\"ci\",\"public_key_pem\":" + quote(p384) + "}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo("public_key_pem");
        assertThat(server.root("GET", "/v1/vaults/default/clients", null).json().path("data")).isEmpty();
    }

    @Test
    void clientSecretPost_givesAnAccessTokenThatReadsAGrantedSecret() {
        JsonNode created = createClient("ci", null);
        String id = created.path("client_id").asText();
        bind(id);

        Answer answer = token(form("grant_type", "client_credentials", "client_id", id, "client_secret",
                created.path("client_secret").asText()), null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("token_type").asText()).isEqualTo("Bearer");
        assertThat(answer.json().path("expires_in").asLong()).isEqualTo(3600);
        String token = answer.json().path("access_token").asText();
        assertThat(token).startsWith("arca_");
        var self = server.call("GET", "/v1/tokens/self", token, null);
        assertThat(self.json().path("owner").asText()).isEqualTo("client:" + id);
        var secret = server.call("GET", "/v1/vaults/default/secrets/app/db", token, null);
        assertThat(secret.status()).as(secret.body()).isEqualTo(200);
        assertThat(secret.json().path("value").asText()).isEqualTo("hunter2");
        assertThat(server.call("PUT", "/v1/vaults/default/secrets/app/db", token, "{\"value\":\"x\"}").status())
                .isEqualTo(403);
    }

    @Test
    void clientSecretBasic_givesAnAccessToken() {
        JsonNode created = createClient("ci", null);
        String basic = Base64.getEncoder().encodeToString((created.path("client_id").asText() + ":"
                + created.path("client_secret").asText()).getBytes(StandardCharsets.UTF_8));

        Answer answer = token(form("grant_type", "client_credentials"), "Basic " + basic);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(server.call("GET", "/v1/tokens/self", answer.json().path("access_token").asText(), null).status())
                .isEqualTo(200);
    }

    @Test
    void wrongSecret_andUnknownClient_are401InvalidClient_withTheSameDescription() {
        JsonNode created = createClient("ci", null);
        String wrong = "arcas_" + "A".repeat(43);

        Answer wrongSecret = token(form("grant_type", "client_credentials", "client_id",
                created.path("client_id").asText(), "client_secret", wrong), null);
        Answer unknown = token(form("grant_type", "client_credentials", "client_id", "cli_nobody",
                "client_secret", wrong), null);

        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.json().path("error").asText()).isEqualTo("invalid_client");
        assertThat(wrongSecret.body()).doesNotContain(wrong);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.json().path("error_description")).isEqualTo(wrongSecret.json().path("error_description"));
    }

    @Test
    void protocolErrors_areRfc6749Bodies() {
        JsonNode created = createClient("ci", null);
        String id = created.path("client_id").asText();
        String secret = created.path("client_secret").asText();
        String basic = "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));

        assertError(token(form("client_id", id, "client_secret", secret), null), 400, "invalid_request");
        assertError(token(form("grant_type", "password", "client_id", id, "client_secret", secret), null), 400,
                "unsupported_grant_type");
        assertError(token(form("grant_type", "client_credentials", "client_id", id, "client_secret", secret), basic),
                400, "invalid_request");
        assertError(token(form("grant_type", "client_credentials"), null), 401, "invalid_client");
        assertError(token("grant_type=client_credentials&grant_type=client_credentials", null), 400, "invalid_request");
        assertError(token(form("grant_type", "client_credentials", "client_assertion_type", "urn:other",
                "client_assertion", "x.y.z"), null), 400, "invalid_request");
    }

    @Test
    void revokedClient_losesItsTokens_andCannotGetNewOnes() {
        JsonNode created = createClient("ci", null);
        String id = created.path("client_id").asText();
        String secret = created.path("client_secret").asText();
        String token = token(form("grant_type", "client_credentials", "client_id", id, "client_secret", secret), null)
                .json().path("access_token").asText();

        var revoked = server.root("POST", "/v1/vaults/default/clients/" + id + "/revoke", null);

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("revoked_at").isTextual()).isTrue();
        assertThat(server.call("GET", "/v1/tokens/self", token, null).status()).isEqualTo(401);
        assertError(token(form("grant_type", "client_credentials", "client_id", id, "client_secret", secret), null),
                401, "invalid_client");
    }

    @Test
    void privateKeyJwt_givesAnAccessToken_andTheSameAssertionCannotBeUsedTwice() throws Exception {
        String id = createClient("signer", ClientJwtAuthenticatorTest.pem(key)).path("client_id").asText();
        String assertion = jwt(id);
        Map<String, String> fields = form("grant_type", "client_credentials", "client_assertion_type", JWT_BEARER,
                "client_assertion", assertion);

        Answer first = token(fields, null);
        Answer replay = token(fields, null);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(server.call("GET", "/v1/tokens/self", first.json().path("access_token").asText(), null).json()
                .path("owner").asText()).isEqualTo("client:" + id);
        assertError(replay, 401, "invalid_client");
        assertThat(replay.json().path("error_description").asText()).contains("already used");
        assertThat(replay.body()).doesNotContain(assertion);
    }

    @Test
    void perRequestJwt_readsAGrantedSecret_andItsReplayIs401() throws Exception {
        String id = createClient("signer", ClientJwtAuthenticatorTest.pem(key)).path("client_id").asText();
        bind(id);
        String jwt = jwt(id);

        var read = server.call("GET", "/v1/vaults/default/secrets/app/db", jwt, null);
        var replay = server.call("GET", "/v1/vaults/default/secrets/app/db", jwt, null);

        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().path("value").asText()).isEqualTo("hunter2");
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.errorCode()).isEqualTo("unauthenticated");
        assertThat(replay.json().path("error").path("message").asText()).contains("already used");
    }

    @Test
    void perRequestJwt_makesTokensThatActAsTheClient_endWithTheJwt_andGoWithTheClient() throws Exception {
        String id = createClient("signer", ClientJwtAuthenticatorTest.pem(key)).path("client_id").asText();
        bind(id);
        server.root("PUT", "/v1/vaults/default/policies/maker",
                "{\"rules\":[{\"path\":\"_tokens\",\"permissions\":[\"create\"]}]}");
        server.root("POST", "/v1/vaults/default/policies/maker/bindings", "{\"subject\":\"client:" + id + "\"}");
        String jwt = jwt(id);
        Instant jwtExpiry = SignedJWT.parse(jwt).getJWTClaimsSet().getExpirationTime().toInstant();

        var created = server.call("POST", "/v1/tokens", jwt, "{\"vault\":\"default\",\"ttl\":\"1h\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String child = created.json().path("token").asText();
        var view = server.call("GET", "/v1/tokens/self", child, null).json();
        assertThat(view.path("owner").asText()).isEqualTo("client:" + id);
        assertThat(Instant.parse(view.path("max_expires_at").asText())).isEqualTo(jwtExpiry);
        assertThat(server.call("GET", "/v1/vaults/default/secrets/app/db", child, null).status()).isEqualTo(200);
        assertThat(server.root("POST", "/v1/vaults/default/clients/" + id + "/revoke", null).status())
                .isEqualTo(200);
        assertThat(server.call("GET", "/v1/tokens/self", child, null).status()).isEqualTo(401);
    }

    @Test
    void perRequestJwt_withoutABinding_isAuthenticatedButDenied() throws Exception {
        String id = createClient("signer", ClientJwtAuthenticatorTest.pem(key)).path("client_id").asText();

        var read = server.call("GET", "/v1/vaults/default/secrets/app/db", jwt(id), null);

        assertThat(read.status()).isEqualTo(403);
        assertThat(read.json().path("error").path("message").asText()).contains("client:" + id);
    }

    @Test
    void disabledClient_getsNoToken_itsTokensAndJwtsAreRefusedAtOnce_andEnableRestoresThem() throws Exception {
        JsonNode created = createClient("svc", ClientJwtAuthenticatorTest.pem(key));
        String id = created.path("client_id").asText();
        bind(id);
        Map<String, String> bySecret = form("grant_type", "client_credentials", "client_id", id, "client_secret",
                created.path("client_secret").asText());
        String accessToken = token(bySecret, null).json().path("access_token").asText();

        var disabled = server.root("POST", "/v1/vaults/default/clients/" + id + "/disable", null);

        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().path("disabled_at").isTextual()).isTrue();
        assertThat(disabled.json().path("revoked_at").isTextual()).isFalse();
        var withToken = server.call("GET", "/v1/vaults/default/secrets/app/db", accessToken, null);
        assertThat(withToken.status()).as(withToken.body()).isEqualTo(403);
        assertThat(withToken.json().path("error").path("message").asText()).contains("client '" + id + "' is disabled");
        assertThat(server.call("GET", "/v1/vaults/default/secrets/app/db", jwt(id), null).status()).isEqualTo(403);
        Answer refused = token(bySecret, null);
        assertError(refused, 400, "unauthorized_client");
        assertThat(refused.json().path("error_description").asText()).contains("disabled");
        assertError(token(form("grant_type", "client_credentials", "client_assertion_type", JWT_BEARER,
                "client_assertion", jwt(id)), null), 400, "unauthorized_client");

        var enabled = server.root("POST", "/v1/vaults/default/clients/" + id + "/enable", null);

        assertThat(enabled.json().path("disabled_at").isTextual()).as(enabled.body()).isFalse();
        assertThat(server.call("GET", "/v1/vaults/default/secrets/app/db", accessToken, null).status())
                .as("its unexpired token works again").isEqualTo(200);
        assertThat(server.call("GET", "/v1/vaults/default/secrets/app/db", jwt(id), null).status()).isEqualTo(200);
        assertThat(token(bySecret, null).status()).isEqualTo(200);
    }

    @Test
    void disablingAnUnknownOrRevokedClient_isRefused_andChangesNothing() {
        String id = createClient("svc", null).path("client_id").asText();
        server.root("POST", "/v1/vaults/default/clients/" + id + "/revoke", null);

        var revoked = server.root("POST", "/v1/vaults/default/clients/" + id + "/disable", null);
        var unknown = server.root("POST", "/v1/vaults/default/clients/cli_nope/disable", null);

        assertThat(revoked.status()).as(revoked.body()).isEqualTo(409);
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(server.root("GET", "/v1/vaults/default/clients", null).json().path("data").get(0)
                .path("disabled_at").isTextual()).isFalse();
    }

    @Test
    void tokenEndpoint_whileSealed_is503() {
        JsonNode created = createClient("ci", null);
        server.root("POST", "/v1/sys/seal", null);

        Answer answer = token(form("grant_type", "client_credentials", "client_id",
                created.path("client_id").asText(), "client_secret", created.path("client_secret").asText()), null);

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo("sealed");
    }

    private JsonNode createClient(String name, String pem) {
        var response = server.root("POST", "/v1/vaults/default/clients", "{\"name\":\"" + name + "\""
                + (pem == null ? "" : ",\"public_key_pem\":" + quote(pem)) + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private void bind(String clientId) {
        var bound = server.root("POST", "/v1/vaults/default/policies/readers/bindings",
                "{\"subject\":\"client:" + clientId + "\"}");
        assertThat(bound.status()).as(bound.body()).isEqualTo(204);
    }

    private String jwt(String clientId) throws JOSEException {
        var claims = new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience("arca")
                .expirationTime(Date.from(Instant.now().plusSeconds(120))).jwtID(UUID.randomUUID().toString()).build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.ES256), claims);
        jwt.sign(new ECDSASigner((ECPrivateKey) key.getPrivate()));
        return jwt.serialize();
    }

    private static Map<String, String> form(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    private Answer token(Map<String, String> fields, String authorization) {
        return token(fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&")),
                authorization);
    }

    private Answer token(String body, String authorization) {
        var request = HttpRequest.newBuilder(URI.create(server.address() + "/v1/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertError(Answer answer, int status, String error) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.json().path("error").asText()).isEqualTo(error);
        assertThat(answer.json().path("error_description").asText()).isNotBlank();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }

    private record Answer(int status, String body) {
        JsonNode json() {
            return new TestServer.Response(status, body, Map.of()).json();
        }
    }
}
