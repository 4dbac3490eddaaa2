package dev.arca.server.use;

import static dev.arca.server.secrets.SecretAddress.path;
import static dev.arca.server.secrets.SecretAddress.vault;

import dev.arca.api.Egress;
import dev.arca.api.Use;
import dev.arca.server.identity.Permission;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Requirement;
import dev.arca.server.route.Route;
import dev.arca.server.secrets.SecretAddress;
import java.util.List;

/**
 * {@code POST …/secrets/{path}/use} and {@code GET|PUT …/secrets/{path}/egress} ({@code docs/API-use.md}). The
 * router matches them before the plain secret routes ({@code frontend.http.RouteOrder}), whose {@code <path>}
 * would otherwise take {@code …/egress} as part of a secret's path; as with {@code metadata}, a secret whose last segment is
 * {@code egress} cannot be written or read by path.
 *
 * <p>Reading the egress rules needs only {@code list}: where a secret may go is not the secret.
 */
public final class UseRoutes {
    private static final String BY_PATH = "/v1/vaults/{vault}/secrets/<path>";

    /** {@code http_header} answers the ready-made header, which reveals the value: {@code use:header} on top of use. */
    private static final Requirement HEADER_REVEALS_THE_VALUE = Requirement.when(
            call -> Use.HTTP_HEADER.equals(call.body(Use.Request.class).operation()),
            Requirement.permission(Permission.USE_HEADER, SecretAddress::resource));

    /**
     * Whoever decides where a secret goes can send it to their own listener and so learn its value: only a caller
     * who may read the value anyway ({@code egress} and {@code read}) or administers the path ({@code admin}). A
     * refusal names the first of {@code egress} and {@code read} that is missing.
     */
    private static final Requirement MAY_CHANGE_EGRESS = Requirement.allOf(SecretAddress::resource,
            Permission.EGRESS, Permission.READ).or(Requirement.permission(Permission.ADMIN, SecretAddress::resource));

    private UseRoutes() {}

    public static List<Route> routes(UseService use, EgressService egress) {
        return List.of(
                // reads only: an upstream call may take a minute and must not hold a write transaction meanwhile
                Route.post(BY_PATH + "/use").operation("secret.use")
                        .summary("Use a secret without retrieving it: an HTTP call with it injected, sign, verify, "
                                + "or (with use:header) the ready-made header")
                        .authenticated(Permission.USE, SecretAddress::resource).requires(HEADER_REVEALS_THE_VALUE)
                        .body(Use.Request.class).response(Object.class).readingOnly()
                        .handle(call -> Reply.ok(use.use(vault(call), path(call), call.body(Use.Request.class),
                                call))),
                Route.get(BY_PATH + "/egress").operation("secret.egress.read")
                        .summary("Where use http_request may send a secret (nothing until set)")
                        .authenticated(Permission.LIST, SecretAddress::resource).response(Egress.class)
                        .handle(call -> Reply.ok(egress.get(vault(call), path(call)))),
                Route.put(BY_PATH + "/egress").operation("secret.egress.update")
                        .summary("Replace where use http_request may send a secret (egress and read on it, or admin)")
                        .authenticated(MAY_CHANGE_EGRESS).body(Egress.Update.class).response(Egress.class)
                        .handle(call -> Reply.ok(egress.put(vault(call), path(call), call.body(Egress.Update.class),
                                call.caller(), call::audit))));
    }
}
