package dev.arca.server.database;

import dev.arca.api.DatabaseSecrets;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One row of {@code database_connections}: a database server of a vault, without its root password. */
record ConnectionRow(String id, String vaultId, String name, String plugin, String url, String username,
        List<String> allowedRoles, int maxOpenConnections, DatabaseSecrets.Tls tls, @Nullable String rootRotation,
        @Nullable Instant rootRotatedAt, Instant createdAt, Instant updatedAt) {

    /** Whether {@code role} may take credentials through this connection ({@code *} allows every role). */
    boolean allows(String role) {
        return allowedRoles.contains("*") || allowedRoles.contains(role);
    }

    DatabaseSecrets.Connection view() {
        return new DatabaseSecrets.Connection(id, name, plugin, url, username, allowedRoles, maxOpenConnections, tls,
                rootRotatedAt, createdAt, updatedAt);
    }

    /** What a cached client was opened for: a change of the row or of its password makes a new client. */
    String version() {
        return id + "@" + updatedAt.toEpochMilli();
    }
}
