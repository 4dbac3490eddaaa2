package dev.arca.server.pki;

import static dev.arca.server.pki.PkiResources.area;
import static dev.arca.server.pki.PkiResources.named;
import static dev.arca.server.pki.PkiResources.vault;

import dev.arca.api.Page;
import dev.arca.api.Pki;
import dev.arca.server.identity.Permission;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.List;

/**
 * The role routes ({@code …/pki/roles…}), authorized on {@code _pki/roles/{name}}. A PUT creates or replaces, and
 * needs {@code update} whether the role exists or not (as a secret's PUT does).
 */
final class RoleRoutes {
    static final String ROLES = "/v1/vaults/{vault}/pki/roles";
    static final String ROLE = ROLES + "/{role}";

    private RoleRoutes() {}

    static List<Route> routes(RoleService roles) {
        return List.of(
                Route.put(ROLE).operation("pki.role.write")
                        .summary("Create or replace a role: the names, keys, lifetimes and usages its certificates get")
                        .authenticated(Permission.UPDATE, named("roles", "role")).body(Pki.RoleWrite.class)
                        .response(Pki.Role.class)
                        .handle(call -> Reply.ok(roles.put(vault(call), call.pathParam("role"),
                                call.optionalBody(Pki.RoleWrite.class).orElseGet(RoleValidation::empty),
                                call.caller()))),
                Route.get(ROLES).operation("pki.role.list").summary("List the vault's PKI roles")
                        .authenticated(Permission.LIST, area("roles")).response(Page.class)
                        .handle(call -> Reply.ok(roles.list(vault(call)))),
                Route.get(ROLE).operation("pki.role.read").summary("Read a PKI role")
                        .authenticated(Permission.READ, named("roles", "role")).response(Pki.Role.class)
                        .handle(call -> Reply.ok(roles.get(vault(call), call.pathParam("role")))),
                Route.delete(ROLE).operation("pki.role.delete")
                        .summary("Delete a PKI role; certificates issued against it stay valid")
                        .authenticated(Permission.DELETE, named("roles", "role"))
                        .handle(call -> {
                            roles.delete(vault(call), call.pathParam("role"));
                            return Reply.noContent();
                        }));
    }
}
