package dev.arca.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile callers and upstreams of {@code use http_request} (issue 12, items 2, 3, 9 and the seal part of 11): a
 * principal that may use a secret but not read it tries to redirect it, an echoing upstream answers the credential
 * compressed or transformed, a URL that is not ASCII, and a seal while a call is under way. Each refusal has its
 * exact status and leaves the rule and the upstream as they were.
 */
@Tag("hostile")
class UseHostileIT {
    private static final String VAULT = "/v1/vaults/default";
    private static final String V = VAULT + "/secrets/";
    private static final String TOKEN = "tok-Hostile-Value-93xQ";
    private static final ObjectMapper JSON = Json.lenient();

    @TempDir
    Path dir;
    TestServer server;
    RawUpstream upstream;
    String rule;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        upstream = new RawUpstream();
        expect(201, server.root("POST", VAULT + "/projects", "{\"name\":\"app\"}"));
        expect(200, server.root("PUT", V + "app/token", "{\"value\":\"" + TOKEN + "\"}"));
        rule = "{\"allow\":[\"" + upstream.url("/") + "\"],\"methods\":[\"GET\"]}";
        expect(200, server.root("PUT", V + "app/token/egress", rule));
    }

    @AfterEach
    void stop() {
        upstream.close();
        server.close();
    }

    // item 2: changing where a credential may go

    @Test
    void egressChange_withUseAndUpdateButNotEgress_is403_andTheRuleIsUnchanged() {
        String before = egress();
        String token = tokenWith("use-update", "\"use\",\"update\",\"list\"");
        refused(403, server.call("PUT", V + "app/token/egress", token, "{\"allow\":[\"http://127.0.0.1:9/\"],"
                + "\"methods\":[\"GET\"]}"));
        assertThat(egress()).isEqualTo(before);
    }

    @Test
    void egressChange_withEgressButNotRead_is403_andTheRuleIsUnchanged() {
        String before = egress();
        String token = tokenWith("use-egress", "\"use\",\"update\",\"egress\"");
        var response = server.call("PUT", V + "app/token/egress", token, "{\"allow\":[\"http://127.0.0.1:9/\"],"
                + "\"methods\":[\"GET\"]}");
        refused(403, response);
        assertThat(response.json().path("error").path("message").asText()).contains("read");
        assertThat(egress()).isEqualTo(before);
    }

    @Test
    void egressChange_withEgressAndRead_orAdmin_isAllowed() {
        String reader = tokenWith("egress-read", "\"egress\",\"read\"");
        expect(200, server.call("PUT", V + "app/token/egress", reader, "{\"allow\":[\"https://a.example.com\"],"
                + "\"methods\":[\"GET\"]}"));
        assertThat(egress()).contains("https://a.example.com");
        String admin = tokenWith("admin-only", "\"admin\"");
        expect(200, server.call("PUT", V + "app/token/egress", admin, "{\"allow\":[\"https://b.example.com\"],"
                + "\"methods\":[\"POST\"]}"));
        assertThat(egress()).contains("https://b.example.com").doesNotContain("https://a.example.com");
    }

    @Test
    void egressChange_isAudited_withTheOldAndTheNewRule() throws IOException {
        var response = server.root("PUT", V + "app/token/egress", "{\"allow\":[\"https://new.example.com/v1\"],"
                + "\"methods\":[\"post\"]}");
        expect(200, response);
        List<JsonNode> entries = auditEntries(response.header("X-Request-Id"));
        assertThat(entries).anySatisfy(entry -> {
            assertThat(entry.path("type").asText()).isEqualTo("response");
            JsonNode details = entry.path("details");
            assertThat(JSON.readTree(details.path("egress.before").asText())).isEqualTo(JSON.readTree(rule));
            assertThat(JSON.readTree(details.path("egress.after").asText())).isEqualTo(JSON.readTree(
                    "{\"allow\":[\"https://new.example.com/v1\"],\"methods\":[\"POST\"]}"));
        });
        assertThat(entries.toString()).doesNotContain(TOKEN);
    }

    // item 3: compressed and transformed answers

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "x-gzip", "deflate", "deflate-raw", "identity"})
    void aCompressedEcho_isDecodedThenRedacted(String encoding) {
        upstream.answer = request -> {
            byte[] echo = ("you sent " + request.header("authorization")).getBytes(StandardCharsets.UTF_8);
            return switch (encoding) {
                case "gzip", "x-gzip" -> RawUpstream.response(encoding, gzip(echo));
                case "deflate" -> RawUpstream.response("deflate", deflate(echo, false));
                case "deflate-raw" -> RawUpstream.response("deflate", deflate(echo, true));
                default -> RawUpstream.response("identity", echo);
            };
        };
        var response = use(upstream.url("/echo"));
        expect(200, response);
        assertThat(response.json().path("body_encoding").asText()).isEqualTo("utf8");
        assertThat(response.json().path("body").asText()).isEqualTo("you sent Bearer [REDACTED]");
        assertThat(response.body()).doesNotContain(TOKEN);
        assertThat(upstream.seen.getFirst().header("accept-encoding")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"br", "compress", "zstd", "gzip, br"})
    void anEncodingTheVaultCannotDecode_is502_andNothingOfTheAnswerComesBack(String encoding) {
        upstream.answer = request -> RawUpstream.response(encoding, ("you sent " + request.header("authorization"))
                .getBytes(StandardCharsets.UTF_8));
        var response = use(upstream.url("/echo"));
        assertThat(response.status()).as(response.body()).isEqualTo(502);
        assertThat(response.errorCode()).isEqualTo("upstream_failed");
        assertThat(response.json().path("error").path("message").asText()).contains("Content-Encoding");
        assertThat(response.body()).doesNotContain(TOKEN).doesNotContain("you sent");
    }

    @Test
    void aDecompressionBomb_is502_notInflatedIntoMemory() {
        byte[] bomb = gzip(new byte[64 * 1024 * 1024]);
        upstream.answer = request -> RawUpstream.response("gzip", bomb);
        var response = use(upstream.url("/bomb"));
        assertThat(response.status()).as("the status answered for a bomb").isEqualTo(502);
        assertThat(response.errorCode()).isEqualTo("upstream_failed");
        assertThat(response.json().path("error").path("message").asText()).contains("more than 1048576 bytes");
    }

    @Test
    void anEchoOfTheValueTransformed_isRedactedInEveryCommonForm() {
        byte[] raw = TOKEN.getBytes(StandardCharsets.UTF_8);
        List<String> forms = List.of(Base64.getEncoder().encodeToString(raw),
                Base64.getEncoder().withoutPadding().encodeToString(raw),
                Base64.getUrlEncoder().encodeToString(raw), Base64.getUrlEncoder().withoutPadding().encodeToString(raw),
                HexFormat.of().formatHex(raw), HexFormat.of().withUpperCase().formatHex(raw),
                TOKEN.toUpperCase(Locale.ROOT), TOKEN.toLowerCase(Locale.ROOT));
        upstream.answer = request -> RawUpstream.response(null, String.join("|", forms)
                .getBytes(StandardCharsets.UTF_8));
        var response = use(upstream.url("/transforms"));
        expect(200, response);
        String body = response.json().path("body").asText();
        for (String form : forms) {
            assertThat(body).doesNotContain(form);
        }
        assertThat(body).isEqualTo(String.join("|", List.of("[REDACTED]", "[REDACTED]", "[REDACTED]", "[REDACTED]",
                "[REDACTED]", "[REDACTED]", "[REDACTED]", "[REDACTED]")));
    }

    @Test
    void anEchoOfAValueWithSpecialCharacters_isRedactedUrlAndJsonEscaped() {
        String value = "p@ss word/\"quoted\"+é";
        expect(200, server.root("PUT", V + "app/special", "{\"value\":\"p@ss word/\\\"quoted\\\"+é\"}"));
        expect(200, server.root("PUT", V + "app/special/egress", rule));
        List<String> forms = List.of(URLEncoder.encode(value, StandardCharsets.UTF_8),
                URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"),
                "p@ss word/\\\"quoted\\\"+\\u00e9");
        upstream.answer = request -> RawUpstream.response(null, String.join("|", forms)
                .getBytes(StandardCharsets.UTF_8));
        var response = server.root("POST", V + "app/special/use", "{\"operation\":\"http_request\",\"url\":\""
                + upstream.url("/special") + "\",\"header_type\":\"api_key\"}");
        expect(200, response);
        assertThat(response.json().path("body").asText()).isEqualTo("[REDACTED]|[REDACTED]|[REDACTED]");
    }

    // item 9: the URL sent is the URL checked

    @Test
    void aNonAsciiPathAndQuery_areSentPercentEncoded_exactlyAsChecked() {
        expect(200, server.root("PUT", V + "app/token/egress", "{\"allow\":[\"" + upstream.url("/caf%C3%A9")
                + "\"],\"methods\":[\"GET\"]}"));
        var response = use(upstream.url("/café/x?q=é"));
        expect(200, response);
        assertThat(upstream.seen).hasSize(1);
        assertThat(upstream.seen.getFirst().requestLine()).isEqualTo("GET /caf%C3%A9/x?q=%C3%A9 HTTP/1.1");
    }

    @Test
    void aNonAsciiPathOutsideTheRule_isRefused_andNothingIsSent() {
        expect(200, server.root("PUT", V + "app/token/egress", "{\"allow\":[\"" + upstream.url("/caf")
                + "\"],\"methods\":[\"GET\"]}"));
        refused(403, use(upstream.url("/café")));
    }

    // item 11: a seal cuts the calls under way

    @Test
    void aSealWhileACallIsUnderWay_cutsIt_andItAnswers503Sealed() throws Exception {
        var arrived = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        upstream.answer = request -> {
            arrived.countDown();
            await(release);
            return RawUpstream.response(null, ("late " + request.header("authorization"))
                    .getBytes(StandardCharsets.UTF_8));
        };
        try {
            CompletableFuture<TestServer.Response> call = CompletableFuture.supplyAsync(() -> server.root("POST",
                    V + "app/token/use", "{\"operation\":\"http_request\",\"url\":\"" + upstream.url("/stall")
                            + "\",\"timeout\":\"60s\"}"));
            assertThat(arrived.await(30, TimeUnit.SECONDS)).as("the call reached the upstream").isTrue();
            expect(200, server.root("POST", "/v1/sys/seal", null));
            TestServer.Response response = call.get(30, TimeUnit.SECONDS);
            assertThat(response.status()).as(response.body()).isEqualTo(503);
            assertThat(response.errorCode()).isEqualTo("sealed");
            assertThat(response.body()).doesNotContain(TOKEN).doesNotContain("late");
        } finally {
            release.countDown();
        }
    }

    private TestServer.Response use(String url) {
        return server.root("POST", V + "app/token/use", "{\"operation\":\"http_request\",\"url\":\"" + url + "\"}");
    }

    private String egress() {
        var response = server.root("GET", V + "app/token/egress", null);
        expect(200, response);
        return response.body();
    }

    private String tokenWith(String policy, String permissions) {
        expect(200, server.root("PUT", VAULT + "/policies/" + policy,
                "{\"rules\":[{\"path\":\"app/**\",\"permissions\":[" + permissions + "]}]}"));
        return server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"" + policy + "\"]}")
                .json().path("token").asText();
    }

    /** A refusal with its status, and the upstream got nothing. */
    private void refused(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(upstream.seen).as("the upstream got nothing").isEmpty();
    }

    private List<JsonNode> auditEntries(String requestId) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(server.config().auditFile())) {
            JsonNode entry = JSON.readTree(line);
            if (entry.path("request_id").asText().equals(requestId)) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static void expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] gzip(byte[] data) {
        var out = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] deflate(byte[] data, boolean raw) {
        var out = new ByteArrayOutputStream();
        try (var deflate = new DeflaterOutputStream(out, new Deflater(Deflater.DEFAULT_COMPRESSION, raw))) {
            deflate.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * An upstream on 127.0.0.1 that speaks HTTP/1.1 over a plain socket, so it can record the request line byte for
     * byte and answer any {@code Content-Encoding} with any bytes; one request per connection.
     */
    static final class RawUpstream implements AutoCloseable {
        /** One request as it arrived: its request line and header lines, undecoded. */
        record Seen(String requestLine, List<String> headerLines) {
            String header(String name) {
                return headerLines.stream().filter(line -> line.toLowerCase(Locale.ROOT).startsWith(
                        name.toLowerCase(Locale.ROOT) + ":")).map(line -> line.substring(line.indexOf(':') + 1).strip())
                        .findFirst().orElse(null);
            }
        }

        interface Answer {
            byte[] to(Seen request);
        }

        final List<Seen> seen = new CopyOnWriteArrayList<>();
        volatile Answer answer = request -> response(null, "ok".getBytes(StandardCharsets.UTF_8));
        private final ServerSocket socket;

        RawUpstream() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.ofVirtual().start(this::accept);
        }

        String url(String path) {
            return "http://127.0.0.1:" + socket.getLocalPort() + path;
        }

        static byte[] response(String encoding, byte[] body) {
            String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n"
                    + (encoding == null ? "" : "Content-Encoding: " + encoding + "\r\n") + "Connection: close\r\n\r\n";
            var out = new ByteArrayOutputStream();
            out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(body);
            return out.toByteArray();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    Thread.ofVirtual().start(() -> serve(connection));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private void serve(Socket connection) {
            try (connection; InputStream in = connection.getInputStream();
                    OutputStream out = connection.getOutputStream()) {
                List<String> lines = new ArrayList<>();
                for (String line = line(in); !line.isEmpty(); line = line(in)) {
                    lines.add(line);
                }
                var request = new Seen(lines.getFirst(), List.copyOf(lines.subList(1, lines.size())));
                seen.add(request);
                out.write(answer.to(request));
            } catch (IOException | RuntimeException gone) {
                // the client went away (a cut, a cap): nothing to answer
            }
        }

        /** One line of the head as ISO-8859-1, so every byte of it shows as one char. */
        private static String line(InputStream in) throws IOException {
            var line = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
