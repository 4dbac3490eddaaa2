package dev.arca.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real database server on loopback the {@code db-creds} scenarios make users in, by its Arca plugin name: the
 * PostgreSQL the bench also stores in (postgres, trust), MariaDB on 3306 (root, no password), Redis on 6379
 * ({@code default}, no password). The bench looks at each one directly too: whether it answers at all, and
 * which bench users are left in it after a run.
 */
enum CredentialDatabase {
    POSTGRESQL("postgresql", "postgresql://127.0.0.1:5432/test", "postgres",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=3") {
        @Override
        List<String> users(String prefix) throws Exception {
            return sql("SELECT rolname FROM pg_roles WHERE rolname LIKE ?", prefix);
        }
    },
    MYSQL("mysql", "mysql://127.0.0.1:3306", "root",
            "jdbc:mariadb://127.0.0.1:3306/?user=root&sslMode=disable&connectTimeout=3000") {
        @Override
        List<String> users(String prefix) throws Exception {
            return sql("SELECT User FROM mysql.user WHERE User LIKE ?", prefix);
        }
    },
    REDIS("redis", "redis://127.0.0.1:6379", "default", null) {
        @Override
        List<String> users(String prefix) {
            try (var redis = new Jedis(new HostAndPort("127.0.0.1", 6379),
                    DefaultJedisClientConfig.builder().timeoutMillis(3000).build())) {
                return redis.aclUsers().stream().filter(user -> user.startsWith(prefix)).toList();
            }
        }
    };

    private final String plugin;
    private final String url;
    private final String rootUser;

    /** The root user's JDBC URL of a SQL engine; null for Redis. */
    private final @Nullable String rootJdbc;

    CredentialDatabase(String plugin, String url, String rootUser, @Nullable String rootJdbc) {
        this.plugin = plugin;
        this.url = url;
        this.rootUser = rootUser;
        this.rootJdbc = rootJdbc;
    }

    /** The root user of a SQL engine, for statements a scenario runs itself; empty for Redis. */
    Optional<SqlRoot> sqlRoot() {
        return Optional.ofNullable(rootJdbc).map(SqlRoot::new);
    }

    /** A SQL engine's root user. */
    record SqlRoot(String jdbcUrl) {
        /** Runs one statement, for a user a scenario makes and drops itself ({@code rotation-db-static}). */
        void execute(String statement) throws SQLException {
            try (Connection c = DriverManager.getConnection(jdbcUrl); var s = c.createStatement()) {
                s.execute(statement);
            }
        }
    }

    /** The plugin name, as in {@code "plugin":"mysql"} and in the scenario's name. */
    String plugin() {
        return plugin;
    }

    /** The body of {@code PUT …/database/config/bench-<plugin>}: the root user, any role allowed, verified. */
    String connectionBody() {
        return "{\"plugin\":\"" + plugin + "\",\"connection_url\":\"" + url + "\",\"username\":\"" + rootUser
                + "\",\"password\":\"\",\"allowed_roles\":[\"*\"]}";
    }

    /** The users whose names start with {@code prefix}; throws when the server does not answer. */
    abstract List<String> users(String prefix) throws Exception;

    /** Why it cannot be used (its server does not answer), or null when it can. */
    String unreachable() {
        try {
            users("");
            return null;
        } catch (Exception e) {
            return "no " + plugin + " server at " + url + " (" + e.getMessage() + ")";
        }
    }

    /** The users a root query finds whose names start with {@code prefix}. */
    List<String> sql(String query, String prefix) throws SQLException {
        try (Connection c = DriverManager.getConnection(java.util.Objects.requireNonNull(rootJdbc, plugin)); var statement = c.prepareStatement(query)) {
            // the prefix is the bench's own (letters and '_'), so only '_' needs escaping for LIKE
            statement.setString(1, prefix.replace("_", "\\_") + "%");
            var rows = statement.executeQuery();
            var users = new ArrayList<String>();
            while (rows.next()) {
                users.add(rows.getString(1));
            }
            return users;
        }
    }
}
