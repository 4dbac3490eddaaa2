package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Client;
import dev.arca.api.Page;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * OAuth clients of one vault (services authenticating with a client id and secret, or ES256 JWTs). Reached by
 * {@link ArcaClient#clients()}; immutable. A client gets a token with {@link AuthOperations#clientCredentials}.
 */
public final class ClientOperations {
    private static final TypeReference<Page<Client>> PAGE = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;

    ClientOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public ClientOperations withVault(String vault) {
        return new ClientOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /**
     * {@code POST /v1/vaults/{vault}/clients}: registers a client; its secret is in the answer this once.
     *
     * @param publicKeyPem an EC P-256 {@code PUBLIC KEY} PEM for ES256 JWTs; null for none
     */
    public Client.Created create(String name, @Nullable String publicKeyPem) {
        Objects.requireNonNull(name, "name");
        return transport.call("POST", clients(), new Client.Create(name, publicKeyPem), Client.Created.class);
    }

    /** {@code GET /v1/vaults/{vault}/clients}. */
    public Page<Client> list() {
        return transport.call("GET", clients(), null, PAGE);
    }

    /** {@code POST /v1/vaults/{vault}/clients/{id}/revoke}: the client and its tokens stop working. */
    public Client revoke(String clientId) {
        return transport.call("POST", clients().segment(Objects.requireNonNull(clientId, "clientId")).segment("revoke"),
                null, Client.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/clients/{id}/disable}: the client's secret, JWTs and tokens are refused until
     * {@link #enable enabled}; nothing is revoked.
     *
     * @throws ConflictException if the client is revoked
     */
    public Client disable(String clientId) {
        return transport.call("POST", clients().segment(Objects.requireNonNull(clientId, "clientId")).segment("disable"),
                null, Client.class);
    }

    /** {@code POST /v1/vaults/{vault}/clients/{id}/enable}: a disabled client works again, its unexpired tokens too. */
    public Client enable(String clientId) {
        return transport.call("POST", clients().segment(Objects.requireNonNull(clientId, "clientId")).segment("enable"),
                null, Client.class);
    }

    private RequestTarget clients() {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("clients");
    }
}
