package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.sdk.FakeArca;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca use …} and {@code arca secret egress} against canned answers: what they send and print. */
class UseCommandTest {
    private static final String NL = System.lineSeparator();
    private static final String USE = "POST /v1/vaults/prod/secrets/app/stripe/use";
    private static final String EGRESS = "/v1/vaults/prod/secrets/app/stripe/egress";
    private static final String UPSTREAM = "{\"status\":200,\"headers\":{\"content-type\":\"text/plain\","
            + "\"x-echo\":\"[REDACTED]\"},\"body\":\"hello\",\"body_encoding\":\"utf8\"}";

    @TempDir
    Path home;

    private final FakeArca server = new FakeArca();

    private Cli cli() {
        return Cli.against(server, home);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode sent() throws IOException {
        return Cli.lastBody(server);
    }

    private static JsonNode json(String text) throws IOException {
        return Json.lenient().readTree(text);
    }

    @Test
    void httpRequest_sendsEverythingGiven_andPrintsStatusHeadersAndBody() throws IOException {
        server.on(USE, 200, UPSTREAM);
        var result = cli().run("use", "app/stripe", "http-request", "--url", "https://api.stripe.com/v1/charges",
                "--method", "post", "--header", "Content-Type: text/plain", "--header", "X-Trace:a:b",
                "--data", "amount=100", "--header-type", "custom", "--header-name", "X-Key", "--field", "sk",
                "--timeout", "30s");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(sent()).isEqualTo(json("{\"operation\":\"http_request\",\"method\":\"POST\","
                + "\"url\":\"https://api.stripe.com/v1/charges\",\"headers\":{\"Content-Type\":\"text/plain\","
                + "\"X-Trace\":\"a:b\"},\"body\":\"amount=100\",\"header_type\":\"custom\",\"header_name\":\"X-Key\","
                + "\"field\":\"sk\",\"timeout\":\"30s\"}"));
        assertThat(result.out()).isEqualTo("HTTP 200" + NL + "content-type: text/plain" + NL
                + "x-echo: [REDACTED]" + NL + NL + "hello" + NL);
    }

    @Test
    void httpRequest_json_printsTheWireAnswer_andBodyFromAFile() throws IOException {
        server.on(USE, 200, UPSTREAM);
        Path file = home.resolve("body.json");
        Files.writeString(file, "{\"a\":1}");
        var result = cli().run("use", "app/stripe", "http-request", "--url", "https://x.example/", "--data-file",
                file.toString(), "--header-type", "bearer", "--format", "json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(sent().get("body").asText()).isEqualTo("{\"a\":1}");
        assertThat(sent().get("method").asText()).isEqualTo("GET");
        assertThat(sent().has("timeout")).isFalse();
        JsonNode printed = json(result.out());
        assertThat(printed.get("status").asInt()).isEqualTo(200);
        assertThat(printed.get("headers").get("x-echo").asText()).isEqualTo("[REDACTED]");
        assertThat(printed.get("body").asText()).isEqualTo("hello");
    }

    @Test
    void httpRequest_badFlags_areUsageErrorsAndSendNothing() {
        var missingType = cli().run("use", "app/stripe", "http-request", "--url", "https://x.example/");
        assertThat(missingType.exitCode()).isEqualTo(2);
        assertThat(missingType.err()).contains("--header-type");

        var badType = cli().run("use", "app/stripe", "http-request", "--url", "https://x/", "--header-type", "oauth");
        assertThat(badType.exitCode()).isEqualTo(2);
        assertThat(badType.err()).contains("--header-type", "oauth");

        var customWithoutName = cli().run("use", "app/stripe", "http-request", "--url", "https://x/",
                "--header-type", "custom");
        assertThat(customWithoutName.exitCode()).isEqualTo(2);
        assertThat(customWithoutName.err()).contains("--header-type custom needs --header-name");

        var badHeader = cli().run("use", "app/stripe", "http-request", "--url", "https://x/", "--header-type",
                "bearer", "--header", "NoColon");
        assertThat(badHeader.exitCode()).isEqualTo(2);
        assertThat(badHeader.err()).contains("--header is written 'NAME: VALUE', not 'NoColon'");

        var longTimeout = cli().run("use", "app/stripe", "http-request", "--url", "https://x/", "--header-type",
                "bearer", "--timeout", "2m");
        assertThat(longTimeout.exitCode()).isEqualTo(2);
        assertThat(longTimeout.err()).contains("--timeout is from 1s to 60s, not 2m");

        var basicField = cli().run("use", "app/stripe", "http-request", "--url", "https://x/", "--header-type",
                "basic", "--field", "password");
        assertThat(basicField.exitCode()).isEqualTo(2);
        assertThat(basicField.err()).contains("drop --field");

        var bothBodies = cli().run("use", "app/stripe", "http-request", "--url", "https://x/", "--header-type",
                "bearer", "--data", "a", "--data-file", "b");
        assertThat(bothBodies.exitCode()).isEqualTo(2);
        assertThat(bothBodies.err()).contains("mutually exclusive");

        assertThat(server.requests()).isEmpty();
    }

    @Test
    void useWithoutPathOrOperation_isAUsageError() {
        assertThat(cli().run("use", "app/stripe").exitCode()).isEqualTo(2);
        var noPath = cli().run("use", "sign", "--algorithm", "hmac-sha256", "--data", "x");
        assertThat(noPath.exitCode()).isEqualTo(2);
        assertThat(noPath.err()).contains("PATH");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void upstreamTimeout_isOneErrorLineWithItsCode() {
        server.on(USE, 504, "{\"error\":{\"code\":\"upstream_timeout\",\"message\":\"api.stripe.com did not answer "
                + "within 10s\",\"request_id\":\"req_7\"}}");
        var result = cli().run("use", "app/stripe", "http-request", "--url", "https://api.stripe.com/",
                "--header-type", "bearer");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: api.stripe.com did not answer within 10s (upstream_timeout, "
                + "request req_7)" + NL);
    }

    @Test
    void httpHeader_printsTheHeaderLine_orJson() throws IOException {
        server.on(USE, 200, "{\"header_name\":\"X-API-Key\",\"header_value\":\"s3cr3t\"}");
        var text = cli().run("use", "app/stripe", "http-header", "--header-type", "api_key");
        assertThat(text.out()).isEqualTo("X-API-Key: s3cr3t" + NL);
        assertThat(sent()).isEqualTo(json("{\"operation\":\"http_header\",\"header_type\":\"api_key\"}"));
        var asJson = cli().run("use", "app/stripe", "http-header", "--header-type", "api_key", "--header-name",
                "X-Token", "--format", "json");
        assertThat(json(asJson.out()).get("header_value").asText()).isEqualTo("s3cr3t");
        assertThat(sent().get("header_name").asText()).isEqualTo("X-Token");
    }

    @Test
    void sign_sendsTheTextAsBase64_andPrintsTheSignature() throws IOException {
        server.on(USE, 200, "{\"algorithm\":\"hmac-sha256\",\"signature\":\"c2ln\"}");
        var text = cli().run("use", "app/stripe", "sign", "--algorithm", "hmac-sha256", "--data", "hi");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).isEqualTo("c2ln" + NL);
        assertThat(sent()).isEqualTo(json("{\"operation\":\"sign\",\"algorithm\":\"hmac-sha256\",\"data\":\"aGk=\","
                + "\"encoding\":\"base64\"}"));

        var asJson = cli().run("use", "app/stripe", "sign", "--algorithm", "hmac-sha256", "--data", "AAEC",
                "--base64", "--format", "json");
        assertThat(json(asJson.out()).get("signature").asText()).isEqualTo("c2ln");
        assertThat(sent().get("data").asText()).isEqualTo("AAEC");

        var notBase64 = cli().run("use", "app/stripe", "sign", "--algorithm", "hmac-sha256", "--data", "!!",
                "--base64");
        assertThat(notBase64.exitCode()).isEqualTo(2);
        assertThat(notBase64.err()).contains("--data is not base64");
    }

    @Test
    void verify_exitsZeroWhenValid_andOneWhenNot() throws IOException {
        server.on(USE, 200, "{\"valid\":true}");
        var valid = cli().run("use", "app/stripe", "verify", "--algorithm", "hmac-sha256", "--data", "hi",
                "--signature", "c2ln");
        assertThat(valid.exitCode()).isZero();
        assertThat(valid.out()).isEqualTo("valid" + NL);
        assertThat(sent().get("signature").asText()).isEqualTo("c2ln");

        server.on(USE, 200, "{\"valid\":false}");
        var invalid = cli().run("use", "app/stripe", "verify", "--algorithm", "hmac-sha256", "--data", "hi",
                "--signature", "c2ln", "--format", "json");
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(json(invalid.out()).get("valid").asBoolean()).isFalse();
        assertThat(invalid.err()).isEmpty();
        assertThat(cli().run("use", "app/stripe", "verify", "--help").out()).contains("Exit code 0 when it",
                "1 when it is not");
    }

    @Test
    void egress_withoutAllow_showsTheRules() {
        server.on("GET " + EGRESS, 200, "{\"allow\":[\"https://api.stripe.com/v1/*\",\"https://*.stripe.com\"],"
                + "\"methods\":[\"GET\",\"POST\"],\"updated_at\":\"2025-01-01T00:00:00.000Z\",\"updated_by\":\"user:ada\"}");
        var result = cli().run("secret", "egress", "app/stripe");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("ALLOW    https://api.stripe.com/v1/*" + NL
                + "ALLOW    https://*.stripe.com" + NL + "METHODS  GET,POST" + NL
                + "UPDATED  2025-01-01T00:00:00.000Z by user:ada" + NL);

        server.on("GET " + EGRESS, 200, "{\"allow\":[],\"methods\":[]}");
        assertThat(cli().run("secret", "egress", "app/stripe").out())
                .isEqualTo("No egress rules: app/stripe may not be sent anywhere" + NL);
    }

    @Test
    void egress_allowPutsTheRules_andClearPutsEmptyLists() throws IOException {
        server.on("PUT " + EGRESS, 200, "{\"allow\":[\"https://api.stripe.com/v1/*\"],\"methods\":[\"POST\",\"GET\"]}");
        var result = cli().run("secret", "egress", "app/stripe", "--allow", "https://api.stripe.com/v1/*",
                "--methods", "post, GET", "--format", "json");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.last().route()).isEqualTo("PUT " + EGRESS);
        assertThat(sent()).isEqualTo(json("{\"allow\":[\"https://api.stripe.com/v1/*\"],\"methods\":[\"POST\",\"GET\"]}"));
        assertThat(json(result.out()).get("methods").get(0).asText()).isEqualTo("POST");

        server.on("PUT " + EGRESS, 200, "{\"allow\":[],\"methods\":[]}");
        assertThat(cli().run("secret", "egress", "app/stripe", "--clear").exitCode()).isZero();
        assertThat(server.last().body()).isEqualTo("{\"allow\":[],\"methods\":[]}");
    }

    @Test
    void egress_badFlagCombinations_areUsageErrorsAndSendNothing() {
        var noMethods = cli().run("secret", "egress", "app/stripe", "--allow", "https://x/*");
        assertThat(noMethods.exitCode()).isEqualTo(2);
        assertThat(noMethods.err()).contains("--methods");
        var clearAndAllow = cli().run("secret", "egress", "app/stripe", "--clear", "--allow", "https://x/*");
        assertThat(clearAndAllow.exitCode()).isEqualTo(2);
        assertThat(clearAndAllow.err()).contains("--clear removes every rule");
        var methodsAlone = cli().run("secret", "egress", "app/stripe", "--methods", "GET");
        assertThat(methodsAlone.exitCode()).isEqualTo(2);
        assertThat(methodsAlone.err()).contains("--methods goes with --allow");
        assertThat(server.requests()).isEmpty();
    }
}
