package dev.arca.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The database engine's wire records ({@code docs/API-database.md}), mounted in every vault at
 * {@code /v1/vaults/{vault}/database/…}: connections to database servers (PostgreSQL, MariaDB/MySQL, Redis), dynamic
 * roles whose credentials are made on request and dropped when their lease ends. Durations are {@link Durations} text; statements are lists of strings with the
 * placeholders {@code {{name}}}, {@code {{password}}} and {@code {{expiration}}} (for Redis: ACL rules). Static roles
 * are existing users whose password Arca keeps and rotates.
 */
public final class DatabaseSecrets {
    private DatabaseSecrets() {}

    private static @Nullable String durationOrNull(@Nullable Duration duration) {
        return duration == null ? null : Durations.format(duration);
    }

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
            @Nullable Boolean verifyConnection) {
        /** A connection to {@code connectionUrl} as {@code username} through {@code plugin}; the rest as set. */
        public static Builder builder(String plugin, String connectionUrl, String username) {
            return new Builder(plugin, connectionUrl, username);
        }

        /** Builds a {@link ConnectionWrite}; what is not set is the server's default (or, for the password, kept). */
        public static final class Builder {
            private final String plugin;
            private final String connectionUrl;
            private final String username;
            private @Nullable SecretText password;
            private @Nullable List<String> allowedRoles;
            private @Nullable Integer maxOpenConnections;
            private @Nullable Tls tls;
            private @Nullable Boolean verifyConnection;

            private Builder(String plugin, String connectionUrl, String username) {
                this.plugin = Objects.requireNonNull(plugin, "plugin");
                this.connectionUrl = Objects.requireNonNull(connectionUrl, "connectionUrl");
                this.username = Objects.requireNonNull(username, "username");
            }

            /** The root user's password: required for a new connection, kept when left out of a later write. */
            public Builder password(SecretText password) {
                this.password = Objects.requireNonNull(password, "password");
                return this;
            }

            /** The roles that may make credentials through it ({@code *} for any); default none. */
            public Builder allowedRoles(List<String> allowedRoles) {
                this.allowedRoles = List.copyOf(allowedRoles);
                return this;
            }

            /** The most connections Arca keeps open to the database. */
            public Builder maxOpenConnections(int maxOpenConnections) {
                this.maxOpenConnections = maxOpenConnections;
                return this;
            }

            /** TLS to the database. */
            public Builder tls(Tls tls) {
                this.tls = tls;
                return this;
            }

            /** Whether Arca logs in before saving (default true). */
            public Builder verifyConnection(boolean verifyConnection) {
                this.verifyConnection = verifyConnection;
                return this;
            }

            public ConnectionWrite build() {
                return new ConnectionWrite(plugin, connectionUrl, username, password, allowedRoles,
                        maxOpenConnections, tls, verifyConnection);
            }
        }
    }

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
            @Nullable PasswordPolicy passwordPolicy, @Nullable String defaultTtl, @Nullable String maxTtl) {
        /** A role making users through {@code connection}; every statement list the plugin's default until set. */
        public static Builder builder(String connection) {
            return new Builder(connection);
        }

        /** Builds a {@link RoleWrite}, durations as {@link Duration}s; what is not set is the server's default. */
        public static final class Builder {
            private final String connection;
            private @Nullable List<String> creationStatements;
            private @Nullable List<String> revocationStatements;
            private @Nullable List<String> renewStatements;
            private @Nullable List<String> rollbackStatements;
            private @Nullable String usernameTemplate;
            private @Nullable PasswordPolicy passwordPolicy;
            private @Nullable Duration defaultTtl;
            private @Nullable Duration maxTtl;

            private Builder(String connection) {
                this.connection = Objects.requireNonNull(connection, "connection");
            }

            /** What makes the user ({@code {{name}}}, {@code {{password}}}, {@code {{expiration}}}; Redis: ACL rules). */
            public Builder creationStatements(List<String> statements) {
                this.creationStatements = List.copyOf(statements);
                return this;
            }

            /** What drops the user when its lease ends. */
            public Builder revocationStatements(List<String> statements) {
                this.revocationStatements = List.copyOf(statements);
                return this;
            }

            /** What moves the user's expiry when its lease is renewed. */
            public Builder renewStatements(List<String> statements) {
                this.renewStatements = List.copyOf(statements);
                return this;
            }

            /** What undoes a creation that failed halfway. */
            public Builder rollbackStatements(List<String> statements) {
                this.rollbackStatements = List.copyOf(statements);
                return this;
            }

            /** How user names are made (default {@code v_{{role}}_{{random 10}}_{{unix_time}}}). */
            public Builder usernameTemplate(String usernameTemplate) {
                this.usernameTemplate = usernameTemplate;
                return this;
            }

            /** How long generated passwords are: 16 to 128 characters (default 24). */
            public Builder passwordLength(int length) {
                this.passwordPolicy = new PasswordPolicy(length);
                return this;
            }

            /** How long credentials live when the request does not say. */
            public Builder defaultTtl(Duration defaultTtl) {
                this.defaultTtl = defaultTtl;
                return this;
            }

            /** The longest a credential may live, renewals included. */
            public Builder maxTtl(Duration maxTtl) {
                this.maxTtl = maxTtl;
                return this;
            }

            public RoleWrite build() {
                return new RoleWrite(connection, creationStatements, revocationStatements, renewStatements,
                        rollbackStatements, usernameTemplate, passwordPolicy, durationOrNull(defaultTtl),
                        durationOrNull(maxTtl));
            }
        }
    }

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

    /**
     * {@code PUT …/database/static-roles/{name}}: an existing database user whose password Arca sets at once and
     * then every {@code rotationPeriod} (at least 1m, default 24h); nobody else needs to know it. Empty
     * {@code rotationStatements} take the plugin's password change.
     */
    public record StaticRoleWrite(String connection, String username, @Nullable String rotationPeriod,
            @Nullable List<String> rotationStatements) {
        /** The existing user {@code username}, reached through {@code connection}; the rest the server's default. */
        public static Builder builder(String connection, String username) {
            return new Builder(connection, username);
        }

        /** Builds a {@link StaticRoleWrite}, the period as a {@link Duration}; the rest the server's default. */
        public static final class Builder {
            private final String connection;
            private final String username;
            private @Nullable Duration rotationPeriod;
            private @Nullable List<String> rotationStatements;

            private Builder(String connection, String username) {
                this.connection = Objects.requireNonNull(connection, "connection");
                this.username = Objects.requireNonNull(username, "username");
            }

            /** How often Arca sets a new password (at least 1m, default 24h). */
            public Builder rotationPeriod(Duration rotationPeriod) {
                this.rotationPeriod = rotationPeriod;
                return this;
            }

            /** What changes the password ({@code {{name}}}, {@code {{password}}}); default the plugin's. */
            public Builder rotationStatements(List<String> statements) {
                this.rotationStatements = List.copyOf(statements);
                return this;
            }

            public StaticRoleWrite build() {
                return new StaticRoleWrite(connection, username, durationOrNull(rotationPeriod), rotationStatements);
            }
        }
    }

    public record StaticRole(String id, String name, String connection, String username, String rotationPeriod,
            List<String> rotationStatements, @Nullable Instant lastRotatedAt, Instant nextRotationAt,
            @Nullable String lastError, Instant createdAt, Instant updatedAt) {}

    /**
     * {@code GET …/database/static-creds/{name}}: the user's current password; {@code ttl} seconds until the next
     * rotation, after which the previous password no longer works.
     */
    public record StaticCredentials(String username, SecretText password, String connectionUrl,
            @Nullable Instant lastRotatedAt, Instant nextRotationAt, long ttl) {}
}
