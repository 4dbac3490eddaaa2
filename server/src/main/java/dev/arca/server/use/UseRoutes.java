package dev.arca.server.use;

import static dev.arca.server.secrets.SecretAddress.path;
import static dev.arca.server.secrets.SecretAddress.vault;

import dev.arca.api.Egress;
import dev.arca.api.Use;
import dev.arca.server.auth.Permission;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
import dev.arca.server.secrets.SecretAddress;
import java.util.List;

/**
 * {@code POST …/secrets/{path}/use} and {@code GET|PUT …/secrets/{path}/egress} ({@code docs/API-use.md}). These
 * must be declared before the plain secret routes, whose {@code <path>} would otherwise take {@code …/egress} as
 * part of a secret's path; as with {@code metadata}, a secret whose last segment is {@code egress} cannot be
 * written or read by path.
 */
public final class UseRoutes {
    private static final String BY_PATH = "/v1/vaults/{vault}/secrets/<path>";

    private UseRoutes() {}

    public static List<Route> routes(UseService use, EgressService egress) {
        return List.of(
                // reads only: an upstream call may take a minute and must not hold a write transaction meanwhile
                Route.guarded(Route.Method.POST, BY_PATH + "/use", "secret.use",
                        "Use a secret without retrieving it: an HTTP call with it injected, sign, verify, transit "
                                + "encrypt/decrypt/rewrap, or (with use:header) the ready-made header",
                        Permission.USE, SecretAddress::resource, Use.Request.class, Object.class,
                        call -> Reply.ok(use.use(vault(call), path(call), call.body(Use.Request.class), call)))
                        .readingOnly(),
                Route.guarded(Route.Method.GET, BY_PATH + "/egress", "secret.egress.read",
                        "Where use http_request may send a secret (nothing until set)", Permission.LIST,
                        SecretAddress::resource, null, Egress.class,
                        call -> Reply.ok(egress.get(vault(call), path(call)))),
                Route.guarded(Route.Method.PUT, BY_PATH + "/egress", "secret.egress.update",
                        "Replace where use http_request may send a secret", Permission.UPDATE, SecretAddress::resource,
                        Egress.Update.class, Egress.class,
                        call -> Reply.ok(egress.put(vault(call), path(call), call.body(Egress.Update.class),
                                call.caller()))));
    }
}
