package dev.arca.server.database;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.database.plugin.DatabasePlugin;
import org.junit.jupiter.api.Test;

/** The server ships the three plugins {@code docs/API-database.md} names, under the names connections give. */
class DatabasePluginsTest {
    @Test
    void all_arePostgresqlMysqlAndRedis() {
        assertThat(DatabasePlugins.all()).extracting(DatabasePlugin::name)
                .containsExactly("postgresql", "mysql", "redis");
    }
}
