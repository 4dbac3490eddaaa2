package dev.arca.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.util.CSRBuilder;

/**
 * {@code acme-order} (issue 2·7's figures): complete ACME orders through the vault's ACME server, each client an
 * acme4j account of its own — newOrder, the authorization, an {@code http-01} challenge answered by a responder on
 * loopback, finalize with a CSR, the certificate downloaded. It prints the orders per second and the p95 of
 * {@code newOrder} and {@code finalize} on their own.
 */
final class AcmeScenarios {
    private static final Set<Status> DONE = EnumSet.of(Status.VALID, Status.INVALID);

    private AcmeScenarios() {}

    static Scenario order() {
        return new Scenario() {
            @Override
            public String name() {
                return "acme-order";
            }

            @Override
            public String description() {
                return "a complete ACME order (newOrder, http-01 on a loopback responder, finalize, certificate) "
                        + "per request, each client its own account";
            }

            @Override
            public String unsupported(Target target) {
                return target.acmeHttp01Port().isEmpty()
                        ? "its challenge responder must listen where the server validates http-01, so it runs only on "
                                + "a server the bench starts" : null;
            }

            @Override
            public Result run(Fixture fixture, Settings settings) throws Exception {
                return measure(fixture, settings);
            }
        };
    }

    private static Result measure(Fixture fixture, Settings settings) throws Exception {
        PkiFixture.of(fixture).rootPem(); // the vault's CA
        String root = fixture.target().rootToken();
        String vault = "/v1/vaults/" + fixture.vault();
        fixture.http().call("PUT", vault + "/pki/config/acme", root, "{\"enabled\":true}", 200);
        URI directory = fixture.target().address().resolve(vault + "/pki/acme/directory");

        Map<String, String> answers = new ConcurrentHashMap<>();
        HttpServer responder = responder(fixture.target().acmeHttp01Port().getAsInt(), answers);
        try {
            int clients = settings.concurrency();
            List<OrderingClient> ordering = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                ordering.add(new OrderingClient(directory, answers));
            }
            long measureFrom = System.nanoTime() + settings.warmup().toNanos();
            for (OrderingClient client : ordering) {
                client.measureFrom = measureFrom;
            }
            LoadRunner.Outcome outcome = LoadRunner.run(client -> ordering.get(client).order(), clients,
                    settings.warmup(), settings.duration());
            LoadScenario.reportFailures("acme-order", fixture.target().backend(), outcome.latencies());
            Latencies newOrder = new Latencies();
            Latencies finalize = new Latencies();
            for (OrderingClient client : ordering) {
                newOrder.add(client.newOrder);
                finalize.add(client.finalize);
            }
            return Result.of("acme-order", fixture.target().backend(), clients, outcome, Map.of(
                    "order_p95_ms", outcome.latencies().percentileMillis(95),
                    "new_order_p95_ms", newOrder.percentileMillis(95),
                    "finalize_p95_ms", finalize.percentileMillis(95)));
        } finally {
            responder.stop(0);
        }
    }

    /** Answers {@code /.well-known/acme-challenge/{token}} with the key authorization a client put there. */
    private static HttpServer responder(int port, Map<String, String> answers) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        server.createContext("/.well-known/acme-challenge/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String answer = answers.get(path.substring(path.lastIndexOf('/') + 1));
            byte[] body = answer == null ? new byte[0] : answer.getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return server;
    }

    /** One simulated client: an account, a CSR for {@code 127.0.0.1}, and its own step latencies. */
    private static final class OrderingClient {
        private static final Identifier LOOPBACK = Identifier.ip("127.0.0.1");

        private final Login login;
        private final byte[] csr;
        private final Map<String, String> answers;
        final Latencies newOrder = new Latencies();
        final Latencies finalize = new Latencies();
        long measureFrom;

        OrderingClient(URI directory, Map<String, String> answers) throws Exception {
            this.answers = answers;
            this.login = new AccountBuilder().agreeToTermsOfService().useKeyPair(p256())
                    .createLogin(new Session(directory));
            KeyPair certificateKey = p256();
            var builder = new CSRBuilder();
            builder.addIP(InetAddress.getByName("127.0.0.1"));
            builder.sign(certificateKey);
            this.csr = builder.getEncoded();
        }

        /** A JDK key (acme4j's KeyPairUtils wants the Bouncy Castle provider registered, which Arca does not). */
        private static KeyPair p256() throws Exception {
            var generator = java.security.KeyPairGenerator.getInstance("EC");
            generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }

        /** One complete order; 200 when it ended with a certificate. */
        int order() throws Exception {
            long started = System.nanoTime();
            Order order = login.newOrder().identifier(LOOPBACK).create();
            step(newOrder, started);
            for (Authorization authorization : order.getAuthorizations()) {
                Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
                answers.put(challenge.getToken(), challenge.getAuthorization());
                try {
                    challenge.trigger();
                    if (poll(authorization) != Status.VALID) {
                        return 422;
                    }
                } finally {
                    answers.remove(challenge.getToken());
                }
            }
            long finalizing = System.nanoTime();
            order.execute(csr);
            step(finalize, finalizing);
            if (poll(order) != Status.VALID) {
                return 422;
            }
            return order.getCertificate().getCertificateChain().isEmpty() ? 500 : 200;
        }

        private void step(Latencies latencies, long started) {
            if (started >= measureFrom) {
                latencies.record(System.nanoTime() - started, null);
            }
        }

        /** Polls every 2 ms (acme4j's own wait sleeps a whole Retry-After second, which would be the figure). */
        private static Status poll(PollableResource resource) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            resource.fetch();
            while (!DONE.contains(resource.getStatus()) && resource.getStatus() != Status.READY) {
                if (System.nanoTime() > deadline) {
                    return Status.UNKNOWN;
                }
                Thread.sleep(2);
                resource.fetch();
            }
            return resource.getStatus();
        }
    }
}
