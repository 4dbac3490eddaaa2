package dev.arca.server.frontend.acme;

import static dev.arca.server.frontend.acme.AcmeServerProtocolIT.PKI;
import static dev.arca.server.frontend.acme.AcmeServerProtocolIT.assertProblem;
import static dev.arca.server.frontend.acme.AcmeServerProtocolIT.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.arca.server.TestServer;
import dev.arca.server.storage.TestDatabases;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two Arca nodes on one PostgreSQL database (127.0.0.1:5432; skipped loudly when absent, failing with
 * {@code ARCA_REQUIRE_POSTGRES=1}) serve one ACME directory, as behind a load balancer: a nonce minted by either
 * node is good once on any node (certwarden#49: nonces kept per node give random badNonce), and an account, its
 * orders and their validations are the same on both. The nodes listen on different ports, so a client speaking to
 * node B names B's URLs; the account id in its kid is the one node A made.
 */
class AcmeNoncesPostgresIT {
    @TempDir
    static Path dir;
    static TestServer a;
    static TestServer b;
    static HttpServer responder;
    static final Map<String, String> answers = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        Optional<String> postgres = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(postgres.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        responder = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        responder.createContext("/.well-known/acme-challenge/", exchange -> {
            String answer = answers.get(exchange.getRequestURI().getPath().substring(
                    "/.well-known/acme-challenge/".length()));
            byte[] body = (answer == null ? "no such token" : answer).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        responder.start();
        var settings = Map.of("storage", postgres.get(), "acme_private_ranges", "127.0.0.0/8",
                "acme_http01_port", String.valueOf(responder.getAddress().getPort()));
        a = TestServer.start(dir.resolve("a"), settings).initAndUnseal();
        b = TestServer.start(dir.resolve("b"), settings);
        a.unsealKeys.subList(0, 3).forEach(b::unseal);
        expect(201, a.root("POST", PKI + "/issuers/root", "{\"name\":\"root\",\"common_name\":\"ACME PG Root\"}"));
        expect(200, a.root("PUT", PKI + "/config/acme", "{\"enabled\":true,\"eab_policy\":\"not-required\"}"));
    }

    @AfterAll
    static void stop() {
        if (responder != null) {
            responder.stop(0);
        }
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void nonceMintedByOneNode_isAcceptedByTheOther_andReplayedAtTheFirstIsBadNonceWithAFreshNonce() {
        var atA = directory(a);
        var atB = directory(b);
        String nonce = atA.nonce();
        var payload = Map.<String, Object>of("termsOfServiceAgreed", true);
        String urlB = atB.url("newAccount");
        var created = AcmeTestClient.send("POST", urlB, AcmeTestClient.signed(atB.key,
                AcmeTestClient.header(nonce, urlB).jwk(atB.key.toPublicJWK()), payload));
        assertThat(created.status()).isEqualTo(201);

        String urlA = atA.url("newAccount");
        var replayed = AcmeTestClient.send("POST", urlA, AcmeTestClient.signed(atB.key,
                AcmeTestClient.header(nonce, urlA).jwk(atB.key.toPublicJWK()), payload));
        assertProblem(replayed, 400, "badNonce");
        String fresh = replayed.header("Replay-Nonce");
        assertThat(fresh).isNotBlank().isNotEqualTo(nonce);
        // the refusal's fresh nonce, minted by A, is good at B
        var retried = AcmeTestClient.send("POST", urlB, AcmeTestClient.signed(atB.key,
                AcmeTestClient.header(fresh, urlB).jwk(atB.key.toPublicJWK()), payload));
        assertThat(retried.status()).isEqualTo(200);
        assertThat(retried.header("Location")).isEqualTo(created.header("Location"));
    }

    @Test
    void accountOpenedAtOneNode_ordersValidatesAndIsIssuedThroughBoth() throws Exception {
        var atA = directory(a);
        atA.register();
        var atB = directory(b);
        atB.key = atA.key;
        atB.kid = atA.kid.replace(a.address(), b.address());

        var placed = expect(201, atB.post(atB.url("newOrder"), AcmeServerProtocolIT.ipOrder("127.0.0.1")));
        String orderId = placed.header("Location").substring(placed.header("Location").lastIndexOf('/') + 1);
        JsonNode order = expect(200, atA.post(atA.url("newOrder").replace("new-order", "order/" + orderId), null))
                .json();
        String authzAtA = order.path("authorizations").get(0).asText();
        JsonNode challenge = http01(expect(200, atA.post(authzAtA, null)).json());
        String token = challenge.path("token").asText();
        answers.put(token, token + "." + atA.key.computeThumbprint());
        expect(200, atB.post(challenge.path("url").asText().replace(a.address(), b.address()), Map.of()));
        assertThat(awaitNotPending(atA, authzAtA)).isEqualTo("valid");

        var ready = expect(200, atA.post(order.path("finalize").asText().replace("/finalize", ""), null)).json();
        assertThat(ready.path("status").asText()).isEqualTo("ready");
        var issued = expect(200, atB.post(ready.path("finalize").asText().replace(a.address(), b.address()),
                Map.of("csr", AcmeServerProtocolIT.csr("127.0.0.1")))).json();
        assertThat(issued.path("status").asText()).isEqualTo("valid");
        var download = expect(200, atA.post(issued.path("certificate").asText().replace(b.address(), a.address()),
                null));
        assertThat(download.body()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    private static AcmeTestClient directory(TestServer node) {
        return new AcmeTestClient(node.address() + PKI + "/acme/directory");
    }

    private static String awaitNotPending(AcmeTestClient client, String authzUrl) throws InterruptedException {
        for (int polls = 0; polls < 300; polls++) {
            String status = expect(200, client.post(authzUrl, null)).json().path("status").asText();
            if (!"pending".equals(status)) {
                return status;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the authorization stayed pending");
    }

    private static JsonNode http01(JsonNode authz) {
        for (var challenge : authz.path("challenges")) {
            if (challenge.path("type").asText().equals("http-01")) {
                return challenge;
            }
        }
        throw new AssertionError("no http-01 challenge in " + authz);
    }
}
