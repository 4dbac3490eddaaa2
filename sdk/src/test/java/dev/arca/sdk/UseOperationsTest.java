package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.api.Use;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requests {@link UseOperations} sends to {@code …/use} and how it reads the answers. */
class UseOperationsTest {
    private static final String USE = "POST /v1/vaults/default/secrets/app/stripe%20key/use";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default")
            .retries(0).build();
    private final UseOperations use = client.use();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    private JsonNode sent() throws IOException {
        return Json.lenient().readTree(server.last().body());
    }

    private static JsonNode json(String text) throws IOException {
        return Json.lenient().readTree(text);
    }

    @Test
    void httpRequest_sendsTheCallAndInjection_andReadsTheUpstreamAnswer() throws IOException {
        server.on(USE, 200, "{\"status\":201,\"headers\":{\"content-type\":\"application/json\"},"
                + "\"body\":\"{\\\"id\\\":\\\"ch_1\\\",\\\"key\\\":\\\"[REDACTED]\\\"}\",\"body_encoding\":\"utf8\"}");
        var call = UpstreamRequest.to("post", "https://api.stripe.com/v1/charges?x=1")
                .header("Content-Type", "application/json").header("Idempotency-Key", "k1")
                .body("{\"amount\":100}").timeout(Duration.ofSeconds(30));
        Use.HttpResponse answer = use.httpRequest("app/stripe key", call, HeaderInjection.custom("X-Key").field("sk"));

        assertThat(server.last().route()).isEqualTo(USE);
        assertThat(sent()).isEqualTo(json("{\"operation\":\"http_request\",\"method\":\"POST\","
                + "\"url\":\"https://api.stripe.com/v1/charges?x=1\",\"headers\":{\"Content-Type\":\"application/json\","
                + "\"Idempotency-Key\":\"k1\"},\"body\":\"{\\\"amount\\\":100}\",\"header_type\":\"custom\","
                + "\"header_name\":\"X-Key\",\"field\":\"sk\",\"timeout\":\"30s\"}"));
        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.headers()).containsEntry("content-type", "application/json");
        assertThat(answer.body()).isEqualTo("{\"id\":\"ch_1\",\"key\":\"[REDACTED]\"}");
        assertThat(answer.bodyEncoding()).isEqualTo("utf8");
    }

    @Test
    void httpRequest_minimal_sendsOnlyWhatWasGiven() throws IOException {
        server.on(USE, 200, "{\"status\":302,\"headers\":{\"location\":\"https://x\"},\"body\":\"\","
                + "\"body_encoding\":\"utf8\"}");
        var answer = use.httpRequest("app/stripe key", UpstreamRequest.get("https://api.example.com/"),
                HeaderInjection.bearer());
        assertThat(sent()).isEqualTo(json("{\"operation\":\"http_request\",\"method\":\"GET\","
                + "\"url\":\"https://api.example.com/\",\"header_type\":\"bearer\"}"));
        assertThat(answer.status()).isEqualTo(302);
    }

    @Test
    void upstreamTimeout_outsideOneToSixtyWholeSeconds_isRefusedBeforeSending() {
        var call = UpstreamRequest.get("https://api.example.com/");
        assertThatThrownBy(() -> call.timeout(Duration.ofSeconds(61))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 s to 60 s");
        assertThatThrownBy(() -> call.timeout(Duration.ofMillis(1500))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> call.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void httpHeader_sendsTheInjection_andReadsTheHeader() throws IOException {
        server.on(USE, 200, "{\"header_name\":\"X-API-Key\",\"header_value\":\"s3cr3t\"}");
        Use.Header header = use.httpHeader("app/stripe key", HeaderInjection.apiKey());
        assertThat(sent()).isEqualTo(json("{\"operation\":\"http_header\",\"header_type\":\"api_key\"}"));
        assertThat(header.headerName()).isEqualTo("X-API-Key");
        assertThat(header.headerValue().reveal()).isEqualTo("s3cr3t");
        assertThat(header.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void basicInjection_takesNoField() {
        assertThatThrownBy(() -> HeaderInjection.basic().field("password"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sign_sendsTheDataAsBase64_andVerifyReadsValid() throws IOException {
        server.on(USE, 200, "{\"algorithm\":\"hmac-sha256\",\"signature\":\"c2ln\"}");
        byte[] data = "payload\n".getBytes(StandardCharsets.UTF_8);
        Use.Signature signature = use.sign("app/stripe key", "hmac-sha256", data);
        assertThat(sent()).isEqualTo(json("{\"operation\":\"sign\",\"algorithm\":\"hmac-sha256\","
                + "\"data\":\"cGF5bG9hZAo=\",\"encoding\":\"base64\"}"));
        assertThat(signature.signature()).isEqualTo("c2ln");

        server.on(USE, 200, "{\"valid\":false}");
        assertThat(use.verify("app/stripe key", "webhook", "hmac-sha512", data, "c2ln")).isFalse();
        assertThat(sent()).isEqualTo(json("{\"operation\":\"verify\",\"field\":\"webhook\","
                + "\"algorithm\":\"hmac-sha512\",\"data\":\"cGF5bG9hZAo=\",\"encoding\":\"base64\","
                + "\"signature\":\"c2ln\"}"));
    }

    @Test
    @SuppressWarnings("deprecation") // what it checks: the old methods still work, at the new address
    void deprecatedEncryptDecryptRewrap_goToTheTransitKeysOwnAddress() throws IOException {
        String key = "POST /v1/vaults/default/transit/app/stripe%20key/";
        server.on(key + "encrypt", 200, "{\"ciphertext\":\"arca:v2:AAAA\",\"key_version\":2}")
                .on(key + "decrypt", 200, "{\"plaintext\":\"AQID\"}")
                .on(key + "rewrap", 200, "{\"ciphertext\":\"arca:v3:BBBB\",\"key_version\":3}");
        assertThat(use.encrypt("app/stripe key", new byte[] {1, 2, 3}, null).keyVersion()).isEqualTo(2);
        assertThat(sent()).isEqualTo(json("{\"plaintext\":\"AQID\"}"));
        assertThat(use.decrypt("app/stripe key", "arca:v2:AAAA", null)).containsExactly(1, 2, 3);
        assertThat(use.rewrap("app/stripe key", "arca:v2:AAAA", null).keyVersion()).isEqualTo(3);
        assertThat(server.requests()).extracting(FakeArca.Request::route)
                .containsExactly(key + "encrypt", key + "decrypt", key + "rewrap");
    }

    @Test
    void request_generic_andWithVault_reachTheOtherVault() throws IOException {
        server.on("POST /v1/vaults/prod/secrets/app/k/use", 200, "{\"valid\":true}");
        var request = new Use.Request(Use.VERIFY, null, null, null, null, null, null, null, "hmac-sha256", "hi",
                "utf8", "c2ln", null, null, null, null);
        assertThat(use.withVault("prod").request("app/k", request, Use.Verification.class).valid()).isTrue();
        assertThat(sent().get("encoding").asText()).isEqualTo("utf8");
    }

    @Test
    void upstreamFailure_isAnApiExceptionWithItsCode() {
        server.otherwise(502, "{\"error\":{\"code\":\"upstream_failed\",\"message\":\"the upstream answered more "
                + "than 1 MiB\"}}");
        assertThatThrownBy(() -> use.httpRequest("app/k", UpstreamRequest.get("https://x/"), HeaderInjection.bearer()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("upstream_failed");
                    assertThat(e.statusCode()).isEqualTo(502);
                });
    }
}
