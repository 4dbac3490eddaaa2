package dev.arca.server.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Agent;
import dev.arca.server.TestServer;
import dev.arca.server.auth.TokenService;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.vaults.VaultService;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agents over real HTTP: register, challenge, sign, session, and every way a session request is refused. */
class AgentApiIT {
    @TempDir
    Path dir;
    TestServer server;
    KeyPair key;

    @BeforeEach
    void start() throws GeneralSecurityException {
        server = TestServer.start(dir).initAndUnseal();
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
        server.root("PUT", "/v1/vaults/default/secrets/app/db", "{\"value\":\"hunter2\"}");
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void create_thenList() {
        var created = createAgent("bot", AgentServiceTest.rawPublicKey(key));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("id").asText()).startsWith("agent_");
        assertThat(created.json().path("name").asText()).isEqualTo("bot");
        assertThat(created.json().path("vault_id").asText()).startsWith("vault_");
        assertThat(created.json().has("created_at")).isTrue();
        var list = server.root("GET", "/v1/vaults/default/agents", null).json();
        assertThat(list.path("data").get(0).path("name").asText()).isEqualTo("bot");
        assertThat(list.path("has_more").asBoolean()).isFalse();
    }

    @Test
    void badKey_is400_andDuplicateName_is409_andNeitherStoresAnything() {
        createAgent("bot", AgentServiceTest.rawPublicKey(key));

        var bad = createAgent("other", Base64.getEncoder().encodeToString(new byte[16]));
        var duplicate = createAgent("bot", AgentServiceTest.rawPublicKey(key));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").path("details").path("field").asText()).isEqualTo("public_key");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(server.root("GET", "/v1/vaults/default/agents", null).json().path("data")).hasSize(1);
    }

