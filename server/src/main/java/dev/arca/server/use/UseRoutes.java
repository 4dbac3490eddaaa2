package dev.arca.server.use;

import static dev.arca.server.secrets.SecretAddress.path;
import static dev.arca.server.secrets.SecretAddress.vault;

import dev.arca.api.Egress;
import dev.arca.api.Use;
import dev.arca.server.auth.Permission;
import dev.arca.server.auth.Principal;
import dev.arca.server.auth.Resource;
import dev.arca.server.http.Call;
import dev.arca.server.http.Guard;
import dev.arca.server.http.Reply;
import dev.arca.server.http.Route;
import dev.arca.server.secrets.SecretAddress;
import java.util.List;

/**
 * {@code POST …/secrets/{path}/use} and {@code GET|PUT …/secrets/{path}/egress} ({@code docs/API-use.md}). The
 * router matches them before the plain secret routes ({@code http.RouteOrder}), whose {@code <path>} would otherwise
 * take {@code …/egress} as part of a secret's path; as with {@code metadata}, a secret whose last segment is
 * {@code egress} cannot be written or read by path.
 *
 * <p>Changing the egress is declared with {@link Permission#SELF} (which the pipeline grants to every principal) and
 * decides in {@link #mayChangeEgress}: it needs {@code egress} and {@code read}, or {@code admin}, a choice of
 * permissions one route declaration cannot express. Reading the rules needs only {@code list}: where a secret may go
 * is not the secret.
 */
public final class UseRoutes {
    private static final String BY_PATH = "/v1/vaults/{vault}/secrets/<path>";

    private UseRoutes() {}

    public static List<Route> routes(UseService use, EgressService egress, Guard guard) {
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
                        "Replace where use http_request may send a secret (egress and read on it, or admin)",
                        Permission.SELF, SecretAddress::resource, Egress.Update.class, Egress.class, call -> {
                            mayChangeEgress(call, guard);
                            return Reply.ok(egress.put(vault(call), path(call), call.body(Egress.Update.class),
                                    call.caller(), call::audit));
                        }));
    }

    /**
     * Whoever decides where a secret goes can send it to their own listener and so learn its value: only a caller
     * who may read the value anyway ({@code egress} and {@code read}) or administers the path ({@code admin}).
     * 403 naming the permission that is missing.
     */
    private static void mayChangeEgress(Call call, Guard guard) {
        Principal caller = call.caller();
        Resource secret = SecretAddress.resource(call);
        if (guard.permits(caller, secret, Permission.ADMIN, call.sourceIp())) {
            return;
        }
        guard.authorize(caller, secret, Permission.EGRESS, call.sourceIp());
        guard.authorize(caller, secret, Permission.READ, call.sourceIp());
    }
}
