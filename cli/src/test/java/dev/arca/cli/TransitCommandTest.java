package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.sdk.FakeArca;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca transit …} against canned answers: what it sends and prints. */
class TransitCommandTest {
    private static final String NL = System.lineSeparator();
    private static final String ROUTE = "/v1/vaults/prod/transit/app/orders";
    private static final String ENCRYPT = "POST " + ROUTE + "/encrypt";
    private static final String DECRYPT = "POST " + ROUTE + "/decrypt";
    private static final String KEY = "{\"id\":\"sk_9\",\"path\":\"app/orders\",\"algorithm\":\"aes256-gcm\","
            + "\"exportable\":false,\"latest_version\":2,\"min_decryption_version\":1,\"versions\":["
            + "{\"version\":1,\"created_at\":\"2025-01-01T00:00:00.000Z\"},{\"version\":2,\"created_at\":\"2025-02-01T00:00:00.000Z\"}],"
            + "\"created_at\":\"2025-01-01T00:00:00.000Z\"}";

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

    @Test
    void create_sendsAlgorithmAndExportable_andDescribesTheKey() throws IOException {
        server.on("POST " + ROUTE, 201, KEY);
        var result = cli().run("transit", "create", "app/orders", "--algorithm", "chacha20-poly1305", "--exportable");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.last().body()).isEqualTo("{\"algorithm\":\"chacha20-poly1305\",\"exportable\":true}");
        assertThat(result.out()).contains("PATH                    app/orders" + NL)
                .contains("LATEST VERSION          2" + NL)
                .contains("VERSION  CREATED" + NL + "1        2025-01-01T00:00:00.000Z" + NL);

        assertThat(cli().run("transit", "create", "app/orders").exitCode()).isZero();
        assertThat(server.last().body()).isEqualTo("{\"exportable\":false}");
    }

    @Test
    void create_unknownAlgorithm_isAUsageError() {
        var result = cli().run("transit", "create", "app/orders", "--algorithm", "des");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--algorithm is aes256-gcm or chacha20-poly1305, not 'des'");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void getRotateUpdate_json_printTheWireKey() throws IOException {
        server.on("GET " + ROUTE, 200, KEY).on("POST " + ROUTE + "/rotate", 200, KEY).on("PATCH " + ROUTE, 200, KEY);
        var get = cli().run("transit", "get", "app/orders", "--format", "json");
        assertThat(Json.lenient().readTree(get.out()).get("min_decryption_version").asInt()).isEqualTo(1);
        assertThat(cli().run("transit", "rotate", "app/orders").exitCode()).isZero();
        assertThat(server.last().route()).isEqualTo("POST " + ROUTE + "/rotate");
        assertThat(cli().run("transit", "update", "app/orders", "--min-decryption-version", "2").exitCode()).isZero();
        assertThat(server.last().body()).isEqualTo("{\"min_decryption_version\":2}");

        var zero = cli().run("transit", "update", "app/orders", "--min-decryption-version", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        var missing = cli().run("transit", "update", "app/orders");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--min-decryption-version");
    }

    @Test
    void export_printsEachVersionsKeyInOrder() {
        server.on("GET " + ROUTE + "/export", 200, "{\"keys\":{\"10\":\"Cg==\",\"2\":\"Ag==\",\"1\":\"AQ==\"}}");
        var result = cli().run("transit", "export", "app/orders");
        assertThat(result.out()).isEqualTo("VERSION  KEY" + NL + "1        AQ==" + NL + "2        Ag==" + NL
                + "10       Cg==" + NL);
    }

    @Test
    void encrypt_sendsTheTextAsBase64WithItsContext_andPrintsTheCiphertext() throws IOException {
        server.on(ENCRYPT, 200, "{\"ciphertext\":\"arca:v2:QUJD\",\"key_version\":2}");
        var text = cli().run("transit", "encrypt", "app/orders", "--data", "card 4242", "--context", "order-7");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).isEqualTo("arca:v2:QUJD" + NL);
        assertThat(server.last().route()).isEqualTo(ENCRYPT);
        assertThat(sent().has("operation")).isFalse();
        assertThat(sent().get("plaintext").asText()).isEqualTo("Y2FyZCA0MjQy");
        assertThat(sent().get("context").asText()).isEqualTo("b3JkZXItNw==");

        var fromStdin = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", home.toString())
                .with("ARCA_TOKEN", "arca_t").with("ARCA_VAULT", "prod")
                .runWithStdin("from stdin", "transit", "encrypt", "app/orders", "--data-file", "-", "--format", "json");
        assertThat(Json.lenient().readTree(fromStdin.out()).get("ciphertext").asText()).isEqualTo("arca:v2:QUJD");
        assertThat(sent().get("plaintext").asText()).isEqualTo("ZnJvbSBzdGRpbg==");

        var noData = cli().run("transit", "encrypt", "app/orders");
        assertThat(noData.exitCode()).isEqualTo(2);
        assertThat(noData.err()).contains("--data");
    }

    @Test
    void decrypt_printsText_orBase64_andRefusesBinaryAsText() throws IOException {
        server.on(DECRYPT, 200, "{\"plaintext\":\"Y2FyZCA0MjQy\"}");
        var text = cli().run("transit", "decrypt", "app/orders", "--data", "arca:v2:QUJD", "--context", "order-7");
        assertThat(text.out()).isEqualTo("card 4242" + NL);
        assertThat(sent().get("ciphertext").asText()).isEqualTo("arca:v2:QUJD");
        assertThat(sent().get("context").asText()).isEqualTo("b3JkZXItNw==");
        var json = cli().run("transit", "decrypt", "app/orders", "--data", "arca:v2:QUJD", "--format", "json");
        assertThat(Json.lenient().readTree(json.out()).get("plaintext").asText()).isEqualTo("card 4242");

        server.on(DECRYPT, 200, "{\"plaintext\":\"/wA=\"}");
        var binary = cli().run("transit", "decrypt", "app/orders", "--data", "arca:v2:QUJD");
        assertThat(binary.exitCode()).isEqualTo(1);
        assertThat(binary.err()).isEqualTo("error: the plaintext is binary, not UTF-8 text: add --base64" + NL);
        assertThat(cli().run("transit", "decrypt", "app/orders", "--data", "arca:v2:QUJD", "--base64").out())
                .isEqualTo("/wA=" + NL);
    }

    @Test
    void rewrap_printsTheNewCiphertext() throws IOException {
        server.on("POST " + ROUTE + "/rewrap", 200, "{\"ciphertext\":\"arca:v3:REVG\",\"key_version\":3}");
        var result = cli().run("transit", "rewrap", "app/orders", "--data", "arca:v2:QUJD");
        assertThat(result.out()).isEqualTo("arca:v3:REVG" + NL);
        assertThat(server.last().route()).isEqualTo("POST " + ROUTE + "/rewrap");
        assertThat(sent().get("ciphertext").asText()).isEqualTo("arca:v2:QUJD");
    }

    @Test
    void wrongContext_isOneErrorLine() {
        server.on(DECRYPT, 400, "{\"error\":{\"code\":\"invalid_request\",\"message\":\"ciphertext does not decrypt "
                + "with key app/orders\"}}");
        var result = cli().run("transit", "decrypt", "app/orders", "--data", "arca:v2:QUJD", "--context", "other");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: ciphertext does not decrypt with key app/orders (invalid_request)"
                + NL);
    }
}
