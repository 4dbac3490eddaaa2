package dev.arca.server.database;

import dev.arca.server.database.plugin.DatabasePlugin;
import dev.arca.server.database.plugin.mysql.MysqlPlugin;
import dev.arca.server.database.plugin.postgres.PostgresPlugin;
import dev.arca.server.database.plugin.redis.RedisPlugin;
import java.util.List;

/** The plugins the server ships: PostgreSQL, MariaDB/MySQL and Redis. */
public final class DatabasePlugins {
    private DatabasePlugins() {}

    public static List<DatabasePlugin> all() {
        return List.of(new PostgresPlugin(), new MysqlPlugin(), new RedisPlugin());
    }
}
