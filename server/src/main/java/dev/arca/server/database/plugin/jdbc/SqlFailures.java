package dev.arca.server.database.plugin.jdbc;

import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.DatabaseException;
import dev.arca.server.database.plugin.Templates;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A driver's {@link SQLException} as a {@link DatabaseException}: {@code Unavailable} when the server could not be
 * reached or refused the login (SQLState class 08 or 28, or the pool timing out waiting for a connection),
 * {@code Failed} otherwise, with the database's own message and every password that was rendered taken out. The
 * driver's exception is not kept as the cause: MariaDB quotes the statement it could not parse, password and all.
 */
public final class SqlFailures {
    private SqlFailures() {}

    public static DatabaseException of(SQLException e, SecretText... passwords) {
        String message = Templates.scrub(messages(e), passwords);
        return unreachable(e) ? new DatabaseException.Unavailable(message, null)
                : new DatabaseException.Failed(message, null);
    }

    private static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && connectionOrAuthorization(sql)) {
                return true;
            }
        }
        SQLException next = e.getNextException();
        return next != null && connectionOrAuthorization(next);
    }

    private static boolean connectionOrAuthorization(SQLException e) {
        @Nullable String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("28"));
    }

    /** The exception's message and its causes', each once: the pool's timeout says little without its cause. */
    private static String messages(SQLException e) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                parts.add(t.getMessage());
            }
        }
        return parts.isEmpty() ? e.getClass().getSimpleName() : String.join(": ", parts);
    }
}
