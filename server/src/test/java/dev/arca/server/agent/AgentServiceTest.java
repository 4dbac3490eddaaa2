package dev.arca.server.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Agent;
import dev.arca.api.ErrorCode;
import dev.arca.server.TestClock;
import dev.arca.server.auth.TokenService;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.Principal;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.vaults.VaultService;
import dev.arca.server.storage.Paging;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent challenge-response against a real SQLite database, on a clock the test moves. */
class AgentServiceTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private Database db;
    private TokenService tokens;
    private AgentService agents;
    private KeyPair key;

    @BeforeEach
    void setUp() throws GeneralSecurityException {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        db.write(h -> h.execute("INSERT INTO vaults (id, name, created_at) VALUES ('vault_test', 'default', 0)"));
        tokens = new TokenService(db, clock);
        agents = new AgentService(db, new VaultService(db, new SealService(db, "test"), clock), tokens, clock,
                Duration.ofMinutes(10));
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        agents.create("default", new Agent.Create("bot", rawPublicKey(key)));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void signedChallenge_givesASessionThatAuthenticatesAsTheAgent() throws Exception {
        Agent.Session session = signIn("default", "bot", key);

        Principal principal = tokens.authenticate(session.token().reveal());
        assertThat(principal.kind()).isEqualTo(Principal.Kind.AGENT);
        assertThat(principal.subject()).isEqualTo("agent:bot");
        assertThat(principal.vaultId()).isEqualTo("vault_test");
        assertThat(session.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
    }

    @Test
    void sessionAfterItsTtl_answersSessionExpired() throws Exception {
        Agent.Session session = signIn("default", "bot", key);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        assertCode(() -> tokens.authenticate(session.token().reveal()), ErrorCode.SESSION_EXPIRED);
    }

    @Test
    void challenge_is32RandomBytesValidFor60Seconds() {
        Agent.Challenge first = agents.challenge(new Agent.ChallengeRequest("default", "bot"));
        Agent.Challenge second = agents.challenge(new Agent.ChallengeRequest("default", "bot"));

        assertThat(Base64.getDecoder().decode(first.challenge())).hasSize(32);
        assertThat(first.challenge()).isNotEqualTo(second.challenge());
        assertThat(first.challengeId()).startsWith("chal_").isNotEqualTo(second.challengeId());
        assertThat(first.expiresAt()).isEqualTo(clock.instant().plusSeconds(60));
    }

    @Test
    void expiredChallenge_isRejected() throws Exception {
        Agent.Challenge challenge = agents.challenge(new Agent.ChallengeRequest("default", "bot"));
        clock.advance(Duration.ofSeconds(60));

        assertThatThrownBy(() -> agents.session(new Agent.SessionRequest(challenge.challengeId(),
                sign(key, challenge)), "127.0.0.1"))
                .isInstanceOfSatisfying(ArcaException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                    assertThat(e.getMessage()).contains("expired");
                });
    }

    @Test
    void replayedChallenge_isRejected() throws Exception {
        Agent.Challenge challenge = agents.challenge(new Agent.ChallengeRequest("default", "bot"));
        var request = new Agent.SessionRequest(challenge.challengeId(), sign(key, challenge));
        agents.session(request, "127.0.0.1");

        assertCode(() -> agents.session(request, "127.0.0.1"), ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void wrongSignature_spendsTheChallenge() throws Exception {
        Agent.Challenge challenge = agents.challenge(new Agent.ChallengeRequest("default", "bot"));
        KeyPair other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();

        assertCode(() -> agents.session(new Agent.SessionRequest(challenge.challengeId(), sign(other, challenge)),
                "127.0.0.1"), ErrorCode.UNAUTHENTICATED);
        assertCode(() -> agents.session(new Agent.SessionRequest(challenge.challengeId(), sign(key, challenge)),
                "127.0.0.1"), ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void unknownAgentOrVault_getsAChallengeThatNeverSucceeds_withTheSameRefusal() throws Exception {
        String wrongSignature = refusal("default", "bot", KeyPairGenerator.getInstance("Ed25519").generateKeyPair());

        assertThat(refusal("default", "nobody", key)).isEqualTo(wrongSignature);
        assertThat(refusal("no-such-vault", "bot", key)).isEqualTo(wrongSignature);
    }

    @Test
    void revokedAgent_cannotSignIn_andItsSessionsAreRevoked() throws Exception {
        Agent.Session session = signIn("default", "bot", key);
        agents.revoke("default", "bot");

        assertCode(() -> tokens.authenticate(session.token().reveal()), ErrorCode.UNAUTHENTICATED);
        assertCode(() -> signIn("default", "bot", key), ErrorCode.UNAUTHENTICATED);
    }

    @Test
    void badKeysAndNames_are400_andStoreNothing() {
        byte[] shortKey = new byte[31];
        assertField(() -> agents.create("default", new Agent.Create("a", Base64.getEncoder().encodeToString(shortKey))),
                "public_key");
        assertField(() -> agents.create("default", new Agent.Create("a", "not base64!")), "public_key");
        assertField(() -> agents.create("default", new Agent.Create("a", null)), "public_key");
        assertField(() -> agents.create("default", new Agent.Create("bad name", rawPublicKey(key))), "name");
        assertField(() -> agents.create("default", new Agent.Create(null, rawPublicKey(key))), "name");

        assertThat(agents.list("default", Paging.Query.first()).data()).extracting(Agent::name)
                .containsExactly("bot");
    }

    @Test
    void sameNameInTheVault_is409_evenAfterRevocation() {
        assertCode(() -> agents.create("default", new Agent.Create("bot", rawPublicKey(key))), ErrorCode.CONFLICT);
        agents.revoke("default", "bot");
        assertCode(() -> agents.create("default", new Agent.Create("bot", rawPublicKey(key))), ErrorCode.CONFLICT);
    }

    @Test
    void list_pagesInNameOrder() {
        agents.create("default", new Agent.Create("alpha", rawPublicKey(key)));
        agents.create("default", new Agent.Create("zed", rawPublicKey(key)));

        var first = agents.list("default", new Paging.Query(Optional.of(2), Optional.empty()));
        var second = agents.list("default", new Paging.Query(Optional.of(2), Optional.of(first.cursor())));

        assertThat(first.data()).extracting(Agent::name).containsExactly("alpha", "bot");
        assertThat(first.hasMore()).isTrue();
        assertThat(second.data()).extracting(Agent::name).containsExactly("zed");
        assertThat(second.hasMore()).isFalse();
    }

    private String refusal(String vault, String agent, KeyPair signer) throws Exception {
        Agent.Challenge challenge = agents.challenge(new Agent.ChallengeRequest(vault, agent));
        try {
            agents.session(new Agent.SessionRequest(challenge.challengeId(), sign(signer, challenge)), "127.0.0.1");
        } catch (ArcaException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            return e.getMessage();
        }
        throw new AssertionError("the session request should have been refused");
    }

    private Agent.Session signIn(String vault, String agent, KeyPair signer) throws GeneralSecurityException {
        Agent.Challenge challenge = agents.challenge(new Agent.ChallengeRequest(vault, agent));
        return agents.session(new Agent.SessionRequest(challenge.challengeId(), sign(signer, challenge)), "127.0.0.1");
    }

    static String sign(KeyPair signer, Agent.Challenge challenge) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(signer.getPrivate());
        signature.update(Base64.getDecoder().decode(challenge.challenge()));
        return Base64.getEncoder().encodeToString(signature.sign());
    }

    /** The raw 32-byte key: the tail of its X.509 encoding. */
    static String rawPublicKey(KeyPair pair) {
        byte[] encoded = pair.getPublic().getEncoded();
        return Base64.getEncoder().encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    }

    private static void assertCode(ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ArcaException.class, e -> assertThat(e.code()).isEqualTo(code));
    }

    private static void assertField(ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ArcaException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
            assertThat(e.details()).containsEntry("field", field);
        });
    }
}
