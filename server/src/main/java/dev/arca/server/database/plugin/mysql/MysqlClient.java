package dev.arca.server.database.plugin.mysql;

import com.zaxxer.hikari.HikariDataSource;
import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.ConnectionSettings;
import dev.arca.server.database.plugin.DatabaseClient;
import dev.arca.server.database.plugin.DatabaseException;
import dev.arca.server.database.plugin.NewUser;
import dev.arca.server.database.plugin.Templates;
import dev.arca.server.database.plugin.jdbc.JdbcPool;
import dev.arca.server.database.plugin.jdbc.ScratchUser;
import dev.arca.server.database.plugin.jdbc.ServerUrl;
import dev.arca.server.database.plugin.jdbc.SqlFailures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A MariaDB or MySQL server, through a pool logged in as the connection's root user. Its DDL commits as it goes,
 * so a creation that fails midway is undone by the plugin's rollback ({@code DROP USER IF EXISTS}) before the
 * failure is thrown — but only for a user that did not exist before, so a clashing name is never dropped.
 * {@link #check} only prepares each statement, which parses it and runs nothing.
 *
 * <p>Revocation drops the user first, so it cannot log in again, and then kills the connections still open under
 * its name: MariaDB lets a session outlive its dropped user.
 */
final class MysqlClient implements DatabaseClient {
    private static final String SET_PASSWORD = "ALTER USER '{{name}}'@'%' IDENTIFIED BY '{{password}}'";
    private static final int NO_SUCH_THREAD = 1094;

    private final HikariDataSource pool;

    private MysqlClient(HikariDataSource pool) {
        this.pool = pool;
    }

    static MysqlClient open(ConnectionSettings settings) {
        ServerUrl url = ServerUrl.parse(settings.url(), "mysql", 3306);
        var properties = new java.util.HashMap<String, String>(tls(settings.tls()));
        properties.put("connectTimeout", Long.toString(Math.max(1, settings.connectTimeout().toMillis())));
        return new MysqlClient(JdbcPool.open("mysql", url, url.jdbcUrl("mariadb"), settings, properties));
    }

    /** The MariaDB driver turns TLS on with verify-full unless told otherwise, so off has to be said. */
    private static Map<String, String> tls(ConnectionSettings.Tls tls) {
        if (!tls.enabled()) {
            return Map.of("sslMode", "disable");
        }
        if (tls.skipVerify()) {
            return Map.of("sslMode", "trust");
        }
        String caPem = tls.caPem();
        // The driver takes the CA's PEM text itself; without one it checks against the JDK's trust store.
        return caPem == null || caPem.isBlank() ? Map.of("sslMode", "verify-full")
                : Map.of("sslMode", "verify-full", "serverSslCert", caPem);
    }

    @Override
    public void verify() {
        JdbcPool.run(pool, c -> {
            JdbcPool.execute(c, List.of("SELECT 1"));
        });
    }

    @Override
    public void check(List<String> creation) {
        NewUser scratch = ScratchUser.make();
        JdbcPool.run(pool, c -> {
            // The statement reaches PREPARE through a variable set by a bound parameter: no quoting of our own.
            try (Statement statement = c.createStatement()) {
                try {
                    for (String sql : render(creation, scratch)) {
                        try (PreparedStatement text = c.prepareStatement("SET @arca_check = ?")) {
                            text.setString(1, sql);
                            text.execute();
                        }
                        statement.execute("PREPARE arca_check FROM @arca_check");
                        statement.execute("DEALLOCATE PREPARE arca_check");
                    }
                } finally {
                    statement.execute("SET @arca_check = NULL");
                }
            }
        }, scratch.password());
    }

    @Override
    public void create(NewUser user, List<String> creation) {
        List<String> statements = render(creation, user);
        JdbcPool.run(pool, c -> {
            if (userExists(c, user.username())) {
                throw new DatabaseException.Failed("user " + user.username() + " exists already", null);
            }
            try {
                JdbcPool.execute(c, statements);
            } catch (SQLException e) {
                DatabaseException failure = SqlFailures.of(e, user.password());
                if (failure instanceof DatabaseException.Failed) {
                    rollBack(c, user, failure);
                }
                throw failure;
            }
        }, user.password());
    }

    /** MariaDB has no absolute expiry; a role's own renew statements still run. */
    @Override
    public void renew(String username, Instant expiration, List<String> renew) {
        if (renew.isEmpty()) {
            return;
        }
        List<String> statements = renew.stream()
                .map(s -> Templates.render(s, username, SecretText.of(""), expiration)).toList();
        JdbcPool.run(pool, c -> {
            JdbcPool.execute(c, statements);
        });
    }

    @Override
    public void revoke(String username, List<String> revocation) {
        List<String> statements = (revocation.isEmpty() ? List.of("DROP USER IF EXISTS '{{name}}'@'%'") : revocation)
                .stream().map(s -> Templates.render(s, username)).toList();
        JdbcPool.run(pool, c -> {
            JdbcPool.execute(c, statements);
            killConnections(c, username);
        });
    }

    @Override
    public boolean exists(String username) {
        return JdbcPool.call(pool, c -> userExists(c, username));
    }

    @Override
    public List<String> usersStartingWith(String prefix) {
        return JdbcPool.call(pool, c -> JdbcPool.strings(c, "SELECT DISTINCT User FROM mysql.user "
                + "WHERE LEFT(User, CHAR_LENGTH(?)) = ? ORDER BY User", prefix, prefix));
    }

    @Override
    public void setPassword(String username, SecretText password, List<String> statements) {
        List<String> rendered = (statements.isEmpty() ? List.of(SET_PASSWORD) : statements).stream()
                .map(s -> Templates.render(s, username, password, Instant.now())).toList();
        JdbcPool.run(pool, c -> {
            JdbcPool.execute(c, rendered);
        }, password);
    }

    @Override
    public void close() {
        pool.close();
    }

    private static List<String> render(List<String> statements, NewUser user) {
        return statements.stream().map(s -> Templates.render(s, user)).toList();
    }

    /**
     * Drops the half-made user. When the server went away meanwhile the failure is {@code Unavailable}, so the
     * engine keeps its creation intent and the sweep drops the user later; when the server refused the drop, the
     * failure says to drop it by hand.
     */
    private static void rollBack(Connection c, NewUser user, DatabaseException failure) {
        try {
            JdbcPool.execute(c, render(MysqlPlugin.DEFAULTS.rollback(), user));
        } catch (SQLException e) {
            DatabaseException rollbackFailure = SqlFailures.of(e, user.password());
            String message = failure.getMessage() + "; dropping the half-made user " + user.username()
                    + " failed too: " + rollbackFailure.getMessage();
            throw rollbackFailure instanceof DatabaseException.Unavailable
                    ? new DatabaseException.Unavailable(message, null)
                    : new DatabaseException.Failed(message + "; drop it by hand", null);
        }
    }

    private static boolean userExists(Connection c, String username) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT 1 FROM mysql.user WHERE User = ?")) {
            query.setString(1, username);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** Kills every connection open under {@code username}; one that ended meanwhile is already what we want. */
    private static void killConnections(Connection c, String username) throws SQLException {
        var ids = new ArrayList<Long>();
        try (PreparedStatement query = c.prepareStatement(
                "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?")) {
            query.setString(1, username);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        }
        try (Statement kill = c.createStatement()) {
            for (long id : ids) {
                try {
                    kill.execute("KILL CONNECTION " + id);
                } catch (SQLException e) {
                    if (e.getErrorCode() != NO_SUCH_THREAD) {
                        throw e;
                    }
                }
            }
        }
    }
}
