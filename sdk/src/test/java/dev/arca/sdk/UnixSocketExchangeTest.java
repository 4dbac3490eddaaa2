package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Health;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP/1.1 exchange over a Unix socket against a tiny peer that answers every connection with canned bytes:
 * each body framing, the request it sends, and every broken answer as a {@link ConnectionException}.
 */
class UnixSocketExchangeTest {
    @TempDir
    Path dir;

    private Path socket;
    private ServerSocketChannel server;
    private Thread acceptor;
    private volatile byte[] answer = new byte[0];
    private volatile long answerDelayMillis;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpTransport transport;

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("test.sock");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(this::serve, "test-unix-peer");
        acceptor.setDaemon(true);
        acceptor.start();
        transport = transport(Duration.ofSeconds(5));
    }

    private HttpTransport transport(Duration timeout) {
        return HttpTransport.unixSocket(socket, HttpTransport.Credential.bearer("arca_tok"), timeout,
                new RetryPolicy(0, Duration.ZERO));
    }

    @AfterEach
    void stop() throws Exception {
        transport.close();
        server.close();
        acceptor.join(2_000);
    }

    /** Reads a request (head, and a Content-Length body), records it, answers the canned bytes, closes. */
    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel connection = server.accept()) {
                requests.add(readRequest(connection));
                Thread.sleep(answerDelayMillis);
                connection.write(ByteBuffer.wrap(answer));
            } catch (IOException | InterruptedException closed) {
                return;
            }
        }
    }

    private static String readRequest(SocketChannel connection) throws IOException {
        var received = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (true) {
            String text = received.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                int length = text.lines().filter(l -> l.startsWith("Content-Length: ")).findFirst()
                        .map(l -> Integer.parseInt(l.substring(16))).orElse(0);
                if (received.size() >= end + 4 + length) {
                    return text;
                }
            }
            buffer.clear();
            if (connection.read(buffer) < 0) {
                return received.toString(StandardCharsets.UTF_8);
            }
            received.write(buffer.array(), 0, buffer.position());
        }
    }

    private void answer(String raw) {
        answer = raw.getBytes(StandardCharsets.UTF_8);
    }

    /** An answer with this status line and a JSON body framed by its Content-Length. */
    private void answerJson(String statusLine, String json) {
        answer(statusLine + "\r\nContent-Type: application/json\r\nContent-Length: "
                + json.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + json);
    }

    private Map<?, ?> get() {
        return transport.call("GET", RequestTarget.route("v1", "things"), null, Map.class);
    }

    @Test
    void contentLengthAnswer_isRead_andTheRequestIsOneClosedHttp11Exchange() {
        answer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"b\"}\n\n"
                + "ignored after the declared length");
        Map<?, ?> read = transport.call("POST", RequestTarget.route("v1", "things").query("q", "x y"),
                Map.of("k", "v"), Map.class);
        assertThat(read).isEqualTo(Map.of("a", "b"));
        assertThat(requests.get(0)).startsWith("POST /v1/things?q=x%20y HTTP/1.1\r\n")
                .contains("Host: localhost\r\n", "Connection: close\r\n", "Authorization: Bearer arca_tok\r\n",
                        "Content-Type: application/json\r\n", "Content-Length: 9\r\n")
                .endsWith("\r\n\r\n{\"k\":\"v\"}");
    }

    @Test
    void chunkedAnswer_isJoined_withExtensionsAndTrailersSkipped() {
        answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;name=ext\r\n{\"a\"\r\n"
                + "6\r\n:\"bcd\"\r\n"
                + "1\r\n}\r\n"
                + "0\r\nX-Trailer: t\r\n\r\n");
        assertThat(get()).isEqualTo(Map.of("a", "bcd"));
    }

    @Test
    void answerWithoutLength_isReadToTheEndOfTheConnection() {
        answer("HTTP/1.0 200 OK\r\n\r\n{\"until\":\"eof\"}");
        assertThat(get()).isEqualTo(Map.of("until", "eof"));
    }

    @Test
    void informationalAnswer_isSkipped_andNoContentHasNoBody() {
        answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");
        transport.call("DELETE", RequestTarget.route("v1", "things"), null);
        assertThat(requests.get(0)).startsWith("DELETE /v1/things HTTP/1.1").doesNotContain("Content-Length");
    }

    @Test
    void errorBody_overTheSocket_isMappedLikeOverTcp() {
        answerJson("HTTP/1.1 503 Service Unavailable",
                "{\"error\":{\"code\":\"sealed\",\"message\":\"Arca is sealed\",\"request_id\":\"req_9\"}}");
        assertThatThrownBy(this::get).isInstanceOf(SealedException.class)
                .hasMessage("Arca is sealed (sealed, request req_9)")
                .extracting(e -> ((ApiException) e).suggestion()).asString().contains("arca operator unseal");
    }

    @Test
    void answerStatuses_areReadAsTheCallerAsked() {
        answerJson("HTTP/1.1 503 Service Unavailable", "{\"initialized\":true,\"sealed\":true}");
        Health health = transport.callReadingStatuses("GET", RequestTarget.route("v1", "sys", "health"),
                Health.class, java.util.Set.of(503));
        assertThat(health.sealed()).isTrue();
    }

    @Test
    void malformedStatusLine_isAConnectionExceptionThatQuotesNothing() {
        answer("SSH-2.0-OpenSSH_9.6 secret-banner\r\n\r\n");
        assertThatThrownBy(this::get).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("sent a broken HTTP answer to GET /v1/things")
                .hasMessageContaining("does not start with an HTTP/1.1 status line")
                .hasMessageNotContaining("secret-banner");
    }

    @Test
    void truncatedBody_isAConnectionException() {
        answer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"short\":");
        assertThatThrownBy(this::get).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("closed after 9 of 100 body bytes");
    }

    @Test
    void malformedChunkSize_andConflictingLengths_areConnectionExceptions() {
        answer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
        assertThatThrownBy(this::get).isInstanceOf(ConnectionException.class).hasMessageContaining("chunk size");
        answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}");
        assertThatThrownBy(this::get).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("invalid Content-Length");
    }

    @Test
    void answerOverTheCap_isRefused() throws Exception {
        try (var small = new UnixSocketExchange(socket, Runnable::run, 16)) {
            answer("HTTP/1.1 200 OK\r\n\r\n" + "x".repeat(17));
            var request = new Exchange.Request("GET", "/v1/things", Map.of(), null, Duration.ofSeconds(5));
            assertThatThrownBy(() -> small.send(request)).isInstanceOf(java.net.ProtocolException.class)
                    .hasMessage("the answer is larger than 16 bytes");
        }
    }

    @Test
    void silentPeer_timesOut() {
        transport.close();
        transport = transport(Duration.ofMillis(300));
        answerDelayMillis = 5_000;
        answer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        assertThatThrownBy(this::get).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("did not answer GET /v1/things within 300 ms");
    }

    @Test
    void missingSocket_isUnreachable_andNamesThePath() throws IOException {
        server.close();
        java.nio.file.Files.deleteIfExists(socket);
        assertThatThrownBy(this::get).isInstanceOf(ConnectionException.class)
                .hasMessageContaining("cannot reach Arca at unix:" + socket)
                .hasMessageContaining("is the server running?");
    }

    @Test
    void headerWithLineBreak_isRefusedBeforeAnythingIsSent() {
        var exchange = new UnixSocketExchange(socket, Runnable::run);
        var request = new Exchange.Request("GET", "/v1/things", Map.of("X-Evil", "a\r\nHost: other"), null,
                Duration.ofSeconds(1));
        assertThatThrownBy(() -> exchange.send(request)).isInstanceOf(IllegalArgumentException.class);
        exchange.close();
        assertThat(requests).isEmpty();
    }
}
