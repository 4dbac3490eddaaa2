package dev.arca.server.frontend.acme;

import dev.arca.server.frontend.acme.JwsVerifier.Signer;
import dev.arca.server.route.Call;
import dev.arca.server.route.Reply;
import dev.arca.server.route.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The ACME door's route table (RFC 8555 §7.1): under each of a vault's directories ({@link AcmeScope}) the
 * directory, {@code new-nonce} (HEAD 200, GET 204), and the JWS-signed POSTs. Every route is anonymous to the
 * pipeline — limits, the seal, audit and the transaction still apply — and a POST's preparation, outside the write
 * transaction, resolves the directory, checks the JWS and spends its nonce (so a request that fails later has still
 * spent it), then returns the handler that writes; a POST-as-GET of a resource (order, authorization, certificate,
 * order list) holds no write transaction at all. Every answer carries a fresh {@code Replay-Nonce} and a
 * {@code Link} to its directory.
 */
final class AcmeRoutes {
    /** What one signed endpoint does once its JWS verified: checks, then the handler that writes. */
    @FunctionalInterface
    interface Endpoint {
        Route.Handler prepare(AcmeDirectory dir, JwsVerifier.Signed signed, Call call) throws Exception;
    }

    private final AcmeServer server;

    private AcmeRoutes(AcmeServer server) {
        this.server = server;
    }

    static List<Route> routes(AcmeServer server) {
        var table = new AcmeRoutes(server);
        var routes = new ArrayList<Route>();
        for (AcmeScope scope : AcmeScope.ALL) {
            routes.addAll(table.scope(scope));
        }
        return List.copyOf(routes);
    }

    private List<Route> scope(AcmeScope scope) {
        String p = scope.template();
        AcmeAccounts accounts = server.accounts();
        AcmeOrders orders = server.orders();
        AcmeCertificates certificates = server.certificates();
        return List.of(
                Route.get(p + "/directory").operation("acme.directory")
                        .summary("The ACME directory (RFC 8555 §7.1.1)").anonymous()
                        .handle(call -> {
                            AcmeDirectory dir = server.directory(call, scope);
                            return answered(dir, Reply.ok(directory(dir)));
                        }),
                Route.get(p + "/renewal-info/{id}").operation("acme.renewal-info")
                        .summary("When to renew a certificate (RFC 9773 renewalInfo)").anonymous()
                        .handle(call -> {
                            AcmeDirectory dir = server.directory(call, scope);
                            return answered(dir, certificates.renewalInfo(dir, call.pathParam("id")));
                        }),
                Route.head(p + "/new-nonce").operation("acme.new-nonce.head")
                        .summary("A fresh nonce in Replay-Nonce (RFC 8555 §7.2)").anonymous()
                        .handle(call -> answered(server.directory(call, scope), new Reply(200, null, null))),
                Route.get(p + "/new-nonce").operation("acme.new-nonce")
                        .summary("A fresh nonce in Replay-Nonce (RFC 8555 §7.2)").anonymous()
                        .handle(call -> answered(server.directory(call, scope), Reply.noContent())),
                signed(scope, "new-account", Signer.KEY, call -> "/new-account",
                        (dir, jws, call) -> accounts.newAccount(dir, jws)),
                signed(scope, "account", Signer.ACCOUNT, call -> "/account/" + call.pathParam("id"),
                        (dir, jws, call) -> accounts.account(dir, jws, call.pathParam("id"))),
                reading(scope, "account/orders", Signer.ACCOUNT,
                        call -> "/account/" + call.pathParam("id") + "/orders",
                        (dir, jws, call) -> orders.list(dir, jws, call.pathParam("id"))),
                signed(scope, "key-change", Signer.ACCOUNT, call -> "/key-change",
                        (dir, jws, call) -> accounts.keyChange(dir, jws, server.verifier())),
                signed(scope, "new-order", Signer.ACCOUNT, call -> "/new-order",
                        (dir, jws, call) -> orders.newOrder(dir, jws)),
                reading(scope, "order", Signer.ACCOUNT, call -> "/order/" + call.pathParam("id"),
                        (dir, jws, call) -> orders.order(dir, jws, call.pathParam("id"))),
                signed(scope, "order/finalize", Signer.ACCOUNT,
                        call -> "/order/" + call.pathParam("id") + "/finalize",
                        (dir, jws, call) -> certificates.finalizeOrder(dir, jws, call.pathParam("id"))),
                reading(scope, "order/cert", Signer.ACCOUNT, call -> "/order/" + call.pathParam("id") + "/cert",
                        (dir, jws, call) -> certificates.download(dir, jws, call.pathParam("id"))),
                reading(scope, "authz", Signer.ACCOUNT, call -> "/authz/" + call.pathParam("id"),
                        (dir, jws, call) -> orders.authz(dir, jws, call.pathParam("id"))),
                signed(scope, "challenge", Signer.ACCOUNT,
                        call -> "/challenge/" + call.pathParam("authz") + "/" + call.pathParam("type"),
                        (dir, jws, call) -> orders.challenge(dir, jws, call.pathParam("authz"),
                                call.pathParam("type"))),
                signed(scope, "revoke-cert", Signer.EITHER, call -> "/revoke-cert",
                        (dir, jws, call) -> certificates.revoke(dir, jws)));
    }

