package dev.arca.server.database;

import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.DatabaseException;
import dev.arca.server.database.plugin.Templates;
import dev.arca.server.error.ArcaException;
import java.util.List;

/**
 * The database users other engines rotate passwords of (the rotation engine's {@code database} policies): an
 * existing user of a vault's connection, given a new password and logged in with it. Nothing here keeps a
 * password; the caller stores it.
 */
public final class DatabaseUsers {
    private final ConnectionService connections;
    private final Clients clients;

    DatabaseUsers(ConnectionService connections, Clients clients) {
        this.connections = connections;
        this.clients = clients;
    }

    /** 409 unless the vault has connection {@code connection} and it has user {@code username}. */
    public void check(String vaultId, String connection, String username) {
        if (!Templates.isSafeName(username)) {
            throw ArcaException.conflict("'" + username + "' is not a database user name (letters, digits, '_', '.' "
                    + "or '-')");
        }
        ConnectionRow row = row(vaultId, connection);
        try {
            if (!clients.of(row).exists(username)) {
                throw ArcaException.conflict("database connection " + connection + " has no user " + username);
            }
        } catch (DatabaseException e) {
            throw Failures.answer(connection, e);
        }
    }

    /**
     * Gives {@code username} the password {@code password} through {@code statements} (the plugin's own when
     * empty).
     *
     * @throws Refused with the database's answer (never the password)
     */
    public void setPassword(String vaultId, String connection, String username, SecretText password,
            List<String> statements) {
        ConnectionRow row = row(vaultId, connection);
        try {
            clients.of(row).setPassword(username, password, statements);
        } catch (DatabaseException e) {
            throw new Refused(String.valueOf(e.getMessage()), e);
        }
    }

    /** Whether {@code username} logs in with {@code password} (false too when the database cannot be reached). */
    public boolean logsIn(String vaultId, String connection, String username, SecretText password) {
        return clients.logsInAs(row(vaultId, connection), username, password);
    }

    private ConnectionRow row(String vaultId, String connection) {
        try {
            return connections.usable(connections.row(vaultId, connection));
        } catch (ArcaException e) {
            throw ArcaException.conflict("no database connection " + connection + " in this vault");
        }
    }

    /** The database refused, or could not be reached for, a password change. */
    public static final class Refused extends RuntimeException {
        Refused(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
