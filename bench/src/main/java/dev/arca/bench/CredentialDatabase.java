package dev.arca.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
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
    POSTGRESQL("postgresql", "postgresql://127.0.0.1:5432/test", "postgres") {
        private static final String JDBC = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres&connectTimeout=3";

        @Override
        List<String> users(String prefix) throws Exception {
            return sql(JDBC, "SELECT rolname FROM pg_roles WHERE rolname LIKE ?", prefix);
        }

        @Override
        void execute(String statement) throws SQLException {
            run(JDBC, statement);
        }
    },
    MYSQL("mysql", "mysql://127.0.0.1:3306", "root") {
        private static final String JDBC = "jdbc:mariadb://127.0.0.1:3306/?user=root&sslMode=disable"
                + "&connectTimeout=3000";

        @Override
        List<String> users(String prefix) throws Exception {
            return sql(JDBC, "SELECT User FROM mysql.user WHERE User LIKE ?", prefix);
        }

        @Override
        void execute(String statement) throws SQLException {
            run(JDBC, statement);
        }
    },
    REDIS("redis", "redis://127.0.0.1:6379", "default") {
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

    CredentialDatabase(String plugin, String url, String rootUser) {
        this.plugin = plugin;
        this.url = url;
        this.rootUser = rootUser;
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

    /**
     * Runs one statement as the root user, for a user a scenario makes and drops itself ({@code rotation-db-static});
     * only the SQL engines take one.
     */
    void execute(String statement) throws SQLException {
        throw new UnsupportedOperationException(plugin + " takes no SQL statements");
    }

    /** Why it cannot be used (its server does not answer), or null when it can. */
    String unreachable() {
        try {
            users("");
            return null;
        } catch (Exception e) {
            return "no " + plugin + " server at " + url + " (" + e.getMessage() + ")";
        }
    }

    private static void run(String jdbcUrl, String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); var s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static List<String> sql(String jdbcUrl, String query, String prefix) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl); var statement = c.prepareStatement(query)) {
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
