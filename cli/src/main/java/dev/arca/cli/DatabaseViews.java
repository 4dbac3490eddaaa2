package dev.arca.cli;

import dev.arca.api.DatabaseSecrets;
import java.io.PrintWriter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** How {@code arca database} shows the engine's records to people: short name/value tables and lists. */
final class DatabaseViews {
    private static final String PLUGIN_DEFAULT = "(plugin default)";

    private DatabaseViews() {}

    static void connection(PrintWriter out, DatabaseSecrets.Connection connection) {
        new Table().row("NAME", connection.name()).row("ID", connection.id()).row("PLUGIN", connection.plugin())
                .row("URL", connection.connectionUrl()).row("USERNAME", connection.username())
                .row("ALLOWED ROLES", join(connection.allowedRoles()))
                .row("MAX OPEN", connection.maxOpenConnections()).row("TLS", tls(connection.tls()))
                .row("ROOT ROTATED", connection.rootRotatedAt()).row("CREATED", connection.createdAt())
                .row("UPDATED", connection.updatedAt()).print(out);
    }

    static void connections(PrintWriter out, List<DatabaseSecrets.Connection> connections) {
        var table = new Table("NAME", "PLUGIN", "URL", "USERNAME", "ALLOWED ROLES", "TLS");
        connections.forEach(c -> table.row(c.name(), c.plugin(), c.connectionUrl(), c.username(),
                join(c.allowedRoles()), tls(c.tls())));
        table.print(out);
    }

    /** A role, each statement on a line of its own so that long SQL stays readable. */
    static void role(PrintWriter out, DatabaseSecrets.Role role) {
        var table = new Table().row("NAME", role.name()).row("ID", role.id()).row("CONNECTION", role.connection());
        statements(table, "CREATION", role.creationStatements());
        statements(table, "REVOCATION", role.revocationStatements());
        statements(table, "RENEW", role.renewStatements());
        statements(table, "ROLLBACK", role.rollbackStatements());
        table.row("USERNAME TEMPLATE", role.usernameTemplate())
                .row("PASSWORD LENGTH", role.passwordPolicy().length()).row("DEFAULT TTL", role.defaultTtl())
                .row("MAX TTL", role.maxTtl()).row("UPDATED", role.updatedAt()).print(out);
    }

    static void roles(PrintWriter out, List<DatabaseSecrets.Role> roles) {
        var table = new Table("NAME", "CONNECTION", "DEFAULT TTL", "MAX TTL", "USERNAME TEMPLATE");
        roles.forEach(r -> table.row(r.name(), r.connection(), r.defaultTtl(), r.maxTtl(), r.usernameTemplate()));
        table.print(out);
    }

    /** A static role: never its password (that is {@code static-creds}), but why its last rotation failed. */
    static void staticRole(PrintWriter out, DatabaseSecrets.StaticRole role) {
        var table = new Table().row("NAME", role.name()).row("ID", role.id()).row("CONNECTION", role.connection())
                .row("USERNAME", role.username()).row("ROTATION PERIOD", role.rotationPeriod());
        statements(table, "STATEMENTS", role.rotationStatements());
        table.row("LAST ROTATED", role.lastRotatedAt()).row("NEXT ROTATION", role.nextRotationAt())
                .row("LAST ERROR", role.lastError()).row("UPDATED", role.updatedAt()).print(out);
    }

    static void staticRoles(PrintWriter out, List<DatabaseSecrets.StaticRole> roles) {
        var table = new Table("NAME", "CONNECTION", "USERNAME", "ROTATION PERIOD", "NEXT ROTATION", "LAST ERROR");
        roles.forEach(r -> table.row(r.name(), r.connection(), r.username(), r.rotationPeriod(), r.nextRotationAt(),
                r.lastError()));
        table.print(out);
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    private static void statements(Table table, String label, List<String> statements) {
        if (statements.isEmpty()) {
            table.row(label, PLUGIN_DEFAULT);
            return;
        }
        for (int i = 0; i < statements.size(); i++) {
            table.row(i == 0 ? label : "", statements.get(i));
        }
    }

    private static String tls(DatabaseSecrets.Tls tls) {
        if (!Boolean.TRUE.equals(tls.enabled())) {
            return "off";
        }
        if (Boolean.TRUE.equals(tls.skipVerify())) {
            return "on, certificate not checked";
        }
        return tls.caPem() == null ? "on" : "on, own CA";
    }

    /** The items comma-separated; null for none, which a table shows as {@code -}. */
    private static @Nullable String join(@Nullable List<String> items) {
        return items == null || items.isEmpty() ? null : String.join(",", items);
    }
}
