package dev.arca.server.database.plugin.postgres;

import dev.arca.server.database.plugin.ConnectionSettings;
import dev.arca.server.database.plugin.DatabaseClient;
import dev.arca.server.database.plugin.DatabasePlugin;
import dev.arca.server.database.plugin.PluginDefaults;
import java.util.List;

/**
 * PostgreSQL ({@code postgresql://host:port/db}). Its revocation default is empty on purpose: a role that names no
 * revocation statements gets {@link PostgresClient}'s own sequence, which needs a parameterised query no template
 * can express.
 */
public final class PostgresPlugin implements DatabasePlugin {
    static final PluginDefaults DEFAULTS = new PluginDefaults(
            List.of("CREATE ROLE \"{{name}}\" WITH LOGIN PASSWORD '{{password}}' VALID UNTIL '{{expiration}}';",
                    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO \"{{name}}\";"),
            List.of(),
            List.of("ALTER ROLE \"{{name}}\" VALID UNTIL '{{expiration}}';"),
            List.of("DROP ROLE IF EXISTS \"{{name}}\";"),
            "v_{{role}}_{{random 10}}_{{unix_time}}",
            63);

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public PluginDefaults defaults() {
        return DEFAULTS;
    }

    @Override
    public DatabaseClient open(ConnectionSettings settings) {
        return PostgresClient.open(settings);
    }
}
