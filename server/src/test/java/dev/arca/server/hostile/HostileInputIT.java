package dev.arca.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile input against a real server (wave 1 · 6/6): each request gets its exact refusal and leaves storage as it
 * was. Run alone with {@code ./mvnw -pl server -am verify -Dit.test='HostileInputIT' -Dgroups=hostile}.
 */
@Tag("hostile")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {
    private static final String SECRETS = "/v1/vaults/default/secrets";
    private static final Pattern STATUS = Pattern.compile("^HTTP/1\\.1 (\\d{3})");

    TestServer server;
    /** The vault's listing before each test: a refused request must leave it as it was. */
    String before;
    String lastRaw;

    @BeforeAll
    void start(@TempDir Path dir) {
        server = TestServer.start(dir).initAndUnseal();
        assertThat(server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}").status()).isEqualTo(201);
    }

    @BeforeEach
    void snapshot() {
        before = listing();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"app/../x", "app/%2e%2e/x", "app/%2E%2e/x", "app/.%2e/x", "app%2f..%2fx", "app/a%2fb",
            "app/%c0%ae%c0%ae/x", "app/%e0%80%ae/x", "app/..%5cx", "app/a%5cb", "app/a\\b", "app/%252e%252e/x",
            "app/%u002e%u002e/x", "app/x%00", "app/%ef%bc%8e%ef%bc%8e/x"})
    void pathTraversal_inEveryEncoding_isRefusedAndStoresNothing(String path) throws IOException {
        int status = rawStatus("PUT " + SECRETS + "/" + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + server.rootToken + "\r\nContent-Type: application/json\r\nContent-Length: 13\r\n"
                + "Connection: close\r\n\r\n{\"value\":\"v\"}");
        assertThat(status).as(path + " " + lastRaw).isEqualTo(400);
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = {"app/d\uff42", "app/\u0430dmin", "app/caf\u00e9", "app/cafe\u0301", "app/\u212a",
            "app/x\u200b"})
    void unicodeLookalikes_inSecretPaths_are400(String path) {
        var response = server.root("PUT", SECRETS + "/" + encode(path), "{\"value\":\"v\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_request");
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Admin", "ADMIN", "r\u043eot", "root\u200b", "\u212aey"})
    void policyNames_differingOnlyInCaseOrByLookalikes_are400(String name) {
        var response = server.root("PUT", "/v1/vaults/default/policies/" + encode(name),
                "{\"rules\":[{\"path\":\"**\",\"permissions\":[\"read\"]}]}");
        assertThat(response.status()).as(response.body()).isIn(400, 404);
        assertThat(server.root("GET", "/v1/vaults/default/policies", null).body()).doesNotContain("\"" + name);
    }

    @Test
    void tokenAskingForRootInAnotherCase_isRefused() {
        var response = server.root("POST", "/v1/tokens", "{\"policies\":[\"Root\"],\"vault\":\"default\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"app/\u0430pi", "\u0430pp/**", "app/\uff0a"})
    void unicodeLookalikes_inPolicyPaths_are400(String path) {
        var response = server.root("PUT", "/v1/vaults/default/policies/lookalike",
                "{\"rules\":[{\"path\":\"" + path + "\",\"permissions\":[\"read\"]}]}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(server.root("GET", "/v1/vaults/default/policies/lookalike", null).status()).isEqualTo(404);
    }

    @Test
    void tenThousandNestingLevels_is400() {
        String body = "{\"value\":\"v\",\"custom\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        var response = server.root("PUT", SECRETS + "/app/deep", body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("[[[");
        assertNothingStored();
    }

    @Test
    void aMillionKeys_is413BeforeParsing() {
        var json = new StringBuilder("{\"value\":\"v\",\"custom\":{");
        for (int i = 0; i < 1_000_000; i++) {
            json.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"\"");
        }
        var response = server.root("PUT", SECRETS + "/app/wide", json.append("}}").toString());
        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errorCode()).isEqualTo("payload_too_large");
        assertNothingStored();
    }

    @Test
    void duplicateKeys_are400NamingTheKey() {
        var response = server.root("PUT", SECRETS + "/app/dup", "{\"value\":\"a\",\"value\":\"b\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("value").doesNotContain("\"b\"");
        assertNothingStored();
        var policy = server.root("PUT", "/v1/vaults/default/policies/dup", "{\"rules\":[{\"path\":\"**\","
                + "\"permissions\":[\"read\"],\"effect\":\"deny\",\"effect\":\"allow\"}]}");
        assertThat(policy.status()).as(policy.body()).isEqualTo(400);
        assertThat(server.root("GET", "/v1/vaults/default/policies/dup", null).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999", "-1", "1.5", "1e2"})
    void hugeOrOddNumbers_are400NamingTheField(String number) {
        var response = server.root("PUT", SECRETS + "/app/num", "{\"value\":\"v\",\"max_versions\":" + number + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("max_versions");
        assertNothingStored();
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "0x10", "1_000", "99999999999999999999999999999999999999"})
    void numbersJsonDoesNotHave_are400(String number) {
        var response = server.root("PUT", SECRETS + "/app/num", "{\"value\":\"v\",\"max_versions\":" + number + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertNothingStored();
    }

    @Test
    void hugeNumberLiteral_is400() {
        var response = server.root("PUT", SECRETS + "/app/num", "{\"value\":\"v\",\"max_versions\":"
                + "9".repeat(200_000) + "}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertNothingStored();
    }

    @Test
    void headerFlood_isRefusedInJsonAndTheServerStillAnswers() throws IOException {
        var request = new StringBuilder("GET /v1/sys/health HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 10_000; i++) {
            request.append("X-Flood-").append(i).append(": ").append("y".repeat(16)).append("\r\n");
        }
        int status = rawStatus(request.append("Connection: close\r\n\r\n").toString());
        assertThat(status).isIn(400, 413, 431);
        assertThat(server.call("GET", "/v1/sys/health", null, null).status()).isEqualTo(200);
    }

    @Test
    void slowLorisClients_doNotHoldAPlatformThreadEach() throws Exception {
        var threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        URI uri = URI.create(server.address());
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                var socket = new Socket();
                socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
                OutputStream out = socket.getOutputStream();
                // headers complete, body promised but trickled: the request is parked mid-read
                out.write(("PUT " + SECRETS + "/app/slow" + i + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + server.rootToken + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.add(socket);
            }
            Thread.sleep(500);
            int during = threads.getThreadCount();
            assertThat(during - before).as("platform threads added for 300 slow clients").isLessThan(50);
            assertThat(server.call("GET", "/v1/sys/health", null, null).status()).isEqualTo(200);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
        assertNothingStored();
    }

    @Test
    void auditTrail_neverHoldsAValueSentInAnyField() throws IOException {
        String canary = "CANARY-" + System.nanoTime();
        server.root("PUT", SECRETS + "/app/canary", "{\"value\":\"" + canary + "\",\"description\":\"d\","
                + "\"custom\":{\"k\":\"" + canary + "-custom\"}}");
        server.root("POST", SECRETS + "/app/canary/rotate", "{\"value\":\"" + canary + "-rotated\"}");
        server.root("PUT", SECRETS + "/app/canary-json", "{\"fields\":{\"password\":\"" + canary + "-field\"}}");
        server.root("POST", "/v1/vaults/default/users", "{\"name\":\"eve\",\"password\":\"" + canary
                + "-password\"}");
        server.root("POST", "/v1/auth/login", "{\"vault\":\"default\",\"username\":\"eve\",\"password\":\"" + canary
                + "-wrong\"}");
        server.root("POST", "/v1/tokens/lookup", "{\"token\":\"arca_" + canary + "\"}");
        server.call("GET", SECRETS + "/app/canary", canary + "-bearer", null);
        server.root("GET", SECRETS + "/app/canary", null);
        server.root("PUT", SECRETS + "/app/canary2", "{\"value\":" + canary + "}");
        String trail = Files.readString(server.config().auditFile());
        assertThat(trail).contains("secret.write").doesNotContain(canary);
    }

    private void assertNothingStored() {
        assertThat(listing()).isEqualTo(before);
    }

    private String listing() {
        var listed = server.root("GET", SECRETS + "?recursive=true", null);
        assertThat(listed.status()).isEqualTo(200);
        return listed.body();
    }

    private int rawStatus(String request) throws IOException {
        URI uri = URI.create(server.address());
        try (var socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            Matcher matcher = STATUS.matcher(head);
            assertThat(matcher.find()).as(head).isTrue();
            lastRaw = head;
            return Integer.parseInt(matcher.group(1));
        }
    }

    private static String encode(String path) {
        var out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            out.append(c < 0x80 && c != '%' && c != ' ' ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return out.toString();
    }
}
