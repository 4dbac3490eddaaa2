package dev.arca.server.database;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.SecretText;
import dev.arca.server.database.plugin.ConnectionSettings;
import dev.arca.server.database.plugin.DatabaseClient;
import dev.arca.server.database.plugin.DatabaseException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One open {@link DatabaseClient} per connection, kept while the connection's row is unchanged: a changed row or
 * root password ({@link ConnectionRow#version}) opens a new client and closes the old one. Every client is closed
 * when the vault seals or the server stops.
 */
final class Clients implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final String ROOT_OWNER = "connection/";

    private record Open(String version, DatabaseClient client) {}

    private final Plugins plugins;
    private final RootPasswords passwords;
    private final Map<String, Open> open = new ConcurrentHashMap<>();

    Clients(Plugins plugins, RootPasswords passwords) {
        this.plugins = plugins;
        this.passwords = passwords;
    }

    static String rootOwner(String connectionId) {
        return ROOT_OWNER + connectionId;
    }

    /** The connection's client, logged in with its current root password. */
    DatabaseClient of(ConnectionRow row) {
        Open current = open.get(row.id());
        if (current != null && current.version().equals(row.version())) {
            return current.client();
        }
        DatabaseClient client = plugins.named(row.plugin()).open(settings(row,
                passwords.current(row.vaultId(), rootOwner(row.id()))));
        Open replaced = open.put(row.id(), new Open(row.version(), client));
        if (replaced != null && replaced.client() != client) {
            replaced.client().close();
        }
        return client;
    }

    /** A client for settings not yet saved (verifying a connection before it is stored); the caller closes it. */
    DatabaseClient scratch(String plugin, ConnectionSettings settings) {
        return plugins.named(plugin).open(settings);
    }

    /** Whether the connection's root user can log in with {@code password} (recovering an unfinished rotation). */
    boolean logsIn(ConnectionRow row, SecretText password) {
        return logsInAs(row, row.username(), password);
    }

    /**
     * Whether {@code username} can log in to the connection's server with {@code password}. A login refused is
     * {@code Unavailable}; a probe the user may not run (Redis {@code PING} without {@code +@connection}) still
     * means the login worked.
     */
    boolean logsInAs(ConnectionRow row, String username, SecretText password) {
        var as = new ConnectionRow(row.id(), row.vaultId(), row.name(), row.plugin(), row.url(), username,
                row.allowedRoles(), 1, row.tls(), null, null, row.createdAt(), row.updatedAt());
        try (DatabaseClient client = scratch(row.plugin(), settings(as, password))) {
            client.verify();
            return true;
        } catch (DatabaseException.Failed e) {
            return true;
        } catch (DatabaseException.Unavailable e) {
            return false;
        }
    }

    static ConnectionSettings settings(ConnectionRow row, SecretText password) {
        DatabaseSecrets.Tls tls = row.tls();
        return new ConnectionSettings(row.url(), row.username(), password, row.maxOpenConnections(), CONNECT_TIMEOUT,
                new ConnectionSettings.Tls(Boolean.TRUE.equals(tls.enabled()), tls.caPem(),
                        Boolean.TRUE.equals(tls.skipVerify())));
    }

    void evict(String connectionId) {
        Open removed = open.remove(connectionId);
        if (removed != null) {
            removed.client().close();
        }
    }

    @Override
    public void close() {
        open.keySet().forEach(this::evict);
    }
}
