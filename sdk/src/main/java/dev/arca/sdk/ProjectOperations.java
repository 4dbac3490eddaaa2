package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Page;
import dev.arca.api.Project;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Projects of one vault. Reached by {@link ArcaClient#projects()}; immutable. */
public final class ProjectOperations {
    private static final TypeReference<Page<Project>> PAGE = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;

    ProjectOperations(HttpTransport transport, @Nullable String vault) {
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

    /**
     * {@code PATCH /v1/vaults/{vault}/projects/{name}}: renames the project; every secret path follows, ids and
     * values stay.
     *
     * @throws ConflictException if the vault has a project named {@code newName}
     */
    public Project rename(String name, String newName) {
        return update(name, new Project.Update(Objects.requireNonNull(newName, "newName"), null));
    }

    /**
     * {@code PATCH /v1/vaults/{vault}/projects/{name}}: how many versions each secret of the project keeps unless
     * it sets its own (1..1000); older versions are pruned at the next write.
     */
    public Project setMaxVersions(String name, int maxVersions) {
        return update(name, new Project.Update(null, maxVersions));
    }

    /** {@code PATCH /v1/vaults/{vault}/projects/{name}}: changes the given parts of a project. */
    public Project update(String name, Project.Update update) {
        Objects.requireNonNull(update, "update");
        return transport.call("PATCH", project(name), update, Project.class);
    }

    /**
     * {@code DELETE /v1/vaults/{vault}/projects/{name}[?force=true]}: deletes the project; with {@code force} its
     * secrets are soft-deleted too.
     *
     * @throws ConflictException if the project still has secrets and {@code force} is false
     */
    public void delete(String name, boolean force) {
        transport.call("DELETE", project(name).query("force", force ? true : null), null);
    }

    private RequestTarget project(String name) {
        return projects().segment(Objects.requireNonNull(name, "name"));
    }

    private RequestTarget projects() {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("projects");
    }
}
