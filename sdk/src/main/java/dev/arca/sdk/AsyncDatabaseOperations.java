package dev.arca.sdk;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.Page;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@link DatabaseOperations} without blocking ({@code /v1/vaults/{vault}/database/…}): the same requests, answers
 * and exceptions, in a future. Reached by {@link AsyncArcaClient#database()}; immutable.
 */
public final class AsyncDatabaseOperations {
    private final HttpTransport transport;
    private final @Nullable String vault;
    private final DatabaseTargets targets;

    AsyncDatabaseOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
        this.targets = new DatabaseTargets(vault, DatabaseTargets.MOUNT);
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public AsyncDatabaseOperations withVault(String vault) {
        return new AsyncDatabaseOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /** {@code PUT /v1/vaults/{vault}/database/config/{name}}: as {@link DatabaseOperations#putConnection}. */
    public CompletableFuture<DatabaseSecrets.Connection> putConnection(String name,
            DatabaseSecrets.ConnectionWrite write) {
        return transport.callAsync("PUT", targets.connection(name), write, DatabaseSecrets.Connection.class);
    }

    /** {@code GET /v1/vaults/{vault}/database/config/{name}}: as {@link DatabaseOperations#connection}. */
    public CompletableFuture<DatabaseSecrets.Connection> connection(String name) {
        return transport.callAsync("GET", targets.connection(name), null, DatabaseSecrets.Connection.class);
    }

    /** {@code GET /v1/vaults/{vault}/database/config}: as {@link DatabaseOperations#connections}. */
    public CompletableFuture<Page<DatabaseSecrets.Connection>> connections() {
        return transport.callAsync("GET", targets.at("config"), null, DatabaseOperations.CONNECTIONS);
    }

    /** {@code DELETE /v1/vaults/{vault}/database/config/{name}}: as {@link DatabaseOperations#deleteConnection}. */
    public CompletableFuture<Void> deleteConnection(String name) {
        return transport.callAsync("DELETE", targets.connection(name), null);
    }

    /** {@code POST /v1/vaults/{vault}/database/config/{name}/verify}: as {@link DatabaseOperations#verifyConnection}. */
    public CompletableFuture<Void> verifyConnection(String name) {
        return transport.callAsync("POST", targets.connection(name, "verify"), null);
    }

    /** {@code POST /v1/vaults/{vault}/database/rotate-root/{name}}: as {@link DatabaseOperations#rotateRoot}. */
    public CompletableFuture<DatabaseSecrets.RootRotated> rotateRoot(String name) {
        return transport.callAsync("POST", targets.rotateRoot(name), null, DatabaseSecrets.RootRotated.class);
    }

    /** {@code PUT /v1/vaults/{vault}/database/roles/{name}}: as {@link DatabaseOperations#putRole}. */
    public CompletableFuture<DatabaseSecrets.Role> putRole(String name, DatabaseSecrets.RoleWrite write) {
        return transport.callAsync("PUT", targets.role(name), write, DatabaseSecrets.Role.class);
    }

    /** {@code GET /v1/vaults/{vault}/database/roles/{name}}: as {@link DatabaseOperations#role}. */
    public CompletableFuture<DatabaseSecrets.Role> role(String name) {
        return transport.callAsync("GET", targets.role(name), null, DatabaseSecrets.Role.class);
    }

    /** {@code GET /v1/vaults/{vault}/database/roles}: as {@link DatabaseOperations#roles}. */
    public CompletableFuture<Page<DatabaseSecrets.Role>> roles() {
        return transport.callAsync("GET", targets.at("roles"), null, DatabaseOperations.ROLES);
    }

    /** {@code DELETE /v1/vaults/{vault}/database/roles/{name}}: as {@link DatabaseOperations#deleteRole}. */
    public CompletableFuture<Void> deleteRole(String name) {
        return transport.callAsync("DELETE", targets.role(name), null);
    }

    /** {@code POST /v1/vaults/{vault}/database/creds/{role}}: as {@link DatabaseOperations#credentials}. */
    public CompletableFuture<DatabaseSecrets.Credentials> credentials(String role, @Nullable Duration ttl) {
        return transport.callAsync("POST", targets.credentials(role), DatabaseTargets.credentialsRequest(ttl),
                DatabaseSecrets.Credentials.class);
    }

    /** {@code PUT /v1/vaults/{vault}/database/static-roles/{name}}: as {@link DatabaseOperations#putStaticRole}. */
    public CompletableFuture<DatabaseSecrets.StaticRole> putStaticRole(String name,
            DatabaseSecrets.StaticRoleWrite write) {
        return transport.callAsync("PUT", targets.staticRole(name), write, DatabaseSecrets.StaticRole.class);
    }

    /** {@code GET /v1/vaults/{vault}/database/static-roles/{name}}: as {@link DatabaseOperations#staticRole}. */
    public CompletableFuture<DatabaseSecrets.StaticRole> staticRole(String name) {
        return transport.callAsync("GET", targets.staticRole(name), null, DatabaseSecrets.StaticRole.class);
    }

    /** {@code GET /v1/vaults/{vault}/database/static-roles}: as {@link DatabaseOperations#staticRoles}. */
    public CompletableFuture<Page<DatabaseSecrets.StaticRole>> staticRoles() {
        return transport.callAsync("GET", targets.at("static-roles"), null, DatabaseOperations.STATIC_ROLES);
    }

    /**
     * {@code DELETE /v1/vaults/{vault}/database/static-roles/{name}}: as {@link DatabaseOperations#deleteStaticRole}.
     */
    public CompletableFuture<Void> deleteStaticRole(String name) {
        return transport.callAsync("DELETE", targets.staticRole(name), null);
    }

    /** {@code GET /v1/vaults/{vault}/database/static-creds/{name}}: as {@link DatabaseOperations#staticCredentials}. */
    public CompletableFuture<DatabaseSecrets.StaticCredentials> staticCredentials(String name) {
        return transport.callAsync("GET", targets.staticCredentials(name), null,
                DatabaseSecrets.StaticCredentials.class);
    }

    /** {@code POST /v1/vaults/{vault}/database/rotate-role/{name}}: as {@link DatabaseOperations#rotateStaticRole}. */
    public CompletableFuture<DatabaseSecrets.StaticRole> rotateStaticRole(String name) {
        return transport.callAsync("POST", targets.rotateStaticRole(name), null, DatabaseSecrets.StaticRole.class);
    }

    @Override
    public String toString() {
        return "AsyncDatabaseOperations[vault=" + vault + "]";
    }
}
