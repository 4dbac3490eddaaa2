package dev.arca.server.storage;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilderFactory;
import org.jdbi.v3.core.statement.StatementContext;
import org.sqlite.SQLiteConnection;

/**
 * Keeps SQLite's prepared statements between uses, per pooled connection. SQLite compiles every statement it
 * prepares, which costs about as much as running a small query, and neither its driver nor HikariCP keeps them
 * (PostgreSQL's driver does, so this is for SQLite only).
 *
 * <p>A statement is taken out of the cache while in use and put back when Jdbi closes it, so two open statements
 * of the same SQL (a query run inside the iteration of another) never share one. Statements are prepared on the
 * driver's own connection, not HikariCP's proxy, because the proxy closes every statement when the connection
 * goes back to the pool; the driver frees them when it closes the connection.
 */
final class SqliteStatementCache implements StatementBuilderFactory {
    /** Distinct statements kept per connection; the SQL texts of the server are far fewer. */
    static final int PER_CONNECTION = 256;

    private final Map<SQLiteConnection, Statements> byConnection = new ConcurrentHashMap<>();

    @Override
    public StatementBuilder createStatementBuilder(Connection pooled) {
        SQLiteConnection connection;
        try {
            connection = pooled.unwrap(SQLiteConnection.class);
        } catch (SQLException e) {
            throw new IllegalStateException("the SQLite statement cache needs the SQLite driver's connection", e);
        }
        Statements statements = byConnection.get(connection);
        if (statements == null) {
            byConnection.keySet().removeIf(SqliteStatementCache::isClosed);
            statements = byConnection.computeIfAbsent(connection, Statements::new);
        }
        return statements;
    }

    private static boolean isClosed(SQLiteConnection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** The kept statements of one connection; only the thread holding that connection touches them. */
    private static final class Statements implements StatementBuilder {
        private final SQLiteConnection connection;
        /** Jdbi closes a statement naming its SQL as written, not as prepared: the prepared text of each in use. */
        private final IdentityHashMap<PreparedStatement, String> inUse = new IdentityHashMap<>();
        private final LinkedHashMap<String, PreparedStatement> idle = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= PER_CONNECTION) {
                    return false;
                }
                closeQuietly(eldest.getValue());
                return true;
            }
        };

        Statements(SQLiteConnection connection) {
            this.connection = connection;
        }

        @Override
        public PreparedStatement create(Connection conn, String sql, StatementContext ctx) throws SQLException {
            PreparedStatement kept = idle.remove(sql);
            PreparedStatement statement = kept != null && !kept.isClosed() ? kept : connection.prepareStatement(sql);
            inUse.put(statement, sql);
            return statement;
        }

        @Override
        public void close(Connection conn, String writtenSql, Statement statement) throws SQLException {
            String sql = inUse.remove(statement);
            if (sql == null) {
                statement.close();
                return;
            }
            var prepared = (PreparedStatement) statement;
            if (prepared.isClosed()) {
                return;
            }
            try {
                prepared.clearParameters();
            } catch (SQLException e) {
                closeQuietly(prepared);
                return;
            }
            PreparedStatement replaced = idle.put(sql, prepared);
            if (replaced != null && replaced != prepared) {
                closeQuietly(replaced);
            }
        }

        @Override
        public Statement create(Connection conn, StatementContext ctx) throws SQLException {
            return conn.createStatement();
        }

        @Override
        public CallableStatement createCall(Connection conn, String sql, StatementContext ctx) throws SQLException {
            return conn.prepareCall(sql);
        }

        private static void closeQuietly(Statement statement) {
            try {
                statement.close();
            } catch (SQLException e) {
                // the driver frees it with the connection at the latest
            }
        }
    }
}
