package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Group;
import dev.arca.api.Page;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Groups of users in one vault. Reached by {@link ArcaClient#groups()}; immutable. */
public final class GroupOperations {
    private static final TypeReference<Page<Group>> PAGE = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;

    GroupOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public GroupOperations withVault(String vault) {
        return new GroupOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /** {@code POST /v1/vaults/{vault}/groups}. */
    public Group create(String name) {
        Objects.requireNonNull(name, "name");
        return transport.call("POST", groups(), new Group.Create(name), Group.class);
    }

    /** {@code GET /v1/vaults/{vault}/groups}. */
    public Page<Group> list() {
        return transport.call("GET", groups(), null, PAGE);
    }

    /** {@code DELETE /v1/vaults/{vault}/groups/{name}}. */
    public void delete(String name) {
        transport.call("DELETE", group(name), null);
    }

    /** {@code PUT /v1/vaults/{vault}/groups/{name}/members/{username}}. */
    public Group addMember(String group, String username) {
        return transport.call("PUT", member(group, username), null, Group.class);
    }

    /** {@code DELETE /v1/vaults/{vault}/groups/{name}/members/{username}}. */
    public Group removeMember(String group, String username) {
        return transport.call("DELETE", member(group, username), null, Group.class);
    }

    private RequestTarget groups() {
        return RequestTarget.route("v1", "vaults").segment(VaultChoice.require(vault)).segment("groups");
    }

    private RequestTarget group(String name) {
        return groups().segment(Objects.requireNonNull(name, "name"));
    }

    private RequestTarget member(String group, String username) {
        return group(group).segment("members").segment(Objects.requireNonNull(username, "username"));
    }
}
