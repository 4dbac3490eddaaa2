package dev.arca.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a web page can send an uninitialised or sealed server on the victim's machine (issue 12, item 7): init or
 * unseal under a Host the server does not go by (DNS rebinding: a same-origin page can send JSON, so it could reset
 * the unseal progress), and init or unseal as a simple cross-site request (text/plain, no Content-Type). Each gets
 * its exact refusal and leaves the seal as it was.
 */
@Tag("hostile")
class SysInitHostileIT {
    private static final String INIT_BODY = "{\"shares\":1,\"threshold\":1}";

    @TempDir
    Path dir;
    TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private String sealStatus() {
        return server.call("GET", "/v1/sys/seal-status", null, null).body();
    }

    /** One raw HTTP/1.1 request with exactly these headers (Java's client will not send a foreign Host). */
    private String raw(String path, String host, String contentType, String body) throws IOException {
        URI uri = URI.create(server.address());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String request = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body;
        try (var socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private String local() {
        return "127.0.0.1:" + URI.create(server.address()).getPort();
    }

    @Test
    void snapshotRestore_underARebindingNameOrAsASimpleRequest_isRefused_andLeavesTheServerUninitialised()
            throws IOException {
        server = TestServer.start(dir);
        String before = sealStatus();
        String foreign = raw("/v1/sys/storage/snapshot", "attacker.example", "application/vnd.arca.snapshot", "x");
        assertThat(foreign).startsWith("HTTP/1.1 403 ").contains("sys/storage/snapshot")
                .contains("Host 'attacker.example'");
        String simple = raw("/v1/sys/storage/snapshot", local(), "text/plain", "x");
        assertThat(simple).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/vnd.arca.snapshot");
        assertThat(sealStatus()).isEqualTo(before).contains("\"initialized\":false");
    }

    @Test
    void initUnderARebindingName_is403_andLeavesTheServerUninitialised() throws IOException {
        server = TestServer.start(dir);
        String before = sealStatus();
        for (String host : new String[] {"attacker.example:8420", "attacker.example", "localhost.attacker.example",
                "127.0.0.1.nip.io"}) {
            String answer = raw("/v1/sys/init", host, "application/json", INIT_BODY);
            assertThat(answer).as(host).startsWith("HTTP/1.1 403 ").contains("\"code\":\"access_denied\"")
                    .contains("Host '" + host + "'").contains("allowed_hosts").doesNotContain("root_token");
        }
        assertThat(sealStatus()).isEqualTo(before).contains("\"initialized\":false");
    }

    @Test
    void initAsASimpleCrossSiteRequest_is400_andLeavesTheServerUninitialised() throws IOException {
        server = TestServer.start(dir);
        String before = sealStatus();
        for (String contentType : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
            String answer = raw("/v1/sys/init", local(), contentType, INIT_BODY);
            assertThat(answer).as(String.valueOf(contentType)).startsWith("HTTP/1.1 400 ")
                    .contains("\"code\":\"invalid_request\"").contains("Content-Type: application/json")
                    .doesNotContain("root_token");
        }
        assertThat(sealStatus()).isEqualTo(before).contains("\"initialized\":false");
    }

    @Test
    void unsealAsASimpleCrossSiteRequest_is400_andKeepsTheProgress() throws IOException {
        server = TestServer.start(dir);
        var init = server.call("POST", "/v1/sys/init", null, "{\"shares\":3,\"threshold\":2}");
        assertThat(init.status()).as(init.body()).isEqualTo(200);
        String key = init.json().path("unseal_keys").get(0).asText();
        assertThat(server.unseal(key).json().path("progress").asInt()).isEqualTo(1);
        String before = sealStatus();
        String reset = raw("/v1/sys/unseal", local(), "text/plain", "{\"reset\":true}");
        assertThat(reset).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/json");
        assertThat(sealStatus()).isEqualTo(before).contains("\"progress\":1");
    }

    @Test
    void unsealUnderARebindingName_is403_andKeepsTheProgress() throws IOException {
        server = TestServer.start(dir);
        var init = server.call("POST", "/v1/sys/init", null, "{\"shares\":3,\"threshold\":2}");
        assertThat(init.status()).as(init.body()).isEqualTo(200);
        String key = init.json().path("unseal_keys").get(0).asText();
        assertThat(server.unseal(key).json().path("progress").asInt()).isEqualTo(1);
        String before = sealStatus();
        for (String body : new String[] {"{\"reset\":true}", "{\"key\":\"" + key + "\"}"}) {
            String answer = raw("/v1/sys/unseal", "attacker.example:8420", "application/json", body);
            assertThat(answer).as(body).startsWith("HTTP/1.1 403 ").contains("\"code\":\"access_denied\"")
                    .contains("sys/unseal").contains("Host 'attacker.example:8420'");
        }
        assertThat(sealStatus()).isEqualTo(before).contains("\"progress\":1");
    }

    @Test
    void initUnderLocalOrConfiguredNames_works() throws IOException {
        server = TestServer.start(dir, Map.of("allowed_hosts", "vault.example.com, Other.Example:8200"));
        assertThat(raw("/v1/sys/init", "vault.example.com", "application/json; charset=utf-8", INIT_BODY))
                .startsWith("HTTP/1.1 200 ").contains("root_token");
        stop();
        for (String host : new String[] {"localhost:8420", "LOCALHOST", "[::1]:8420", "127.0.0.1", "other.example"}) {
            server = TestServer.start(dir.resolve(host.replaceAll("[^a-zA-Z0-9]", "_")),
                    Map.of("allowed_hosts", "vault.example.com, Other.Example:8200"));
            assertThat(raw("/v1/sys/init", host, "application/json", INIT_BODY)).as(host)
                    .startsWith("HTTP/1.1 200 ").contains("root_token");
            stop();
        }
        server = null;
    }
}
