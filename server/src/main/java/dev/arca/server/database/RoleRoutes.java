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

/** Dynamic roles ({@code …/database/roles/{name}}), authorized on {@code _database/roles/{name}}. */
final class RoleRoutes {
    private static final String ROLES = DatabaseEngine.PREFIX + "/roles";
    private static final String ROLE = ROLES + "/{name}";

    private RoleRoutes() {}

    static List<Route> routes(RoleService roles) {
        return List.of(
                Route.put(ROLE).operation("database.role.write")
                        .summary("Create or replace a dynamic role (its creation statements checked against the "
                                + "database)")
                        .authenticated(Permission.UPDATE, named("roles", "name"))
                        .body(DatabaseSecrets.RoleWrite.class).response(DatabaseSecrets.Role.class)
                        .prepareThenHandle(call -> {
                            var stored = roles.preparePut(vault(call), call.pathParam("name"),
                                    call.body(DatabaseSecrets.RoleWrite.class));
                            return inTransaction -> Reply.ok(stored.get());
                        }),
                Route.get(ROLES).operation("database.role.list").summary("List the vault's dynamic database roles")
                        .authenticated(Permission.LIST, area("roles")).response(Page.class)
                        .handle(call -> Reply.ok(new Page<>(roles.list(vault(call)), false, null))),
                Route.get(ROLE).operation("database.role.read").summary("Read a dynamic database role")
                        .authenticated(Permission.READ, named("roles", "name")).response(DatabaseSecrets.Role.class)
                        .handle(call -> Reply.ok(roles.get(vault(call), call.pathParam("name")))),
                Route.delete(ROLE).operation("database.role.delete")
                        .summary("Delete a dynamic role; its leases still revoke as they were issued")
                        .authenticated(Permission.DELETE, named("roles", "name"))
                        .handle(call -> {
                            roles.delete(vault(call), call.pathParam("name"));
                            return Reply.noContent();
                        }));
    }
}
