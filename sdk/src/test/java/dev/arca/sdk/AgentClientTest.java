package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
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
