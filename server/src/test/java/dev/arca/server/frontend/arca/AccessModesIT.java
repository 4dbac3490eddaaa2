package dev.arca.server.frontend.arca;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import dev.arca.server.route.Route;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seal as the pipeline enforces it, for every route the server declares: only {@link Route.Access#SEALED_OK}
 * routes are served while sealed or not initialized; every other one answers 503 {@code sealed} before its
 * handler runs — the handlers do not check the seal, so a route declared anonymous is refused by its declaration.
 */
class AccessModesIT {
    private static final Pattern PARAM = Pattern.compile("[{<][a-z_]+[}>]");

    @TempDir
    Path dir;
    TestServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anonymousRoutes_areTheOnesWhereACallerProvesWhoItIs() {
        server = TestServer.start(dir);
        // generating a root token: the unseal keys given are the proof
        assertThat(operations(Route.Access.ANONYMOUS)).containsExactlyInAnyOrder("machine.enroll", "auth.login",
                "client.token", "agent.challenge", "agent.session", "sys.generate-root.init",
                "sys.generate-root.status", "sys.generate-root.update", "sys.generate-root.cancel");
        List<String> sealedOk = operations(Route.Access.SEALED_OK);
        assertThat(sealedOk.stream().filter(operation -> !operation.startsWith("pki."))).containsExactlyInAnyOrder(
                "sys.health", "sys.seal-status", "sys.init", "sys.unseal",
                // a restore is an init from a snapshot: only into a server that was never initialized
                "sys.storage.snapshot.restore");
        // besides unsealing, only what a PKI publishes: CA certificates, CRLs and OCSP answers, all public by nature
        assertThat(sealedOk.stream().filter(operation -> operation.startsWith("pki.")))
                .isNotEmpty().allMatch(operation -> operation.matches("pki\\.(issuer\\.)?(ca|crl|ocsp)\\b.*"));
    }

    @Test
    void everyRouteButTheSealedOkOnes_answers503SealedWhileSealed() {
        server = TestServer.start(dir).initAndUnseal();
        assertThat(server.root("POST", "/v1/sys/seal", null).status()).isEqualTo(200);
        for (Route route : routesExcept(Route.Access.SEALED_OK)) {
            String token = route.access() == Route.Access.AUTHENTICATED ? server.rootToken : null;
            var response = server.call(route.method().name(), concrete(route), token, body(route));
            assertThat(response.status()).as(route.operation() + ": " + response.body()).isEqualTo(503);
            assertThat(response.errorCode()).as(route.operation()).isEqualTo("sealed");
            assertThat(response.json().path("error").path("message").asText()).as(route.operation())
                    .contains("arca operator unseal");
        }
    }

    @Test
    void everyRouteButTheSealedOkOnes_answers503SealedBeforeInit() {
        server = TestServer.start(dir);
        for (Route route : routesExcept(Route.Access.SEALED_OK)) {
            var response = server.call(route.method().name(), concrete(route), null, body(route));
            assertThat(response.status()).as(route.operation() + ": " + response.body()).isEqualTo(503);
            assertThat(response.errorCode()).as(route.operation()).isEqualTo("sealed");
            assertThat(response.json().path("error").path("message").asText()).as(route.operation())
                    .contains("arca operator init");
        }
    }

    @Test
    void sealedOkRoutes_answerWhileSealed() {
        server = TestServer.start(dir).initAndUnseal();
        server.root("POST", "/v1/sys/seal", null);
        var status = server.call("GET", "/v1/sys/seal-status", null, null);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().path("sealed").asBoolean()).isTrue();
        assertThat(server.unseal(server.unsealKeys.get(0)).status()).isEqualTo(200);
    }

    private List<String> operations(Route.Access access) {
        return server.routes().stream().filter(r -> r.access() == access).map(Route::operation).toList();
    }

    private List<Route> routesExcept(Route.Access access) {
        List<Route> routes = server.routes().stream().filter(r -> r.access() != access).toList();
        assertThat(routes).isNotEmpty();
        return routes;
    }

    /** The route's path with every parameter filled in: {@code /v1/vaults/default/secrets/app/db}. */
    private static String concrete(Route route) {
        return PARAM.matcher(route.path()).replaceAll("x");
    }

    /** A body that would be accepted as far as its shape goes, so only the seal can refuse it. */
    private static String body(Route route) {
        return route.method() == Route.Method.GET || route.method() == Route.Method.DELETE ? null : "{}";
    }
}
