package dev.arca.server.database;

import dev.arca.server.database.plugin.DatabasePlugin;
import dev.arca.server.error.ArcaException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The database plugins a connection may name, by {@link DatabasePlugin#name}. */
final class Plugins {
    private final Map<String, DatabasePlugin> byName;

    Plugins(List<DatabasePlugin> plugins) {
        this.byName = plugins.stream().collect(Collectors.toUnmodifiableMap(DatabasePlugin::name,
                Function.identity()));
    }

    /** @throws ArcaException 400 naming the plugins there are */
    DatabasePlugin named(String name) {
        DatabasePlugin plugin = byName.get(name);
        if (plugin == null) {
            throw ArcaException.invalid("plugin", "plugin must be one of " + byName.keySet().stream().sorted()
                    .collect(Collectors.joining(", ")) + "; got " + name);
        }
        return plugin;
    }
}
