package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Page;
import dev.arca.api.Vault;
import java.util.List;
import java.util.Objects;

/** Vaults, the tenant boundary. Reached by {@link ArcaClient#vaults()}. */
public final class VaultOperations {
    private static final TypeReference<Page<Vault>> PAGE = new TypeReference<>() {};

    private final HttpTransport transport;

    VaultOperations(HttpTransport transport) {
        this.transport = transport;
    }

    /**
     * {@code POST /v1/vaults}: creates a vault.
     *
     * @throws ConflictException if a vault of that name exists
     */
    public Vault create(String name) {
        Objects.requireNonNull(name, "name");
        return transport.call("POST", RequestTarget.route("v1", "vaults"), new Vault.Create(name), Vault.class);
    }

    /** {@code GET /v1/vaults}: the vaults the token can see. */
    public Page<Vault> list() {
        return transport.call("GET", RequestTarget.route("v1", "vaults"), null, PAGE);
    }

    /**
     * {@code GET /v1/vaults/{vault}}.
     *
     * @param vault a name or a {@code vault_…} id
     * @throws NotFoundException if there is no such vault
     */
    public Vault get(String vault) {
        Objects.requireNonNull(vault, "vault");
        return transport.call("GET", RequestTarget.route("v1", "vaults").segment(vault), null, Vault.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/rename}: a new name; the id, and everything in the vault, stay.
     *
     * @throws ConflictException if a vault has that name
     */
    public Vault rename(String vault, String newName) {
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(newName, "newName");
        return transport.call("POST", RequestTarget.route("v1", "vaults").segment(vault).segment("rename"),
                new Vault.Rename(newName), Vault.class);
    }

    /**
     * {@code DELETE /v1/vaults/{vault}[?force=true]}: deletes the vault and destroys its data key; with
     * {@code force}, everything in it goes too.
     *
     * @throws ConflictException if the vault is not empty (or is {@code default}) and {@code force} is false
     */
    public void delete(String vault, boolean force) {
        Objects.requireNonNull(vault, "vault");
        transport.call("DELETE", RequestTarget.route("v1", "vaults").segment(vault).query("force", force ? true : null),
                null);
    }

    /**
     * {@code PATCH /v1/vaults/{vault}}: replaces the vault's IP allowlist; its principals may then call (and machines
     * enroll) only from these CIDR ranges. An empty list allows any address again.
     */
    public Vault update(String vault, List<String> allowedCidrs) {
        Objects.requireNonNull(vault, "vault");
        Objects.requireNonNull(allowedCidrs, "allowedCidrs");
        return transport.call("PATCH", RequestTarget.route("v1", "vaults").segment(vault),
                new Vault.Update(allowedCidrs), Vault.class);
    }
}
