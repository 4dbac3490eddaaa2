package dev.arca.server.agent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arca.api.Agent;
import dev.arca.api.Page;
import dev.arca.api.Token;
import dev.arca.api.Vault;
import dev.arca.server.auth.TokenService;
import dev.arca.server.error.ArcaException;
import dev.arca.server.identity.DisabledIdentities;
import dev.arca.server.identity.Principal;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.storage.Paging;
import dev.arca.server.vaults.Names;
import dev.arca.server.vaults.VaultService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Agents of a vault and their sessions. An agent proves itself by signing a fresh 32-byte challenge with its
 * Ed25519 key and gets a session token that authenticates as {@code agent:NAME} until it expires (then
 * {@code session_expired}); revoking the agent revokes its sessions; disabling it refuses new sessions and ends the
 * live ones at their next request, until it is enabled (see {@link DisabledIdentities}).
 *
 * <p>Guarantees: a challenge is good for one attempt within {@link #CHALLENGE_TTL} — it is spent by the first
 * session request naming it, whether that succeeds or not; a challenge for an agent or vault that does not
 * exist (or is revoked) is issued like any other and can never succeed, and a session request fails the same
 * way for it as for a wrong signature, so agent names cannot be probed. Challenges live in memory <em>per
 * node</em>: the session request must reach the node that issued the challenge.
 */
public final class AgentService {
    /** Session lifetime (and renewal ceiling) unless the constructor is given another. */
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(1);
    static final Duration CHALLENGE_TTL = Duration.ofSeconds(60);
    private static final int CHALLENGE_BYTES = 32;
    private static final int MAX_PENDING_CHALLENGES = 100_000;
    private static final String REFUSED = "the signature does not prove this agent (unknown or revoked agent, or a "
            + "signature that does not verify with its registered key); ask for a new challenge";

    /** A challenge handed out; {@code vaultId} and {@code agentName} are null when no such agent exists. */
    private record Pending(@Nullable String vaultId, @Nullable String agentName, byte[] challenge, Instant expiresAt) {}

    private final AgentStore store;
    private final VaultService vaults;
    private final TokenService tokens;
    private final Clock clock;
    private final Duration sessionTtl;
    private final DisabledIdentities disabled;
    private final Cache<String, Pending> challenges = Caffeine.newBuilder()
            .expireAfterWrite(CHALLENGE_TTL).maximumSize(MAX_PENDING_CHALLENGES).build();

    /** @param sessionTtl how long a session token lives; it cannot be renewed past that */
    public AgentService(Database db, VaultService vaults, TokenService tokens, Clock clock, Duration sessionTtl) {
        if (sessionTtl.isNegative() || sessionTtl.isZero()) {
            throw new IllegalArgumentException("the agent session TTL must be positive");
        }
        this.store = new AgentStore(db);
        this.vaults = vaults;
        this.tokens = tokens;
        this.clock = clock;
        this.sessionTtl = sessionTtl;
        this.disabled = new DisabledIdentities(db, clock, tokens.invalidations());
    }

    /** Registers an agent; 400 for a bad name or key, 409 when the vault has (or had) an agent of that name. */
    public Agent create(String vaultRef, Agent.Create request) {
        Vault vault = vaults.resolve(vaultRef);
        String name = Names.check("name", request.name());
        if (request.publicKey() == null) {
            throw ArcaException.invalid("public_key", "public_key is required: base64 of the raw 32-byte Ed25519 "
                    + "public key");
        }
        try {
            Ed25519Keys.parse(request.publicKey());
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid("public_key", e.getMessage());
        }
        if (store.byName(vault.id(), name).isPresent()) {
            throw ArcaException.conflict("vault '" + vault.name() + "' already has (or had) an agent named '" + name
                    + "'; agent names are never reused");
        }
        var row = new AgentStore.Row(Ids.newId("agent_"), vault.id(), name, request.publicKey(), clock.instant(), null,
                null);
        store.insert(row);
        return row.view();
    }

    /** Agents of a vault (revoked ones included) in name order, {@code limit} per page. */
    public Page<Agent> list(String vaultRef, Paging.Query query) {
        Vault vault = vaults.resolve(vaultRef);
        var paging = Paging.of(query, name -> Names.check("cursor", name) != null);
        Page<AgentStore.Row> page = paging.page(store.list(vault.id(), paging.after(), paging.size() + 1),
                AgentStore.Row::name);
        return new Page<>(page.data().stream().map(AgentStore.Row::view).toList(), page.hasMore(), page.cursor());
    }

    /** Revokes the agent and its session tokens; revoking a revoked agent changes nothing. */
    public Agent revoke(String vaultRef, String name) {
        Vault vault = vaults.resolve(vaultRef);
        AgentStore.Row row = existing(vault, name);
        if (row.live()) {
            store.revoke(row.id(), clock.instant());
            tokens.revokeOwnedBy(vault.id(), Principal.Kind.AGENT, row.name());
        }
        return store.byName(vault.id(), name).orElseThrow().view();
    }

    /**
     * Disables an agent (no new session; its live sessions are refused from their next request) or enables it
     * again; 409 for a revoked agent, which stays revoked.
     */
    public Agent setDisabled(String vaultRef, String name, boolean disable) {
        Vault vault = vaults.resolve(vaultRef);
        AgentStore.Row row = existing(vault, name);
        if (!row.live()) {
            throw ArcaException.conflict("agent '" + name + "' is revoked; a revoked agent cannot be enabled or "
                    + "disabled");
        }
        if (disable) {
            disabled.disable(vault.id(), Principal.Kind.AGENT, name);
        } else {
            disabled.enable(vault.id(), Principal.Kind.AGENT, name);
        }
        return existing(vault, name).view();
    }

    private AgentStore.Row existing(Vault vault, String name) {
        return store.byName(vault.id(), name).orElseThrow(() -> ArcaException.notFound(
                "no agent '" + name + "' in vault '" + vault.name() + "'"));
    }

    /**
     * The ids of the vaults that hold a live agent named {@code name}: how a door whose clients name only the agent
     * (SanctumAI's) finds its vault. It tells whether such an agent exists, so it is for doors that then refuse an
     * unknown name exactly like a wrong signature.
     */
    public List<String> vaultsWithLiveAgent(String name) {
        return store.vaultsWithLive(name);
    }

    /** A fresh challenge; answered the same way whether or not the agent exists. */
    public Agent.Challenge challenge(Agent.ChallengeRequest request) {
        required("vault", request.vault());
        required("agent", request.agent());
        Optional<AgentStore.Row> agent = vaultIdOrEmpty(request.vault())
                .flatMap(vaultId -> store.byName(vaultId, request.agent())).filter(AgentStore.Row::live);
        byte[] challenge = Ids.randomBytes(CHALLENGE_BYTES);
        Instant expiresAt = clock.instant().plus(CHALLENGE_TTL);
        String id = Ids.newId("chal_");
        challenges.put(id, new Pending(agent.map(AgentStore.Row::vaultId).orElse(null),
                agent.map(AgentStore.Row::name).orElse(null), challenge, expiresAt));
        return new Agent.Challenge(id, Base64.getEncoder().encodeToString(challenge), expiresAt);
    }

    /**
     * A session token for the agent that signed the challenge; 401 when the challenge is unknown, used or
     * expired or the signature does not prove the agent, 403 when the vault's IP allowlist refuses
     * {@code sourceIp}.
     */
    public Agent.Session session(Agent.SessionRequest request, String sourceIp) {
        required("challenge_id", request.challengeId());
        byte[] signature = base64("signature", required("signature", request.signature()));
        Pending pending = challenges.asMap().remove(request.challengeId());
        if (pending == null) {
            throw ArcaException.unauthenticated("unknown or already used challenge; ask for a new one at "
                    + "/v1/auth/agent/challenge");
        }
        if (!clock.instant().isBefore(pending.expiresAt())) {
            throw ArcaException.unauthenticated("the challenge has expired (they live "
                    + CHALLENGE_TTL.toSeconds() + " s); ask for a new one");
        }
        AgentStore.Row agent = pending.vaultId() == null ? null
                : store.byName(pending.vaultId(), pending.agentName()).filter(AgentStore.Row::live).orElse(null);
        if (agent == null || !Ed25519Keys.verifies(Ed25519Keys.parse(agent.publicKey()), pending.challenge(),
                signature)) {
            throw ArcaException.unauthenticated(REFUSED);
        }
        if (!vaults.allows(agent.vaultId(), sourceIp)) {
            throw ArcaException.denied("this vault does not accept requests from " + sourceIp + " (its IP allowlist)");
        }
        if (agent.disabledAt() != null) {
            // after the signature: only the key's holder learns that the agent is disabled
            throw DisabledIdentities.disabled(Principal.Kind.AGENT, agent.name());
        }
        Token.Created token = tokens.issueFor(Principal.signed(Principal.Kind.AGENT, agent.name(), agent.name(),
                agent.vaultId()), sessionTtl, sessionTtl);
        return new Agent.Session(token.token(), token.expiresAt());
    }

    private Optional<String> vaultIdOrEmpty(String vaultRef) {
        try {
            return Optional.of(vaults.idOf(vaultRef));
        } catch (ArcaException e) {
            return Optional.empty();
        }
    }

    private static String required(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ArcaException.invalid(field, field + " is required");
        }
        return value;
    }

    private static byte[] base64(String field, String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid(field, field + " must be base64");
        }
    }
}
