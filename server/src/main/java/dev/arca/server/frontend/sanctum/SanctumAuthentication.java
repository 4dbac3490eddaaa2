package dev.arca.server.frontend.sanctum;

import dev.arca.api.Agent;
import dev.arca.server.agent.AgentService;
import dev.arca.server.error.ArcaException;
import dev.arca.server.frontend.sanctum.SanctumSessions.Established;
import dev.arca.server.frontend.sanctum.SanctumSessions.Pending;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * SanctumAI's challenge-response on top of Arca's agents ({@link AgentService}): the door hands out the agent's
 * challenge in hex under a door session id, and exchanges the hex signature for the agent's Arca session token.
 *
 * <p>Arca's agents live in vaults; a SanctumAI client names only the agent. {@code VAULT/AGENT} names both; a bare
 * {@code AGENT} is the one vault's that holds a live agent of that name. A name no vault holds gets a challenge
 * like any other, which then fails as a wrong signature does (AgentService's guarantee that names cannot be
 * probed); a name several vaults hold is refused at once, naming the {@code VAULT/AGENT} form — that refusal does
 * say the name exists, the price of letting clients leave the vault out.
 */
final class SanctumAuthentication {
    /** No vault has this id: the challenge of an agent no vault holds, which can never succeed. */
    private static final String NO_VAULT = "vault_none";
    private static final int SIGNATURE_HEX = 128;

    private final AgentService agents;
    private final SanctumSessions sessions;
    private final Clock clock;

    SanctumAuthentication(AgentService agents, SanctumSessions sessions, Clock clock) {
        this.agents = agents;
        this.sessions = sessions;
        this.clock = clock;
    }

    SanctumSessions sessions() {
        return sessions;
    }

    /** A door session and the challenge (hex) its agent must sign. */
    record Started(String sessionId, String challenge) {}

    /** {@code authenticate} / {@code auth.challenge}: a challenge for {@code agentName} under a new door session. */
    Started start(String agentName) {
        int slash = agentName.indexOf('/');
        String vault = slash < 0 ? vaultOf(agentName) : agentName.substring(0, slash);
        String agent = slash < 0 ? agentName : agentName.substring(slash + 1);
        if (vault.isEmpty() || agent.isEmpty() || agent.contains("/")) {
            throw ArcaException.invalid("agent_name", "name the agent as AGENT, or as VAULT/AGENT");
        }
        Agent.Challenge challenge = agents.challenge(new Agent.ChallengeRequest(vault, agent));
        String sessionId = sessions.open(new Pending(agentName, vault, challenge.challengeId()));
        return new Started(sessionId, HexFormat.of().formatHex(Base64.getDecoder().decode(challenge.challenge())));
    }

    /**
     * {@code challenge_response} / {@code auth.verify}: the session becomes authenticated when {@code signatureHex}
     * proves its agent. {@code agentNamed} is the agent the Rust client names again, which must be the challenged one.
     * A failed attempt ends the session: its challenge is spent.
     */
    void finish(String sessionId, String signatureHex, Optional<String> agentNamed, String sourceIp) {
        var session = sessions.find(sessionId).orElseThrow(() -> ArcaException.unauthenticated(
                "unknown or expired session_id (a challenge waits " + SanctumSessions.CHALLENGE_WAIT.toSeconds()
                        + " s); call authenticate for a new challenge"));
        if (!(session instanceof Pending pending)) {
            throw ArcaException.unauthenticated("this session's challenge was answered already (a challenge is good "
                    + "once); call authenticate for a new one");
        }
        if (agentNamed.isPresent() && !agentNamed.get().equals(pending.agent())) {
            throw ArcaException.unauthenticated("the challenge on this connection was issued to agent '"
                    + pending.agent() + "', not '" + agentNamed.get() + "'; ask for a challenge for that agent");
        }
        String signature = Base64.getEncoder().encodeToString(signatureBytes(signatureHex));
        try {
            Agent.Session token = agents.session(new Agent.SessionRequest(pending.challengeId(), signature), sourceIp);
            var expiresAt = token.expiresAt() != null ? token.expiresAt()
                    : clock.instant().plus(AgentService.DEFAULT_SESSION_TTL);
            sessions.establish(sessionId, new Established(pending.agent(), pending.vaultId(), token.token(),
                    expiresAt));
        } catch (ArcaException refused) {
            sessions.forget(sessionId);
            throw refused;
        }
    }

    private String vaultOf(String agent) {
        List<String> vaults = agents.vaultsWithLiveAgent(agent);
        if (vaults.size() > 1) {
            throw ArcaException.unauthenticated("agent '" + agent + "' is in " + vaults.size() + " vaults; name it "
                    + "as VAULT/AGENT (e.g. " + vaults.getFirst() + "/" + agent + ", or the vault's name)");
        }
        return vaults.isEmpty() ? NO_VAULT : vaults.getFirst();
    }

    private static byte[] signatureBytes(String hex) {
        try {
            if (hex.length() == SIGNATURE_HEX) {
                return HexFormat.of().parseHex(hex);
            }
        } catch (IllegalArgumentException notHex) {
            // answered below
        }
        throw ArcaException.invalid("signature", "signature must be " + SIGNATURE_HEX + " hex characters: the "
                + "64-byte Ed25519 signature of the challenge's bytes");
    }
}
