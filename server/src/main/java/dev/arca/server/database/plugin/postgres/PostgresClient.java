package dev.arca.server.database.plugin.postgres;

import com.zaxxer.hikari.HikariDataSource;
import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.ConnectionSettings;
import dev.arca.server.database.plugin.DatabaseClient;
import dev.arca.server.database.plugin.NewUser;
import dev.arca.server.database.plugin.Templates;
import dev.arca.server.database.plugin.jdbc.JdbcPool;
import dev.arca.server.database.plugin.jdbc.ScratchUser;
import dev.arca.server.database.plugin.jdbc.ServerUrl;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL server, through a pool logged in as the connection's root user. PostgreSQL's DDL is
 * transactional, so a user's statements run in one transaction: a creation that fails midway leaves nothing, and
 * {@link #check} runs the statements for real and rolls them back.
 *
 * <p>Revocation without statements of the role's own: no new logins first ({@code NOLOGIN}, committed), then the
 * role's sessions terminated, then what it owns in this database given to the root user, its grants dropped and
 * the role dropped, in one transaction. Objects it owns in <em>other</em> databases keep the role alive; the
 * {@code DROP ROLE} then fails with PostgreSQL's message naming them.
 */
final class PostgresClient implements DatabaseClient {
    // By the role's oid, not its name: once the role is dropped its sessions show no usename any more.
    private static final String TERMINATE = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            + "WHERE usesysid = CAST(? AS oid) AND pid <> pg_backend_pid()";
    private static final List<String> DROP = List.of(
            "REASSIGN OWNED BY \"{{name}}\" TO CURRENT_USER",
            "DROP OWNED BY \"{{name}}\"",
            "DROP ROLE IF EXISTS \"{{name}}\"");
    private static final String SET_PASSWORD = "ALTER ROLE \"{{name}}\" WITH PASSWORD '{{password}}'";
    private static final SecretText NO_PASSWORD = SecretText.of("");
    /**
     * Granting or dropping a role's privileges rewrites the ACL of every table concerned in place (its pg_class
     * row), and two transactions doing so on the same tables at once fail with "tuple concurrently updated" or a
     * deadlock. So Arca's user transactions on one database take turns, by a transaction-scoped advisory lock
     * ("ArcaUser" in ASCII, apart from the storage's own locks).
     */
    private static final String TAKE_TURNS = "SELECT pg_advisory_xact_lock(" + 0x4172636155736572L + ")";

    private final HikariDataSource pool;
    private final PostgresTls tls;

    private PostgresClient(HikariDataSource pool, PostgresTls tls) {
        this.pool = pool;
        this.tls = tls;
    }

    static PostgresClient open(ConnectionSettings settings) {
        ServerUrl url = ServerUrl.parse(settings.url(), "postgresql", 5432);
        PostgresTls tls = PostgresTls.of(settings.tls());
        try {
            var properties = new HashMap<>(tls.properties());
            // pgjdbc counts whole seconds; a shorter timeout than one second would mean none at all (0).
            properties.put("connectTimeout", Long.toString(Math.max(1, settings.connectTimeout().toSeconds())));
            properties.put("ApplicationName", "arca");
            return new PostgresClient(JdbcPool.open("postgresql", url, url.jdbcUrl("postgresql"), settings,
                    properties), tls);
        } catch (RuntimeException e) {
            tls.deleteCaFile();
            throw e;
        }
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
            c.setAutoCommit(false);
            try {
                takeTurns(c);
                JdbcPool.execute(c, render(creation, scratch));
            } finally {
                c.rollback();
            }
        }, scratch.password());
    }

    @Override
    public void create(NewUser user, List<String> creation) {
        JdbcPool.run(pool, c -> {
            inTransaction(c, render(creation, user));
        }, user.password());
    }

    @Override
    public void renew(String username, Instant expiration, List<String> renew) {
        List<String> statements = (renew.isEmpty() ? PostgresPlugin.DEFAULTS.renew() : renew).stream()
                .map(s -> Templates.render(s, username, NO_PASSWORD, expiration)).toList();
        JdbcPool.run(pool, c -> {
            inTransaction(c, statements);
        });
    }

    @Override
    public void revoke(String username, List<String> revocation) {
        JdbcPool.run(pool, c -> {
            @Nullable Long oid = roleOid(c, username);
            if (revocation.isEmpty()) {
                if (oid == null) {
                    return;
                }
                JdbcPool.execute(c, List.of(Templates.render("ALTER ROLE \"{{name}}\" NOLOGIN", username)));
                terminateSessions(c, oid);
                inTransaction(c, DROP.stream().map(s -> Templates.render(s, username)).toList());
            } else {
                inTransaction(c, revocation.stream().map(s -> Templates.render(s, username)).toList());
                if (oid != null) {
                    terminateSessions(c, oid);
                }
            }
        });
    }

    @Override
    public boolean exists(String username) {
        return JdbcPool.call(pool, c -> roleOid(c, username) != null);
    }

    @Override
    public List<String> usersStartingWith(String prefix) {
        return JdbcPool.call(pool, c -> JdbcPool.strings(c,
                "SELECT rolname FROM pg_roles WHERE starts_with(rolname, ?) ORDER BY rolname", prefix));
    }

    @Override
    public void setPassword(String username, SecretText password, List<String> statements) {
        List<String> rendered = (statements.isEmpty() ? List.of(SET_PASSWORD) : statements).stream()
                .map(s -> Templates.render(s, username, password, Instant.now())).toList();
        JdbcPool.run(pool, c -> {
            inTransaction(c, rendered);
        }, password);
    }

    @Override
    public void close() {
        pool.close();
        tls.deleteCaFile();
    }

    private static List<String> render(List<String> statements, NewUser user) {
        return statements.stream().map(s -> Templates.render(s, user)).toList();
    }

    /**
     * Runs the statements as one transaction, its turn taken first; HikariCP puts auto-commit back when the
     * connection returns.
     */
    private static void inTransaction(Connection c, List<String> statements) throws SQLException {
        c.setAutoCommit(false);
        try {
            takeTurns(c);
            JdbcPool.execute(c, statements);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollbackFailed) {
                e.addSuppressed(rollbackFailed);
            }
            throw e;
        }
    }

    private static void takeTurns(Connection c) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement(TAKE_TURNS)) {
            lock.executeQuery().close();
        }
    }

    private static @Nullable Long roleOid(Connection c, String username) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT oid FROM pg_roles WHERE rolname = ?")) {
            query.setString(1, username);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    private static void terminateSessions(Connection c, long oid) throws SQLException {
        try (PreparedStatement terminate = c.prepareStatement(TERMINATE)) {
            terminate.setLong(1, oid);
            terminate.executeQuery().close();
        }
    }
}
