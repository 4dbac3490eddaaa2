package dev.arca.server.frontend.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.arca.server.frontend.acme.ChallTestSrv;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** http-01 against a real HTTP responder on a free loopback port (the validator's configured http-01 port). */
class Http01ValidatorIT {
    private static final String TOKEN = "tok3n_-A";
    private static final String KEY_AUTHORIZATION = TOKEN + ".thumbprint";
    private static final String PATH = "/.well-known/acme-challenge/" + TOKEN;
    private static final AcmeIdentifier LOOPBACK = new AcmeIdentifier(AcmeIdentifier.IP, "127.0.0.1");

    private HttpServer responder;
    private int port;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<String> hostsSeen = new CopyOnWriteArrayList<>();

    /** What the responder answers at a path. */
    private record Answer(int status, String body, Map<String, String> headers) {}

    @BeforeEach
    void startResponder() throws IOException {
        responder = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        responder.createContext("/", this::respond);
        responder.start();
        port = responder.getAddress().getPort();
    }

    @AfterEach
    void stopResponder() {
        responder.stop(0);
    }

    @Test
    void keyAuthorization_withTrailingNewline_validates() {
        answers.put(PATH, new Answer(200, KEY_AUTHORIZATION + "\r\n", Map.of()));

        assertThatCode(() -> validator(List.of("127.0.0.0/8")).validate(LOOPBACK, TOKEN, KEY_AUTHORIZATION))
                .doesNotThrowAnyException();
        assertThat(hostsSeen).containsExactly("127.0.0.1:" + port);
    }

    @Test
    void name_isResolvedByTheConfiguredResolver_andSentAsTheHost() throws Exception {
        try (var dns = ChallTestSrv.start()) {
            dns.addA("web.http01.test", List.of("127.0.0.1"));
            answers.put(PATH, new Answer(200, KEY_AUTHORIZATION, Map.of()));
            var validator = new Http01Validator(targets(Optional.of(dns.dnsResolver()), List.of("127.0.0.0/8")), port,
                    Duration.ofSeconds(2));

            validator.validate(new AcmeIdentifier(AcmeIdentifier.DNS, "web.http01.test"), TOKEN, KEY_AUTHORIZATION);

            assertThat(hostsSeen).containsExactly("web.http01.test:" + port);
        }
    }

    @Test
    void unresolvableName_isDns() {
        try (var dns = ChallTestSrv.start()) {
            var validator = new Http01Validator(targets(Optional.of(dns.dnsResolver()), List.of("127.0.0.0/8")), port,
                    Duration.ofSeconds(2));

            assertThatThrownBy(() -> validator.validate(new AcmeIdentifier(AcmeIdentifier.DNS, "nowhere.test"), TOKEN,
                    KEY_AUTHORIZATION)).isInstanceOfSatisfying(ChallengeFailedException.class, e -> {
                        assertThat(e.problemType()).isEqualTo("dns");
                        assertThat(e.getMessage()).contains("nowhere.test");
                    });
        }
    }

    @Test
    void otherBody_isIncorrectResponse_showingWhatWasServed() {
        answers.put(PATH, new Answer(200, "someone else's answer", Map.of()));

        assertThatThrownBy(() -> validator(List.of("127.0.0.0/8")).validate(LOOPBACK, TOKEN, KEY_AUTHORIZATION))
                .isInstanceOfSatisfying(ChallengeFailedException.class, e -> {
                    assertThat(e.problemType()).isEqualTo("incorrectResponse");
                    assertThat(e.getMessage()).contains("someone else's answer");
                });
    }

    @Test
    void notFound_isIncorrectResponse_namingTheStatus() {
        assertThatThrownBy(() -> validator(List.of("127.0.0.0/8")).validate(LOOPBACK, TOKEN, KEY_AUTHORIZATION))
                .isInstanceOfSatisfying(ChallengeFailedException.class, e -> {
                    assertThat(e.problemType()).isEqualTo("incorrectResponse");
                    assertThat(e.getMessage()).contains("404");
                });
    }

    @Test
    void redirect_onTheConfiguredPort_isFollowed() {
        answers.put(PATH, new Answer(302, "", Map.of("Location", "/elsewhere")));
        answers.put("/elsewhere", new Answer(200, KEY_AUTHORIZATION, Map.of()));

        assertThatCode(() -> validator(List.of("127.0.0.0/8")).validate(LOOPBACK, TOKEN, KEY_AUTHORIZATION))
                .doesNotThrowAnyException();
        assertThat(hostsSeen).hasSize(2);
    }

    @Test
    void redirect_toAnotherPort_isRefusedWithoutFollowing() {
        answers.put(PATH, new Answer(301, "", Map.of("Location", "http://127.0.0.1:" + (port == 1 ? 2 : port - 1)
                + "/x")));

        assertThatThrownBy(() -> validator(List.of("127.0.0.0/8")).validate(LOOPBACK, TOKEN, KEY_AUTHORIZATION))
                .isInstanceOfSatisfying(ChallengeFailedException.class, e -> {
                    assertThat(e.problemType()).isEqualTo("connection");
                    assertThat(e.getMessage()).contains("port 80, 443 or " + port);
                });
    }

    @Test
    void redirectLoop_stopsAfterTenRedirects() {
        answers.put(PATH, new Answer(302, "", Map.of("Location", PATH)));

        assertThatThrownBy(() -> validator(List.of("127.0.0.0/8")).validate(LOOPBACK, TOKEN, KEY_AUTHORIZATION))
                .isInstanceOfSatisfying(ChallengeFailedException.class,
                        e -> assertThat(e.getMessage()).contains("more than 10 redirects"));
        assertThat(hostsSeen).hasSize(Http01Validator.MAX_REDIRECTS + 1);
    }

    @Test
    void loopback_withoutPrivateRanges_isRefusedBeforeConnecting() {
        answers.put(PATH, new Answer(200, KEY_AUTHORIZATION, Map.of()));

        assertThatThrownBy(() -> validator(List.of()).validate(LOOPBACK, TOKEN, KEY_AUTHORIZATION))
                .isInstanceOfSatisfying(ChallengeFailedException.class, e -> {
                    assertThat(e.problemType()).isEqualTo("connection");
                    assertThat(e.getMessage()).contains("127.0.0.1", "acme_private_ranges");
                });
        assertThat(hostsSeen).isEmpty();
    }

    @Test
    void redirect_toAForbiddenAddress_isRefused() {
        answers.put(PATH, new Answer(302, "", Map.of("Location", "http://[::1]:" + port + PATH)));

        assertThatThrownBy(() -> validator(List.of("127.0.0.0/8")).validate(LOOPBACK, TOKEN, KEY_AUTHORIZATION))
                .isInstanceOfSatisfying(ChallengeFailedException.class, e -> {
                    assertThat(e.problemType()).isEqualTo("connection");
                    assertThat(e.getMessage()).contains("::1", "acme_private_ranges");
                });
    }

    @Test
    void silentServer_isConnectionFailure_afterTheTimeout() throws IOException {
        try (var silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> acceptAndSayNothing(silent));
            var validator = new Http01Validator(targets(Optional.empty(), List.of("127.0.0.0/8")),
                    silent.getLocalPort(), Duration.ofMillis(300));

            assertThatThrownBy(() -> validator.validate(LOOPBACK, TOKEN, KEY_AUTHORIZATION))
                    .isInstanceOfSatisfying(ChallengeFailedException.class,
                            e -> assertThat(e.problemType()).isEqualTo("connection"));
        }
    }

    @Test
    void closedPort_isConnectionFailure() throws IOException {
        int closed;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        var validator = new Http01Validator(targets(Optional.empty(), List.of("127.0.0.0/8")), closed,
                Duration.ofSeconds(2));

        assertThatThrownBy(() -> validator.validate(LOOPBACK, TOKEN, KEY_AUTHORIZATION))
                .isInstanceOfSatisfying(ChallengeFailedException.class, e -> {
                    assertThat(e.problemType()).isEqualTo("connection");
                    assertThat(e.getMessage()).contains("127.0.0.1:" + closed);
                });
    }

    private Http01Validator validator(List<String> privateRanges) {
        return new Http01Validator(targets(Optional.empty(), privateRanges), port, Duration.ofSeconds(2));
    }

    private static ChallengeTargets targets(Optional<String> resolver, List<String> privateRanges) {
        return new ChallengeTargets(ChallengeDns.using(resolver), AddressPolicy.of(privateRanges));
    }

    private void respond(HttpExchange exchange) throws IOException {
        hostsSeen.add(exchange.getRequestHeaders().getFirst("Host"));
        Answer answer = answers.getOrDefault(exchange.getRequestURI().getPath(), new Answer(404, "not here", Map.of()));
        answer.headers().forEach(exchange.getResponseHeaders()::add);
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void acceptAndSayNothing(ServerSocket server) {
        try (Socket ignored = server.accept()) {
            ignored.getInputStream().readAllBytes();
        } catch (IOException e) {
            // the test closed the socket
        }
    }
}
