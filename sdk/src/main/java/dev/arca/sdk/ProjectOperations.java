package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Page;
import dev.arca.api.Project;
import java.util.Objects;

/** Projects of one vault. Reached by {@link ArcaClient#projects()}; immutable. */
public final class ProjectOperations {
    private static final TypeReference<Page<Project>> PAGE = new TypeReference<>() {};

    private final HttpTransport transport;
    private final String vault;

    ProjectOperations(HttpTransport transport, String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public ProjectOperations withVault(String vault) {
        return new ProjectOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /**
     * {@code POST /v1/vaults/{vault}/projects}: creates a project; its name is the first segment of its secrets'
     * paths.
     *
     * @throws ConflictException if the vault has a project of that name
     */
    public Project create(String name) {
        Objects.requireNonNull(name, "name");
        return transport.call("POST", projects(), new Project.Create(name), Project.class);
    }

    /** {@code GET /v1/vaults/{vault}/projects}: the projects of the vault. */
    public Page<Project> list() {
        return transport.call("GET", projects(), null, PAGE);
    }

    private RequestTarget projects() {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("projects");
    }
}