    /** A signed POST that writes: {@code name} is its path under the directory with {@code {id}}-style parameters. */
    private Route signed(AcmeScope scope, String name, Signer signer, Function<Call, String> suffix,
            Endpoint endpoint) {
        return declared(scope, name).prepareThenHandle(call -> prepare(scope, signer, suffix, endpoint, call));
    }

    /**
     * A signed POST-as-GET of a resource: it changes nothing but its nonce, which {@link Nonces#spend} removes in a
     * write of its own, so it holds no write transaction (on SQLite, the one writer lock) while clients poll.
     */
    private Route reading(AcmeScope scope, String name, Signer signer, Function<Call, String> suffix,
            Endpoint endpoint) {
        return declared(scope, name).readingOnly()
                .handle(call -> prepare(scope, signer, suffix, endpoint, call).handle(call));
    }

    private static Route.Builder declared(AcmeScope scope, String name) {
        return Route.post(scope.template() + "/" + path(name)).operation("acme." + name.replace('/', '.'))
                .summary("ACME " + name + " (RFC 8555), a JWS-signed POST").anonymous();
    }

    /** Resolves the directory, checks the JWS and spends its nonce, then the endpoint's checks: its handler. */
    private Route.Handler prepare(AcmeScope scope, Signer signer, Function<Call, String> suffix, Endpoint endpoint,
            Call call) throws Exception {
        AcmeDirectory dir = server.directory(call, scope);
        JwsVerifier.Signed jws = server.verifier().verify(call.rawBody(), call.header("content-type"),
                dir.urls().base() + suffix.apply(call), dir.urls(), dir.vaultId(), signer);
        Route.Handler handler = endpoint.prepare(dir, jws, call);
        return answering -> answered(dir, handler.handle(answering));
    }

    /** The route path of an endpoint name: {@code order/finalize} → {@code order/{id}/finalize}. */
    private static String path(String name) {
        return switch (name) {
            case "account", "order", "authz" -> name + "/{id}";
            case "account/orders" -> "account/{id}/orders";
            case "order/finalize" -> "order/{id}/finalize";
            case "order/cert" -> "order/{id}/cert";
            case "challenge" -> "challenge/{authz}/{type}";
            default -> name;
        };
    }

    /** The answer with what every ACME answer carries: a fresh nonce and the directory link. */
    private Reply answered(AcmeDirectory dir, Reply reply) {
        return reply.withHeader("Replay-Nonce", server.nonces().mint())
                .withHeader("Link", "<" + dir.urls().directory() + ">;rel=\"index\"");
    }

    private static Map<String, Object> directory(AcmeDirectory dir) {
        var directory = new LinkedHashMap<String, Object>();
        directory.put("newNonce", dir.urls().newNonce());
        directory.put("newAccount", dir.urls().newAccount());
        directory.put("newOrder", dir.urls().newOrder());
        directory.put("revokeCert", dir.urls().revokeCert());
        directory.put("keyChange", dir.urls().keyChange());
        directory.put("renewalInfo", dir.urls().renewalInfo());
        directory.put("meta", Map.of("externalAccountRequired", dir.config().eabRequiredForNewAccount()));
        return directory;
    }
}