    @Test
    void signedChallenge_givesASessionTokenThatReadsAGrantedSecret() throws Exception {
        createAgent("bot", AgentServiceTest.rawPublicKey(key));
        server.root("PUT", "/v1/vaults/default/policies/readers",
                "{\"rules\":[{\"path\":\"app/**\",\"permissions\":[\"read\",\"list\"]}]}");
        server.root("POST", "/v1/vaults/default/policies/readers/bindings", "{\"subject\":\"agent:bot\"}");

        JsonNode challenge = challenge("default", "bot");
        var session = session(challenge.path("challenge_id").asText(), sign(challenge));

        assertThat(session.status()).as(session.body()).isEqualTo(200);
        assertThat(Instant.parse(session.json().path("expires_at").asText()))
                .isBetween(Instant.now().plus(Duration.ofMinutes(59)), Instant.now().plus(Duration.ofMinutes(61)));
        String token = session.json().path("token").asText();
        assertThat(server.call("GET", "/v1/tokens/self", token, null).json().path("owner").asText())
                .isEqualTo("agent:bot");
        var read = server.call("GET", "/v1/vaults/default/secrets/app/db", token, null);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().path("value").asText()).isEqualTo("hunter2");
    }

    @Test
    void challenge_is32BytesFor60Seconds() {
        createAgent("bot", AgentServiceTest.rawPublicKey(key));

        JsonNode challenge = challenge("default", "bot");

        assertThat(challenge.path("challenge_id").asText()).isNotBlank();
        assertThat(Base64.getDecoder().decode(challenge.path("challenge").asText())).hasSize(32);
        assertThat(Instant.parse(challenge.path("expires_at").asText()))
                .isBetween(Instant.now().plusSeconds(55), Instant.now().plusSeconds(61));
    }

    @Test
    void replayedChallenge_is401() throws Exception {
        createAgent("bot", AgentServiceTest.rawPublicKey(key));
        JsonNode challenge = challenge("default", "bot");
        String signature = sign(challenge);

        var first = session(challenge.path("challenge_id").asText(), signature);
        var replay = session(challenge.path("challenge_id").asText(), signature);

        assertThat(first.status()).isEqualTo(200);
        assertThat(replay.status()).isEqualTo(401);
        assertThat(replay.errorCode()).isEqualTo("unauthenticated");
    }

    @Test
    void unknownAgent_getsAChallenge_thatFailsLikeAWrongSignature() throws Exception {
        createAgent("bot", AgentServiceTest.rawPublicKey(key));
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        JsonNode forBot = challenge("default", "bot");
        JsonNode forNobody = challenge("default", "nobody");

        var wrongKey = session(forBot.path("challenge_id").asText(), sign(other, forBot));
        var unknown = session(forNobody.path("challenge_id").asText(), sign(forNobody));

        assertThat(forNobody.has("challenge")).isTrue();
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrongKey.status()).isEqualTo(401);
        assertThat(unknown.json().path("error").path("message"))
                .isEqualTo(wrongKey.json().path("error").path("message"));
    }

    @Test
    void revokedAgent_losesItsSession() throws Exception {
        createAgent("bot", AgentServiceTest.rawPublicKey(key));
        JsonNode challenge = challenge("default", "bot");
        String token = session(challenge.path("challenge_id").asText(), sign(challenge)).json().path("token").asText();

        var revoked = server.root("POST", "/v1/vaults/default/agents/bot/revoke", null);

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("revoked_at").isTextual()).isTrue();
        assertThat(server.call("GET", "/v1/tokens/self", token, null).status()).isEqualTo(401);
    }

    @Test
    void disabledAgent_cannotOpenASession_itsLiveSessionEndsAtOnce_andEnableRestoresIt() throws Exception {
        createAgent("bot", AgentServiceTest.rawPublicKey(key));
        server.root("PUT", "/v1/vaults/default/policies/readers",
                "{\"rules\":[{\"path\":\"app/**\",\"permissions\":[\"read\"]}]}");
        server.root("POST", "/v1/vaults/default/policies/readers/bindings", "{\"subject\":\"agent:bot\"}");
        JsonNode challenge = challenge("default", "bot");
        String token = session(challenge.path("challenge_id").asText(), sign(challenge)).json().path("token").asText();

        var disabled = server.root("POST", "/v1/vaults/default/agents/bot/disable", null);

        assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
        assertThat(disabled.json().path("disabled_at").isTextual()).isTrue();
        var live = server.call("GET", "/v1/vaults/default/secrets/app/db", token, null);
        assertThat(live.status()).as(live.body()).isEqualTo(403);
        assertThat(live.json().path("error").path("message").asText()).contains("agent 'bot' is disabled");
        JsonNode next = challenge("default", "bot");
        var refused = session(next.path("challenge_id").asText(), sign(next));
        assertThat(refused.status()).as(refused.body()).isEqualTo(403);

        server.root("POST", "/v1/vaults/default/agents/bot/enable", null);

        assertThat(server.call("GET", "/v1/vaults/default/secrets/app/db", token, null).status()).isEqualTo(200);
        JsonNode again = challenge("default", "bot");
        assertThat(session(again.path("challenge_id").asText(), sign(again)).status()).isEqualTo(200);
        assertThat(server.root("POST", "/v1/vaults/default/agents/nobody/disable", null).status()).isEqualTo(404);
    }

    @Test
    void sessionAfterItsTtl_answersSessionExpired() throws Exception {
        createAgent("bot", AgentServiceTest.rawPublicKey(key));
        // A second node on the same database whose agent sessions last 2 s; the server under test answers for them.
        try (Database db = Database.open(server.config().storage())) {
            Clock clock = Clock.systemUTC();
            var shortSessions = new AgentService(db, new VaultService(db, new SealService(db, "test"), clock),
                    new TokenService(db, clock), clock, Duration.ofSeconds(2));
            Agent.Challenge challenge = shortSessions.challenge(new Agent.ChallengeRequest("default", "bot"));
            Agent.Session session = shortSessions.session(new Agent.SessionRequest(challenge.challengeId(),
                    AgentServiceTest.sign(key, challenge)), "127.0.0.1");

            assertThat(server.call("GET", "/v1/tokens/self", session.token().reveal(), null).status()).isEqualTo(200);
            while (!Instant.now().isAfter(session.expiresAt())) {
                Thread.sleep(100);
            }
            var expired = server.call("GET", "/v1/tokens/self", session.token().reveal(), null);
            assertThat(expired.status()).isEqualTo(401);
            assertThat(expired.errorCode()).isEqualTo("session_expired");
        }
    }

    @Test
    void badSessionRequests_are400() {
        assertThat(server.call("POST", "/v1/auth/agent/session", null, "{\"challenge_id\":\"chal_x\"}").status())
                .isEqualTo(400);
        assertThat(server.call("POST", "/v1/auth/agent/session", null,
                "{\"challenge_id\":\"chal_x\",\"signature\":\"%%%\"}").status()).isEqualTo(400);
        assertThat(server.call("POST", "/v1/auth/agent/challenge", null, "{\"vault\":\"default\"}").status())
                .isEqualTo(400);
    }

    @Test
    void challengeAndSession_whileSealed_are503() {
        server.root("POST", "/v1/sys/seal", null);

        var challenge = server.call("POST", "/v1/auth/agent/challenge", null, "{\"vault\":\"default\",\"agent\":\"bot\"}");
        var session = server.call("POST", "/v1/auth/agent/session", null,
                "{\"challenge_id\":\"chal_x\",\"signature\":\"AAAA\"}");

        assertThat(challenge.status()).isEqualTo(503);
        assertThat(challenge.errorCode()).isEqualTo("sealed");
        assertThat(session.status()).isEqualTo(503);
        assertThat(session.errorCode()).isEqualTo("sealed");
    }

    private TestServer.Response createAgent(String name, String publicKey) {
        return server.root("POST", "/v1/vaults/default/agents",
                "{\"name\":\"" + name + "\",\"public_key\":\"" + publicKey + "\"}");
    }

    private JsonNode challenge(String vault, String agent) {
        var response = server.call("POST", "/v1/auth/agent/challenge", null,
                "{\"vault\":\"" + vault + "\",\"agent\":\"" + agent + "\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private TestServer.Response session(String challengeId, String signature) {
        return server.call("POST", "/v1/auth/agent/session", null,
                "{\"challenge_id\":\"" + challengeId + "\",\"signature\":\"" + signature + "\"}");
    }

    private String sign(JsonNode challenge) throws GeneralSecurityException {
        return sign(key, challenge);
    }

    private static String sign(KeyPair signer, JsonNode challenge) throws GeneralSecurityException {
        return AgentServiceTest.sign(signer, new Agent.Challenge(challenge.path("challenge_id").asText(),
                challenge.path("challenge").asText(), Instant.parse(challenge.path("expires_at").asText())));
    }
}
