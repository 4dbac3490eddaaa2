package dev.arca.server.database;

import static dev.arca.server.database.DatabaseResources.area;
import static dev.arca.server.database.DatabaseResources.named;
import static dev.arca.server.database.DatabaseResources.vault;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.Page;
import dev.arca.server.identity.Permission;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;

/**
 * Connections ({@code …/database/config/{name}}, {@code …/database/rotate-root/{name}}), authorized on
 * {@code _database/config/{name}}. Logging in to the database runs before the request's write transaction.
 */
final class ConnectionRoutes {
    private static final String CONFIG = DatabaseEngine.PREFIX + "/config";
    private static final String ONE = CONFIG + "/{name}";

    private ConnectionRoutes() {}

    static List<Route> routes(ConnectionService connections) {
        return List.of(
                Route.put(ONE).operation("database.config.write")
                        .summary("Create or replace a database connection (verified by logging in unless told not to)")
                        .authenticated(Permission.UPDATE, named("config", "name"))
                        .body(DatabaseSecrets.ConnectionWrite.class).response(DatabaseSecrets.Connection.class)
                        .prepareThenHandle(call -> {
                            var stored = connections.preparePut(vault(call), call.pathParam("name"),
                                    call.body(DatabaseSecrets.ConnectionWrite.class), call.caller().subject());
                            return inTransaction -> Reply.ok(stored.get());
                        }),
                Route.get(CONFIG).operation("database.config.list").summary("List the vault's database connections")
                        .authenticated(Permission.LIST, area("config")).response(Page.class)
                        .handle(call -> Reply.ok(new Page<>(connections.list(vault(call)), false, null))),
                Route.get(ONE).operation("database.config.read").summary("Read a database connection (never its password)")
                        .authenticated(Permission.READ, named("config", "name"))
                        .response(DatabaseSecrets.Connection.class)
                        .handle(call -> Reply.ok(connections.get(vault(call), call.pathParam("name")))),
                Route.delete(ONE).operation("database.config.delete")
                        .summary("Delete a database connection no role names and no lease still needs")
                        .authenticated(Permission.DELETE, named("config", "name"))
                        .handle(call -> {
                            connections.delete(vault(call), call.pathParam("name"));
                            return Reply.noContent();
                        }),
                Route.post(ONE + "/verify").operation("database.config.verify")
                        .summary("Log in to the database now")
                        .authenticated(Permission.READ, named("config", "name"))
                        .prepareThenHandle(call -> {
                            connections.verify(vault(call), call.pathParam("name"));
                            return inTransaction -> Reply.noContent();
                        }),
                Route.post(DatabaseEngine.PREFIX + "/rotate-root/{name}").operation("database.rotate-root")
                        .summary("Give the connection's root user a new password only Arca knows")
                        .authenticated(Permission.UPDATE, named("config", "name"))
                        .response(DatabaseSecrets.RootRotated.class)
                        .prepareThenHandle(call -> {
                            var rotated = connections.rotateRoot(vault(call), call.pathParam("name"),
                                    call.caller().subject());
                            return inTransaction -> Reply.ok(rotated.get());
                        }));
    }
}
