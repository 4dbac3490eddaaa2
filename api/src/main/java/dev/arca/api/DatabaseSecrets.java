package dev.arca.api;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The database engine's wire records ({@code docs/API-database.md}), mounted in every vault at
 * {@code /v1/vaults/{vault}/database/…}: connections to database servers (PostgreSQL, MariaDB/MySQL, Redis), dynamic
 * roles whose credentials are made on request and dropped when their lease ends. Durations are {@link Durations} text; statements are lists of strings with the
 * placeholders {@code {{name}}}, {@code {{password}}} and {@code {{expiration}}} (for Redis: ACL rules). Static roles
 * (an existing user whose password Arca rotates) come with the rotation engine.
 */
public final class DatabaseSecrets {
    private DatabaseSecrets() {}

    /** TLS to the database: the server's certificate checked against {@code caPem} (or the JDK's trust store). */
    public record Tls(@Nullable Boolean enabled, @Nullable String caPem, @Nullable Boolean skipVerify) {}

    /**
     * {@code PUT …/database/config/{name}}: a connection, created or replaced. {@code password} is the root user's,
     * required on creation and kept when left out later; it is never answered. {@code allowedRoles} default none
     * ({@code ["*"]} = any role); {@code verifyConnection} default true (log in before saving).
     *
     * @param plugin {@code postgresql}, {@code mysql} (MariaDB and MySQL) or {@code redis}
     * @param connectionUrl without credentials: {@code postgresql://host:5432/db}, {@code mysql://host:3306},
     *     {@code redis://host:6379}
     */
    public record ConnectionWrite(String plugin, String connectionUrl, String username, @Nullable SecretText password,
            @Nullable List<String> allowedRoles, @Nullable Integer maxOpenConnections, @Nullable Tls tls,
            @Nullable Boolean verifyConnection) {}

    /** A connection as answered: never its password. */
    public record Connection(String id, String name, String plugin, String connectionUrl, String username,
            List<String> allowedRoles, int maxOpenConnections, Tls tls, @Nullable Instant rootRotatedAt,
            Instant createdAt, Instant updatedAt) {}

    /** {@code POST …/database/rotate-root/{name}}: the root password was changed; only Arca knows the new one. */
    public record RootRotated(String name, Instant rotatedAt) {}

    /** Generated passwords: {@code length} characters (default 24, 16 to 128) of letters, digits and {@code -_.~}. */
    public record PasswordPolicy(@Nullable Integer length) {}

    /**
     * {@code PUT …/database/roles/{name}}: a dynamic role, created or replaced. Empty statement lists take the
     * plugin's defaults. {@code usernameTemplate} may use {@code {{role}}}, {@code {{display_name}}},
     * {@code {{random N}}} and {@code {{unix_time}}}; what it renders must be letters, digits, {@code _ . -}.
     */
    public record RoleWrite(String connection, @Nullable List<String> creationStatements,
            @Nullable List<String> revocationStatements, @Nullable List<String> renewStatements,
            @Nullable List<String> rollbackStatements, @Nullable String usernameTemplate,
            @Nullable PasswordPolicy passwordPolicy, @Nullable String defaultTtl, @Nullable String maxTtl) {}

    public record Role(String id, String name, String connection, List<String> creationStatements,
            List<String> revocationStatements, List<String> renewStatements, List<String> rollbackStatements,
            String usernameTemplate, PasswordPolicy passwordPolicy, String defaultTtl, String maxTtl,
            Instant createdAt, Instant updatedAt) {}

    /** {@code POST …/database/creds/{role}} (or {@code GET …?ttl=}): {@code ttl} default the role's. */
    public record CredentialsRequest(@Nullable String ttl) {}

    /**
     * A dynamic credential on its lease: renew it with {@code /v1/leases/renew}, end it (and the database user)
     * with {@code /v1/leases/release}. {@code leaseDuration} in seconds; {@code warnings} say what was changed, such
     * as a ttl clamped to the role's max_ttl.
     */
    public record Credentials(String leaseId, long leaseDuration, boolean renewable, Data data, Instant expiresAt,
            Instant maxExpiresAt, List<String> warnings) {}

    /** The user made for this lease, and where to log in with it. */
    public record Data(String username, SecretText password, String connectionUrl) {}
}
