package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.arca.api.Json;
import dev.arca.server.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Using secrets through the CLI against a real server: an HTTP call with the credential injected into a loopback
 * upstream that egress allows by its IP literal, transit encryption, and a lease's life.
 */
class UseCommandsIT {
    private static final String NL = System.lineSeparator();
    private static final String TOKEN = "tok_live_4f9a2c";

    @TempDir
    Path dir;

    private TestServer server;
    private HttpServer upstream;
    /** What the upstream received: "METHOD /path authorization body". */
    private final List<String> received = new CopyOnWriteArrayList<>();
    private Cli arca;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(dir).initAndUnseal();
        upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        upstream.createContext("/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + authorization
                    + " " + body);
            // an upstream that echoes the credential: the vault must redact it
            byte[] answer = ("charged with " + authorization).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("X-Echo", String.valueOf(authorization));
            exchange.sendResponseHeaders(201, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        upstream.start();
        arca = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_TOKEN", server.rootToken)
                .with("ARCA_VAULT", "default").with("ARCA_HOME", dir.resolve("home").toString());
        ok(arca.run("project", "create", "app"));
        ok(arca.run("secret", "put", "app/stripe", "--value", TOKEN));
    }

    @AfterEach
    void stop() {
        upstream.stop(0);
        server.close();
    }

    private String upstreamUrl(String path) {
        return "http://127.0.0.1:" + upstream.getAddress().getPort() + path;
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
        assertThat(result.err()).isEmpty();
        return result;
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        return Json.lenient().readTree(ok(result).out());
    }

    @Test
    void httpRequest_goesOnlyWhereEgressAllows_injectsTheToken_andRedactsItFromTheAnswer() throws IOException {
        var refused = arca.run("use", "app/stripe", "http-request", "--url", upstreamUrl("/v1/charges"),
                "--header-type", "bearer");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("(access_denied");
        assertThat(received).isEmpty();

        ok(arca.run("secret", "egress", "app/stripe", "--allow", upstreamUrl("/v1/*"), "--methods", "POST"));
        JsonNode rules = json(arca.run("secret", "egress", "app/stripe", "--format", "json"));
        assertThat(rules.get("allow").get(0).asText()).isEqualTo(upstreamUrl("/v1/*"));

        JsonNode answer = json(arca.run("use", "app/stripe", "http-request", "--url", upstreamUrl("/v1/charges"),
                "--method", "POST", "--data", "amount=100", "--header-type", "bearer", "--format", "json"));
        assertThat(received).containsExactly("POST /v1/charges Bearer " + TOKEN + " amount=100");
        assertThat(answer.get("status").asInt()).isEqualTo(201);
        assertThat(answer.get("body").asText()).isEqualTo("charged with Bearer [REDACTED]");
        assertThat(answer.toString()).doesNotContain(TOKEN);

        String text = ok(arca.run("use", "app/stripe", "http-request", "--url", upstreamUrl("/v1/charges"),
                "--method", "POST", "--header-type", "bearer")).out();
        assertThat(text).startsWith("HTTP 201" + NL).endsWith(NL + NL + "charged with Bearer [REDACTED]" + NL)
                .doesNotContain(TOKEN);

        var wrongMethod = arca.run("use", "app/stripe", "http-request", "--url", upstreamUrl("/v1/charges"),
                "--header-type", "bearer");
        assertThat(wrongMethod.exitCode()).isEqualTo(1);
        assertThat(wrongMethod.err()).contains("(access_denied");
        var outsideThePrefix = arca.run("use", "app/stripe", "http-request", "--url", upstreamUrl("/admin"),
                "--method", "POST", "--header-type", "bearer");
        assertThat(outsideThePrefix.exitCode()).isEqualTo(1);
        assertThat(received).hasSize(2);

        ok(arca.run("secret", "egress", "app/stripe", "--clear"));
        assertThat(ok(arca.run("secret", "egress", "app/stripe")).out())
                .isEqualTo("No egress rules: app/stripe may not be sent anywhere" + NL);
    }

    @Test
    void transit_encryptsAndDecryptsInsideTheVault_boundToItsContext() throws IOException {
        JsonNode key = json(arca.run("transit", "create", "app/orders", "--format", "json"));
        assertThat(key.get("algorithm").asText()).isEqualTo("aes256-gcm");
        assertThat(key.get("latest_version").asInt()).isEqualTo(1);

        String ciphertext = ok(arca.run("transit", "encrypt", "app/orders", "--data", "card 4242", "--context",
                "order-7")).out().strip();
        assertThat(ciphertext).startsWith("arca:v1:").doesNotContain("4242");
        assertThat(ok(arca.run("transit", "decrypt", "app/orders", "--data", ciphertext, "--context", "order-7")).out())
                .isEqualTo("card 4242" + NL);

        var otherContext = arca.run("transit", "decrypt", "app/orders", "--data", ciphertext, "--context", "order-8");
        assertThat(otherContext.exitCode()).isEqualTo(1);
        assertThat(otherContext.err()).contains("(invalid_request");
        assertThat(arca.run("secret", "get", "app/orders").exitCode()).as("a transit key is never read").isEqualTo(1);
    }

    @Test
    void lease_retrievedValueIsListedUntilReleased_thenEnded() throws IOException {
        JsonNode retrieved = json(arca.run("lease", "retrieve", "app/stripe", "--ttl", "5m", "--format", "json"));
        assertThat(retrieved.get("value").asText()).isEqualTo(TOKEN);
        assertThat(retrieved.get("ttl").asLong()).isEqualTo(300);
        String leaseId = retrieved.get("lease_id").asText();

        JsonNode own = json(arca.run("lease", "list", "--format", "json"));
        assertThat(own.get("data").findValuesAsText("lease_id")).containsExactly(leaseId);

        assertThat(ok(arca.run("lease", "release", leaseId)).out()).isEqualTo("Released " + leaseId + NL);
        var ended = arca.run("lease", "get", leaseId);
        assertThat(ended.exitCode()).isEqualTo(1);
        assertThat(ended.err()).contains("(lease_expired");
        assertThat(json(arca.run("lease", "list", "--format", "json")).get("data")).isEmpty();
    }
}
