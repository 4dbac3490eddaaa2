package dev.arca.server.database.plugin.mysql;

import dev.arca.server.database.plugin.ConnectionSettings;
import dev.arca.server.database.plugin.DatabaseClient;
import dev.arca.server.database.plugin.DatabasePlugin;
import dev.arca.server.database.plugin.PluginDefaults;
import java.util.List;

/**
 * MariaDB and MySQL ({@code mysql://host:port[/db]}), through the MariaDB driver. The revocation default is empty
 * on purpose: a role that names no revocation statements gets {@link MysqlClient}'s own sequence, which kills
 * the user's connections. Renewal has no default: MariaDB has no absolute expiry to move.
 */
public final class MysqlPlugin implements DatabasePlugin {
    static final PluginDefaults DEFAULTS = new PluginDefaults(
            List.of("CREATE USER '{{name}}'@'%' IDENTIFIED BY '{{password}}';",
                    "GRANT SELECT ON *.* TO '{{name}}'@'%';"),
            List.of(),
            List.of(),
            List.of("DROP USER IF EXISTS '{{name}}'@'%';"),
            "v_{{role}}_{{random 10}}_{{unix_time}}",
            80);

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public PluginDefaults defaults() {
        return DEFAULTS;
    }

    @Override
    public DatabaseClient open(ConnectionSettings settings) {
        return MysqlClient.open(settings);
    }
}
