package dev.arca.server.database.plugin;

import java.util.List;

/**
 * A plugin's statements for a role that names none, and its username template and limit. For the SQL plugins each
 * list holds SQL statements with {@code {{name}}}, {@code {{password}}} and {@code {{expiration}}} placeholders;
 * for Redis, {@code creation} holds ACL rules ({@code ~*}, {@code +@read}).
 *
 * @param maxUsernameLength the longest user name the server accepts (PostgreSQL 63, MariaDB 80, Redis none)
 */
public record PluginDefaults(List<String> creation, List<String> revocation, List<String> renew,
        List<String> rollback, String usernameTemplate, int maxUsernameLength) {
    public PluginDefaults {
        creation = List.copyOf(creation);
        revocation = List.copyOf(revocation);
        renew = List.copyOf(renew);
        rollback = List.copyOf(rollback);
    }
}
