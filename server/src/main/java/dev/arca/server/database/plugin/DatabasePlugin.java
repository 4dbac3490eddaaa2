package dev.arca.server.database.plugin;

/**
 * One kind of database the engine makes credentials in ({@code postgresql}, {@code mysql}, {@code redis}): its
 * name, the statements a role gets when it names none, and how to open a client to one server. A plugin holds no
 * state; each {@link DatabaseClient} it opens owns its own pool.
 */
public interface DatabasePlugin {
    /** The name a connection's {@code plugin} field uses. */
    String name();

    /** What a role of this plugin gets for each statement list it leaves empty, and its username template. */
    PluginDefaults defaults();

    /**
     * A client for one server, with its pool of at most {@code settings.maxOpenConnections()}. Opening checks
     * nothing; {@link DatabaseClient#verify} does.
     *
     * @throws DatabaseException.Invalid when the settings cannot describe a server of this plugin (bad URL)
     */
    DatabaseClient open(ConnectionSettings settings);
}
