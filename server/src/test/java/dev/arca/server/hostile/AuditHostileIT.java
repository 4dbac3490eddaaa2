package dev.arca.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests refused before the pipeline (by Jetty's parser, its limits, or before routing) still leave their entries
 * in the audit trail: every request is audited before its answer leaves (DESIGN §8). Each leaves nothing else.
 */
@Tag("hostile")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditHostileIT {
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})");

    private TestServer server;
    private java.nio.file.Path dir;

    @BeforeAll
    void start() throws IOException {
        dir = Files.createTempDirectory("audit-hostile");
        server = TestServer.start(dir).initAndUnseal();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static List<Arguments> refusals() {
        return List.of(
                Arguments.of("garbage request line", "\u0001\u0002 nonsense\r\n\r\n", 400),
                Arguments.of("escape of non-hex digits", "GET /v1/vaults/%GG HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400),
                Arguments.of("escape cut short", "GET /v1/vaults/a% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400),
                Arguments.of("encoded NUL", "GET /v1/vaults/a%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400),
                Arguments.of("raw control character", "GET /v1/vaults/a\u0007b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400),
                Arguments.of("URI too long", "GET /v1/" + "a".repeat(40_000) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 414),
                Arguments.of("headers too large", "GET /v1/sys/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(40_000)
                        + "\r\nConnection: close\r\n\r\n", 431),
                Arguments.of("OPTIONS", "OPTIONS /v1/vaults HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404),
                Arguments.of("HEAD", "HEAD /v1/vaults HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404),
                Arguments.of("TRACE", "TRACE /v1/vaults HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 404));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void requestRefusedBeforeThePipeline_isAnsweredAndAudited(String name, String request, int status) throws IOException {
        var audit = server.config().auditFile();
        String listed = listing();
        long before = Files.readAllLines(audit).size();

        String answer = raw(request);

        var matcher = STATUS.matcher(answer);
        assertThat(matcher.find()).as(answer).isTrue();
        assertThat(Integer.parseInt(matcher.group(1))).as(answer).isEqualTo(status);
        var added = Files.readAllLines(audit).subList((int) before, Files.readAllLines(audit).size());
        assertThat(added).as("audit lines for " + name)
                .anySatisfy(line -> assertThat(line).contains("\"type\":\"response\"").contains("\"status\":" + status));
        assertThat(listing()).isEqualTo(listed);
    }

    private String listing() {
        var vaults = server.root("GET", "/v1/vaults", null);
        assertThat(vaults.status()).isEqualTo(200);
        return vaults.body();
    }

    private String raw(String request) throws IOException {
        URI uri = URI.create(server.address());
        try (var socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
