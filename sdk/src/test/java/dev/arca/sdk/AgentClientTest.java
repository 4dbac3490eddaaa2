package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Use;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AgentClient} against canned answers: the session, its renewal, the routes it calls, the leases it gives back. */
class AgentClientTest {
    private static final String CHALLENGE = "{\"challenge_id\":\"chal_1\",\"challenge\":\""
            + Base64.getEncoder().encodeToString("nonce".getBytes(StandardCharsets.UTF_8))
            + "\",\"expires_at\":\"2030-01-01T00:00:00Z\"}";
    private static final String SECRETS = "GET /v1/vaults/team/secrets?recursive=true";

    @TempDir
    Path home;

    private final FakeArca server = new FakeArca();
    private Path key;

    @BeforeEach
    void agentKey() {
        key = home.resolve("keys").resolve("bot.key");
        PemKeyFile.writePrivateKey(key, Ed25519Keys.generate().getPrivate(), null);
        server.on("POST /v1/auth/agent/challenge", 200, CHALLENGE);
        server.on("POST /v1/auth/agent/session", 200, "{\"token\":\"arca_session1\",\"expires_at\":\"2030-01-01T00:00:00Z\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private AgentClient connect() {
        return AgentClient.builder("bot").address(server.address()).keyPath(key).vault("team").retries(0).connect();
    }

    private long sessions() {
        return server.requests().stream().filter(r -> r.route().equals("POST /v1/auth/agent/session")).count();
    }

    @Test
    void connect_signsTheChallenge_andListsWithTheSessionToken() {
        server.on(SECRETS, 200, "{\"data\":[{\"id\":\"sk_1\",\"path\":\"app/db\",\"type\":\"string\",\"version\":1}],"
                + "\"has_more\":false}");
        try (var agent = connect()) {
            assertThat(server.requests().get(0).body()).isEqualTo("{\"vault\":\"team\",\"agent\":\"bot\"}");
            assertThat(server.requests().get(1).body()).startsWith("{\"challenge_id\":\"chal_1\",\"signature\":\"");
            assertThat(agent.list()).extracting(dev.arca.api.Secret.Item::path).containsExactly("app/db");
            assertThat(server.last().authorization()).isEqualTo("Bearer arca_session1");
            server.on("GET /v1/vaults/team/secrets?prefix=app%2F&recursive=true", 200, "{\"data\":[],\"has_more\":false}");
            assertThat(agent.list("app/")).isEmpty();
        }
    }

    @Test
    void expiredSession_isRenewedOnce_andTheRequestSentAgain() {
        server.on(SECRETS, 200, "{\"data\":[],\"has_more\":false}");
        server.once(SECRETS, 401, "{\"error\":{\"code\":\"session_expired\",\"message\":\"the session expired\"}}",
                Map.of());
        try (var agent = connect()) {
            assertThat(agent.list()).isEmpty();
            assertThat(sessions()).isEqualTo(2);
        }
    }

    @Test
    void sessionExpiringTwice_isThrown_notLoopedOn() {
        server.on(SECRETS, 401, "{\"error\":{\"code\":\"session_expired\",\"message\":\"the session expired\"}}");
        try (var agent = connect()) {
            assertThatThrownBy(agent::list).isInstanceOf(SessionExpiredException.class);
            assertThat(sessions()).isEqualTo(2);
        }
    }

    @Test
    void refusedKey_isAnAuthenticationException_withASuggestion() {
        server.on("POST /v1/auth/agent/session", 401,
                "{\"error\":{\"code\":\"unauthenticated\",\"message\":\"the signature does not verify\"}}");
        assertThatThrownBy(this::connect).isInstanceOf(AuthenticationException.class)
                .hasMessage("the signature does not verify (unauthenticated)")
                .extracting(e -> ((ApiException) e).suggestion()).asString().contains("authenticate again");
    }

    @Test
    void useCredential_postsTheOperationWithItsFields() {
        server.on("POST /v1/vaults/team/secrets/github/token/use", 200, "{\"status\":200,\"body\":\"ok\"}");
        try (var agent = connect()) {
            Map<String, Object> answer = agent.useCredential("github/token", "http_request",
                    Map.of("url", "https://api.github.com/user"));
            assertThat(answer).containsEntry("status", 200).containsEntry("body", "ok");
            assertThat(server.last().body())
                    .isEqualTo("{\"url\":\"https://api.github.com/user\",\"operation\":\"http_request\"}");
        }
    }

    @Test
    void useCredential_sendsTheTransitOperationsToTheKeysOwnAddress_withoutAnOperationField() {
        server.on("POST /v1/vaults/team/transit/app/k/encrypt", 200,
                "{\"ciphertext\":\"arca:v1:AAAA\",\"key_version\":1}");
        try (var agent = connect()) {
            Map<String, Object> answer = agent.useCredential("app/k", "encrypt", Map.of("plaintext", "aGk="));
            assertThat(answer).containsEntry("ciphertext", "arca:v1:AAAA").containsEntry("key_version", 1);
            assertThat(server.last().route()).isEqualTo("POST /v1/vaults/team/transit/app/k/encrypt");
            assertThat(server.last().body()).isEqualTo("{\"plaintext\":\"aGk=\"}");
        }
    }

    @Test
    void typedUseOperations_sendTheWireRequests_andAnswerTheirRecords() {
        String use = "POST /v1/vaults/team/secrets/github/token/use";
        try (var agent = connect()) {
            server.on(use, 200, "{\"status\":201,\"headers\":{\"x\":\"1\"},\"body\":\"ok\",\"body_encoding\":\"utf8\"}");
            Use.HttpResponse response = agent.httpRequest("github/token",
                    UpstreamRequest.to("post", "https://api.github.com/user").body("{}"), HeaderInjection.bearer());
            assertThat(response.status()).isEqualTo(201);
            assertThat(response.body()).isEqualTo("ok");
            assertThat(server.last().body()).isEqualTo("{\"operation\":\"http_request\",\"method\":\"POST\","
                    + "\"url\":\"https://api.github.com/user\",\"body\":\"{}\",\"header_type\":\"bearer\"}");

            server.on(use, 200, "{\"header_name\":\"X-API-Key\",\"header_value\":\"s3cret\"}");
            Use.Header header = agent.httpHeader("github/token", HeaderInjection.apiKey());
            assertThat(header.headerValue().reveal()).isEqualTo("s3cret");
            assertThat(header.toString()).doesNotContain("s3cret");
            assertThat(server.last().body()).isEqualTo("{\"operation\":\"http_header\",\"header_type\":\"api_key\"}");

            server.on(use, 200, "{\"algorithm\":\"hmac-sha256\",\"signature\":\"c2ln\"}");
            assertThat(agent.sign("github/token", "hmac-sha256", "hi".getBytes(StandardCharsets.UTF_8)).signature())
                    .isEqualTo("c2ln");
            assertThat(server.last().body()).isEqualTo("{\"operation\":\"sign\",\"algorithm\":\"hmac-sha256\","
                    + "\"data\":\"aGk=\",\"encoding\":\"base64\"}");
            assertThat(server.last().authorization()).isEqualTo("Bearer arca_session1");
        }
    }

    /** SanctumAI's {@code encrypt {data}} / {@code decrypt {data}}, at the transit key's own address. */
    @Test
    void encryptAndDecrypt_useTheTextForm_andTheBytesForms_theBase64One() {
        server.on("POST /v1/vaults/team/transit/app/k/encrypt", 200,
                "{\"ciphertext\":\"arca:v1:AAAA\",\"key_version\":1}");
        try (var agent = connect()) {
            assertThat(agent.encrypt("app/k", "card 4242").ciphertext()).isEqualTo("arca:v1:AAAA");
            assertThat(server.last().body()).isEqualTo("{\"data\":\"card 4242\"}");
            assertThat(agent.encrypt("app/k", new byte[] {1, 2}).keyVersion()).isEqualTo(1);
            assertThat(server.last().body()).isEqualTo("{\"plaintext\":\"AQI=\"}");

            server.on("POST /v1/vaults/team/transit/app/k/decrypt", 200, "{\"plaintext\":\"card 4242\"}");
            Use.Plaintext plain = agent.decrypt("app/k", "arca:v1:AAAA");
            assertThat(plain.plaintext().reveal()).isEqualTo("card 4242");
            assertThat(plain.toString()).doesNotContain("4242");
            assertThat(server.last().body()).isEqualTo("{\"data\":\"arca:v1:AAAA\"}");

            server.on("POST /v1/vaults/team/transit/app/k/decrypt", 200, "{\"plaintext\":\"AQI=\"}");
            assertThat(agent.decryptBytes("app/k", "arca:v1:AAAA")).containsExactly(1, 2);
            assertThat(server.last().body()).isEqualTo("{\"ciphertext\":\"arca:v1:AAAA\"}");
        }
    }

    @Test
    void typedOperations_renewAnExpiredSessionOnce_likeTheMapForm() {
        server.on("POST /v1/vaults/team/transit/app/k/encrypt", 200,
                "{\"ciphertext\":\"arca:v1:AAAA\",\"key_version\":1}");
        server.once("POST /v1/vaults/team/transit/app/k/encrypt", 401,
                "{\"error\":{\"code\":\"session_expired\",\"message\":\"the session expired\"}}", Map.of());
        try (var agent = connect()) {
            assertThat(agent.encrypt("app/k", "x").ciphertext()).isEqualTo("arca:v1:AAAA");
            assertThat(sessions()).isEqualTo(2);
        }
    }

    @Test
    void async_hasATwinOfEveryOperation_onTheSameSessionAndLeases() {
        server.on("POST /v1/vaults/team/transit/app/k/encrypt", 200,
                "{\"ciphertext\":\"arca:v1:AAAA\",\"key_version\":1}")
                .on("POST /v1/vaults/team/transit/app/k/decrypt", 200, "{\"plaintext\":\"hi\"}")
                .on("POST /v1/vaults/team/secrets/app/k/use", 200, "{\"valid\":true}")
                .on("POST /v1/vaults/team/secrets/app/db/retrieve", 201, "{\"lease_id\":\"lease_3\",\"value\":\"v\"}")
                .on("POST /v1/leases/release", 204, "")
                .on(SECRETS, 200, "{\"data\":[{\"id\":\"sk_1\",\"path\":\"app/a\",\"type\":\"string\",\"version\":1}],"
                        + "\"has_more\":true,\"cursor\":\"c2\"}")
                .on(SECRETS + "&cursor=c2", 200, "{\"data\":[{\"id\":\"sk_2\",\"path\":\"app/b\",\"type\":\"string\","
                        + "\"version\":1}],\"has_more\":false}");
        try (var agent = connect()) {
            AsyncAgentClient async = agent.async();
            assertThat(async.encrypt("app/k", "hi").join().ciphertext()).isEqualTo("arca:v1:AAAA");
            assertThat(server.last().body()).isEqualTo("{\"data\":\"hi\"}");
            assertThat(async.decrypt("app/k", "arca:v1:AAAA").join().plaintext().reveal()).isEqualTo("hi");
            assertThat(async.verify("app/k", "hmac-sha256", new byte[] {1}, "c2ln").join()).isTrue();
            assertThat(async.useCredential("app/k", "decrypt", Map.of("data", "arca:v1:AAAA")).join())
                    .containsEntry("plaintext", "hi");
            assertThat(async.list().join()).extracting(dev.arca.api.Secret.Item::path).containsExactly("app/a", "app/b");
            assertThat(async.retrieve("app/db").join()).isEqualTo("v");
            assertThat(agent.leases()).containsExactly("lease_3");
            assertThat(async.releaseLease("lease_3").join()).isNull();
            assertThat(agent.leases()).isEmpty();
            assertThat(server.requests().subList(2, server.requests().size()))
                    .extracting(FakeArca.Request::authorization).containsOnly("Bearer arca_session1");
        }
    }

    @Test
    void async_renewsAnExpiredSessionWithoutBlocking_andFailsWithTheTypedException() {
        server.on("POST /v1/vaults/team/transit/app/k/decrypt", 200, "{\"plaintext\":\"hi\"}");
        server.once("POST /v1/vaults/team/transit/app/k/decrypt", 401,
                "{\"error\":{\"code\":\"session_expired\",\"message\":\"the session expired\"}}", Map.of());
        server.on("POST /v1/vaults/team/transit/app/other/decrypt", 400, "{\"error\":{\"code\":\"invalid_request\","
                + "\"message\":\"the plaintext is not UTF-8 text\",\"details\":{\"field\":\"data\"}}}");
        try (var agent = connect()) {
            assertThat(agent.async().decrypt("app/k", "arca:v1:AAAA").join().plaintext().reveal()).isEqualTo("hi");
            assertThat(sessions()).isEqualTo(2);
            assertThatThrownBy(() -> agent.async().decrypt("app/other", "arca:v1:AAAA").join())
                    .isInstanceOf(CompletionException.class).cause().isInstanceOf(ApiException.class)
                    .hasMessageContaining("not UTF-8");
            assertThat(sessions()).isEqualTo(2);
        }
    }

    @Test
    void close_releasesEveryRetrievedLease_skippingOnesThatEnded() {
        server.on("POST /v1/vaults/team/secrets/app/db/retrieve", 201, "{\"lease_id\":\"lease_1\",\"path\":\"app/db\","
                + "\"version\":1,\"type\":\"string\",\"value\":\"s3cret\",\"ttl\":60}");
        server.on("POST /v1/leases/release", 204, "");
        server.once("POST /v1/leases/release", 410,
                "{\"error\":{\"code\":\"lease_expired\",\"message\":\"lease lease_1 ended\"}}", Map.of());
        var agent = connect();
        assertThat(agent.retrieve("app/db", java.time.Duration.ofMinutes(5))).isEqualTo("s3cret");
        assertThat(server.last().body()).isEqualTo("{\"ttl\":\"5m\"}");
        assertThat(agent.leases()).containsExactly("lease_1");

        agent.close();

        assertThat(server.last().route()).isEqualTo("POST /v1/leases/release");
        assertThat(server.last().body()).isEqualTo("{\"lease_id\":\"lease_1\"}");
        assertThat(agent.leases()).isEmpty();
    }

    @Test
    void releaseLease_forgetsIt() {
        server.on("POST /v1/vaults/team/secrets/app/db/retrieve", 201, "{\"lease_id\":\"lease_2\",\"value\":\"v\"}");
        server.on("POST /v1/leases/release", 204, "");
        try (var agent = connect()) {
            agent.retrieveRaw("app/db");
            agent.releaseLease("lease_2");
            assertThat(agent.leases()).isEmpty();
        }
        assertThat(server.requests()).filteredOn(r -> r.route().equals("POST /v1/leases/release")).hasSize(1);
    }

    @Test
    void defaults_comeFromArcaHome_arcaVault_andTheHomeSocket() {
        var builder = AgentClient.builder("bot").retries(0)
                .env(Map.of("ARCA_HOME", home.toString(), "ARCA_VAULT", "team"));
        assertThatThrownBy(builder::connect).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("unix:" + home.resolve("arca.sock"));
        assertThatThrownBy(() -> AgentClient.builder("nobody").env(Map.of("ARCA_HOME", home.toString())).connect())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("nobody.key");
    }

    @Test
    void plainHttpToARemoteHost_isRefused() {
        assertThatThrownBy(() -> AgentClient.builder("bot").host("10.0.0.5", 8420))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("refusing plain http");
    }
}
