package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.DatabaseSecrets;
import dev.arca.api.Page;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The database engine of one vault ({@code /v1/vaults/{vault}/database/…}, {@code docs/API-database.md}):
 * connections to PostgreSQL, MariaDB/MySQL and Redis, dynamic roles, and credentials made on request whose users
 * are dropped when their lease ends; static roles, existing users whose password Arca keeps and rotates. Writes are
 * the records of {@link DatabaseSecrets}, with builders:
 *
 * <pre>{@code
 * var database = client.database();
 * database.putConnection("pg", DatabaseSecrets.ConnectionWrite.builder("postgresql",
 *         "postgresql://db.internal:5432/app", "arca").password(SecretText.of(rootPassword))
 *         .allowedRoles(List.of("readonly")).build());
 * database.putRole("readonly", DatabaseSecrets.RoleWrite.builder("pg").defaultTtl(Duration.ofHours(1)).build());
 * DatabaseSecrets.Credentials creds = database.credentials("readonly", null);
 * database.putStaticRole("app", DatabaseSecrets.StaticRoleWrite.builder("pg", "app")
 *         .rotationPeriod(Duration.ofHours(12)).build());
 * DatabaseSecrets.StaticCredentials app = database.staticCredentials("app");
 * }</pre>
 *
 * <p>A connection's root password is sent, never answered; a credential's password comes back as a
 * {@link dev.arca.api.SecretText}, whose {@code toString()} hides it. For credentials that end themselves, see
 * {@link ArcaClient#dynamic()}. Reached by {@link ArcaClient#database()}; immutable.
 */
public final class DatabaseOperations {
    static final TypeReference<Page<DatabaseSecrets.Connection>> CONNECTIONS = new TypeReference<>() {};
    static final TypeReference<Page<DatabaseSecrets.Role>> ROLES = new TypeReference<>() {};
    static final TypeReference<Page<DatabaseSecrets.StaticRole>> STATIC_ROLES = new TypeReference<>() {};

    private final HttpTransport transport;
    private final @Nullable String vault;
    private final DatabaseTargets targets;

    DatabaseOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
        this.targets = new DatabaseTargets(vault, DatabaseTargets.MOUNT);
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public DatabaseOperations withVault(String vault) {
        return new DatabaseOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    // Connections

    /**
     * {@code PUT /v1/vaults/{vault}/database/config/{name}}: creates or replaces a connection. Arca logs in first
     * unless {@link DatabaseSecrets.ConnectionWrite#verifyConnection()} is false.
     *
     * @throws ValidationException with the database's answer when it cannot log in, or when a new connection has no
     *     password
     */
    public DatabaseSecrets.Connection putConnection(String name, DatabaseSecrets.ConnectionWrite write) {
        return transport.call("PUT", targets.connection(name), write, DatabaseSecrets.Connection.class);
    }

    /** {@code GET /v1/vaults/{vault}/database/config/{name}}: one connection, never its password. */
    public DatabaseSecrets.Connection connection(String name) {
        return transport.call("GET", targets.connection(name), null, DatabaseSecrets.Connection.class);
    }

    /** {@code GET /v1/vaults/{vault}/database/config}: the vault's connections. */
    public Page<DatabaseSecrets.Connection> connections() {
        return transport.call("GET", targets.at("config"), null, CONNECTIONS);
    }

    /**
     * {@code DELETE /v1/vaults/{vault}/database/config/{name}}.
     *
     * @throws ConflictException while a role names it or a lease still owes a revocation through it
     */
    public void deleteConnection(String name) {
        transport.call("DELETE", targets.connection(name), null);
    }

    /**
     * {@code POST /v1/vaults/{vault}/database/config/{name}/verify}: logs in to the database now.
     *
     * @throws UnavailableException when it cannot
     */
    public void verifyConnection(String name) {
        transport.call("POST", targets.connection(name, "verify"), null);
    }

    /**
     * {@code POST /v1/vaults/{vault}/database/rotate-root/{name}}: gives the root user a new password that only Arca
     * knows from then on.
     */
    public DatabaseSecrets.RootRotated rotateRoot(String name) {
        return transport.call("POST", targets.rotateRoot(name), null, DatabaseSecrets.RootRotated.class);
    }

    // Roles

    /**
     * {@code PUT /v1/vaults/{vault}/database/roles/{name}}: creates or replaces a dynamic role; empty statement lists
     * take the plugin's defaults.
     *
     * @throws ValidationException with the database's message when it refuses the creation statements
     */
    public DatabaseSecrets.Role putRole(String name, DatabaseSecrets.RoleWrite write) {
        return transport.call("PUT", targets.role(name), write, DatabaseSecrets.Role.class);
    }

    /** {@code GET /v1/vaults/{vault}/database/roles/{name}}. */
    public DatabaseSecrets.Role role(String name) {
        return transport.call("GET", targets.role(name), null, DatabaseSecrets.Role.class);
    }

    /** {@code GET /v1/vaults/{vault}/database/roles}: the vault's dynamic roles. */
    public Page<DatabaseSecrets.Role> roles() {
        return transport.call("GET", targets.at("roles"), null, ROLES);
    }

    /** {@code DELETE /v1/vaults/{vault}/database/roles/{name}}: leases it issued still revoke as they were made. */
    public void deleteRole(String name) {
        transport.call("DELETE", targets.role(name), null);
    }

    // Credentials

    /**
     * {@code POST /v1/vaults/{vault}/database/creds/{role}}: a new database user on a lease. Renew it with
     * {@link LeaseOperations#renew}, end it with {@link LeaseOperations#release}; a ttl over the role's
     * {@code max_ttl} is clamped and said in {@link DatabaseSecrets.Credentials#warnings()}.
     *
     * @param ttl how long the credential lives (whole seconds); null for the role's default
     * @throws AccessDeniedException when the role is not in the connection's {@code allowed_roles}
     * @throws UnavailableException when the database is down
     * @throws UpstreamFailedException with the database's message when it refuses the statements
     */
    public DatabaseSecrets.Credentials credentials(String role, @Nullable Duration ttl) {
        return transport.call("POST", targets.credentials(role), DatabaseTargets.credentialsRequest(ttl),
                DatabaseSecrets.Credentials.class);
    }

    // Static roles

    /**
     * {@code PUT /v1/vaults/{vault}/database/static-roles/{name}}: creates a static role, an existing database user
     * that Arca gives a new password at once and then every rotation period. To change one, delete it first.
     *
     * @throws ValidationException when the database has no user of that name, or the period is under a minute
     * @throws ConflictException when the static role exists
     * @throws UpstreamFailedException with the database's message when it refuses the password change
     */
    public DatabaseSecrets.StaticRole putStaticRole(String name, DatabaseSecrets.StaticRoleWrite write) {
        return transport.call("PUT", targets.staticRole(name), write, DatabaseSecrets.StaticRole.class);
    }

    /** {@code GET /v1/vaults/{vault}/database/static-roles/{name}}: one static role, never its password. */
    public DatabaseSecrets.StaticRole staticRole(String name) {
        return transport.call("GET", targets.staticRole(name), null, DatabaseSecrets.StaticRole.class);
    }

    /** {@code GET /v1/vaults/{vault}/database/static-roles}: the vault's static roles. */
    public Page<DatabaseSecrets.StaticRole> staticRoles() {
        return transport.call("GET", targets.at("static-roles"), null, STATIC_ROLES);
    }

    /**
     * {@code DELETE /v1/vaults/{vault}/database/static-roles/{name}}: Arca forgets the password and stops rotating
     * it; the user stays in the database, with the password it has now.
     */
    public void deleteStaticRole(String name) {
        transport.call("DELETE", targets.staticRole(name), null);
    }

    /**
     * {@code GET /v1/vaults/{vault}/database/static-creds/{name}}: the static user's current password, which works
     * for {@link DatabaseSecrets.StaticCredentials#ttl()} seconds more, until the next rotation.
     */
    public DatabaseSecrets.StaticCredentials staticCredentials(String name) {
        return transport.call("GET", targets.staticCredentials(name), null, DatabaseSecrets.StaticCredentials.class);
    }

    /**
     * {@code POST /v1/vaults/{vault}/database/rotate-role/{name}}: gives the static user a new password now; the
     * previous one stops working.
     *
     * @throws UpstreamFailedException with the database's answer when it refuses (the old password still works)
     * @throws UnavailableException when the database is down (the previous password still works)
     */
    public DatabaseSecrets.StaticRole rotateStaticRole(String name) {
        return transport.call("POST", targets.rotateStaticRole(name), null, DatabaseSecrets.StaticRole.class);
    }

    @Override
    public String toString() {
        return "DatabaseOperations[vault=" + vault + "]";
    }
}
