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
 * Static roles ({@code …/database/static-roles/{name}}, {@code …/static-creds/{name}}, {@code …/rotate-role/{name}}),
 * authorized on {@code _database/static-roles/{name}} and {@code _database/static-creds/{name}}. Setting a password
 * talks to the database, so those routes run outside the request's write transaction (each step commits its own,
 * password written ahead first).
 */
final class StaticRoleRoutes {
    private static final String ROLES = DatabaseEngine.PREFIX + "/static-roles";
    private static final String ROLE = ROLES + "/{name}";

    private StaticRoleRoutes() {}

    static List<Route> routes(StaticRoleService roles) {
        return List.of(
                Route.put(ROLE).operation("database.static-role.write")
                        .summary("Create a static role: Arca sets the existing user's password now and every period")
                        .authenticated(Permission.UPDATE, named("static-roles", "name"))
                        .body(DatabaseSecrets.StaticRoleWrite.class).response(DatabaseSecrets.StaticRole.class)
                        .prepareThenHandle(call -> {
                            var role = roles.put(vault(call), call.pathParam("name"),
                                    call.body(DatabaseSecrets.StaticRoleWrite.class), call.caller().subject());
                            return inTransaction -> Reply.ok(role);
                        }),
                Route.get(ROLES).operation("database.static-role.list").summary("List the vault's static roles")
                        .authenticated(Permission.LIST, area("static-roles")).response(Page.class)
                        .handle(call -> Reply.ok(new Page<>(roles.list(vault(call)), false, null))),
                Route.get(ROLE).operation("database.static-role.read").summary("Read a static role (not its password)")
                        .authenticated(Permission.READ, named("static-roles", "name"))
                        .response(DatabaseSecrets.StaticRole.class)
                        .handle(call -> Reply.ok(roles.get(vault(call), call.pathParam("name")))),
                Route.delete(ROLE).operation("database.static-role.delete")
                        .summary("Delete a static role: Arca forgets the password, the user stays in the database")
                        .authenticated(Permission.DELETE, named("static-roles", "name"))
                        .prepareThenHandle(call -> {
                            roles.delete(vault(call), call.pathParam("name"));
                            return inTransaction -> Reply.noContent();
                        }),
                Route.get(DatabaseEngine.PREFIX + "/static-creds/{name}").operation("database.static-creds")
                        .summary("The static role's user and its current password")
                        .authenticated(Permission.READ, named("static-creds", "name"))
                        .response(DatabaseSecrets.StaticCredentials.class)
                        .handle(call -> Reply.ok(roles.credentials(vault(call), call.pathParam("name")))),
                Route.post(DatabaseEngine.PREFIX + "/rotate-role/{name}").operation("database.rotate-role")
                        .summary("Give a static role's user a new password now")
                        .authenticated(Permission.UPDATE, named("static-roles", "name"))
                        .response(DatabaseSecrets.StaticRole.class)
                        .prepareThenHandle(call -> {
                            var role = roles.rotateNow(vault(call), call.pathParam("name"), call.caller().subject());
                            return inTransaction -> Reply.ok(role);
                        }));
    }
}
