package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Agent;
import dev.arca.api.Page;
import java.security.PublicKey;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Agents of one vault (automated actors proving themselves with an Ed25519 key). Reached by
 * {@link ArcaClient#agents()}; immutable. An agent starts a session with {@link AuthOperations#agentSession}.
 */
public final class AgentOperations {
    private static final TypeReference<Page<Agent>> PAGE = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;

    AgentOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public AgentOperations withVault(String vault) {
        return new AgentOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /** {@code POST /v1/vaults/{vault}/agents}: registers an agent with its Ed25519 public key. */
    public Agent create(String name, PublicKey publicKey) {
        Objects.requireNonNull(name, "name");
        return transport.call("POST", agents(), new Agent.Create(name, Ed25519Keys.rawPublicKeyBase64(publicKey)),
                Agent.class);
    }

    /** {@code GET /v1/vaults/{vault}/agents}. */
    public Page<Agent> list() {
        return transport.call("GET", agents(), null, PAGE);
    }

    /** {@code POST /v1/vaults/{vault}/agents/{name}/revoke}: its key and sessions stop working. */
    public Agent revoke(String name) {
        return transport.call("POST", agents().segment(Objects.requireNonNull(name, "name")).segment("revoke"), null,
                Agent.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/agents/{name}/disable}: no new session, and its live sessions are refused until
     * {@link #enable enabled}.
     *
     * @throws ConflictException if the agent is revoked
     */
    public Agent disable(String name) {
        return transport.call("POST", agents().segment(Objects.requireNonNull(name, "name")).segment("disable"), null,
                Agent.class);
    }

    /** {@code POST /v1/vaults/{vault}/agents/{name}/enable}: a disabled agent may open sessions again. */
    public Agent enable(String name) {
        return transport.call("POST", agents().segment(Objects.requireNonNull(name, "name")).segment("enable"), null,
                Agent.class);
    }

    private RequestTarget agents() {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("agents");
    }
}
