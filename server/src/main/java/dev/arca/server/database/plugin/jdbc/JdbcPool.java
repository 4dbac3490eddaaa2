package dev.arca.server.database.plugin.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.ConnectionSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The HikariCP pool a SQL plugin's client logs in through, as the connection's root user. Opening it connects to
 * nothing ({@code initializationFailTimeout -1}): the first statement does, so an unreachable server shows up as
 * {@code Unavailable} from a call, not as a failure to open. The pool's name shows where the server is and never
 * who logs in or with what; HikariCP itself never logs the password.
 */
public final class JdbcPool {
    private JdbcPool() {}

    /**
     * @param plugin the plugin's name, for the pool's name
     * @param driverProperties what the driver needs beyond the URL (TLS mode, timeouts)
     */
    public static HikariDataSource open(String plugin, ServerUrl url, String jdbcUrl, ConnectionSettings settings,
            Map<String, String> driverProperties) {
        var config = new HikariConfig();
        config.setPoolName("arca-db-" + plugin + "-" + url.hostAndPort());
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(settings.username());
        config.setPassword(settings.password().reveal());
        config.setMaximumPoolSize(Math.max(1, settings.maxOpenConnections()));
        config.setMinimumIdle(0);
        // HikariCP refuses a timeout under 250 ms.
        config.setConnectionTimeout(Math.max(250, settings.connectTimeout().toMillis()));
        config.setInitializationFailTimeout(-1);
        driverProperties.forEach(config::addDataSourceProperty);
        return new HikariDataSource(config);
    }

    /**
     * Runs {@code work} on a connection from {@code pool}; a driver failure becomes a {@code DatabaseException}
     * with {@code passwords} taken out of its message ({@link SqlFailures}).
     */
    public static <T> T call(DataSource pool, SqlWork<T> work, SecretText... passwords) {
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw SqlFailures.of(e, passwords);
        }
    }

    /** {@link #call} for work that answers nothing. */
    public static void run(DataSource pool, SqlAction action, SecretText... passwords) {
        call(pool, connection -> {
            action.run(connection);
            return true;
        }, passwords);
    }

    /** Runs each statement in order, as it is (rendered already). */
    public static void execute(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The first column of every row {@code select} answers, its {@code ?}s bound to {@code parameters} in order. */
    public static List<String> strings(Connection connection, String select, String... parameters)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(select)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            var values = new ArrayList<String>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return List.copyOf(values);
        }
    }
}
