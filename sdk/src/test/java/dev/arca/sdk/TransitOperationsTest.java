package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.api.SecretText;
import dev.arca.api.TransitKey;
import dev.arca.api.Use;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requests {@link TransitOperations} sends to {@code /v1/vaults/{vault}/transit/…}. */
class TransitOperationsTest {
    private static final String KEY = "{\"id\":\"sk_9\",\"path\":\"app/orders\",\"algorithm\":\"chacha20-poly1305\","
            + "\"exportable\":true,\"latest_version\":2,\"min_decryption_version\":1,\"versions\":["
            + "{\"version\":1,\"created_at\":\"2025-01-01T00:00:00Z\"},{\"version\":2,\"created_at\":\"2025-02-01T00:00:00Z\"}],"
            + "\"created_at\":\"2025-01-01T00:00:00Z\"}";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default")
            .retries(0).build();
    private final TransitOperations transit = client.transit();

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
    void create_postsAlgorithmAndExportable_andReadsTheKey() {
        server.on("POST /v1/vaults/default/transit/app/orders", 201, KEY);
        TransitKey key = transit.create("app/orders", TransitOperations.CHACHA20_POLY1305, true);
        assertThat(server.last().body()).isEqualTo("{\"algorithm\":\"chacha20-poly1305\",\"exportable\":true}");
        assertThat(key.latestVersion()).isEqualTo(2);
        assertThat(key.versions()).extracting(TransitKey.Version::version).containsExactly(1, 2);
    }

    @Test
    void create_withoutAlgorithm_leavesItToTheServer() {
        server.on("POST /v1/vaults/default/transit/app/orders", 201, KEY);
        transit.create("app/orders", null, false);
        assertThat(server.last().body()).isEqualTo("{\"exportable\":false}");
    }

    @Test
    void getRotateUpdateExport_useTheirRoutes() {
        server.on("GET /v1/vaults/default/transit/app/orders", 200, KEY)
                .on("POST /v1/vaults/default/transit/app/orders/rotate", 200, KEY)
                .on("PATCH /v1/vaults/default/transit/app/orders", 200, KEY)
                .on("GET /v1/vaults/default/transit/app/orders/export", 200, "{\"keys\":{\"1\":\"AAEC\",\"2\":\"AwQF\"}}");
        assertThat(transit.get("app/orders").algorithm()).isEqualTo("chacha20-poly1305");
        transit.rotate("app/orders");
        assertThat(server.last().body()).isEmpty();
        transit.setMinDecryptionVersion("app/orders", 2);
        assertThat(server.last().body()).isEqualTo("{\"min_decryption_version\":2}");
        TransitKey.Export export = transit.export("app/orders");
        assertThat(SecretText.revealAll(export.keys())).containsEntry("1", "AAEC").containsEntry("2", "AwQF");
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly(
                "GET /v1/vaults/default/transit/app/orders", "POST /v1/vaults/default/transit/app/orders/rotate",
                "PATCH /v1/vaults/default/transit/app/orders", "GET /v1/vaults/default/transit/app/orders/export");
    }

    @Test
    void encryptDecryptRewrap_postToTheKeysAddress_encodingAndDecodingBase64ForTheCaller() throws IOException {
        String key = "POST /v1/vaults/default/transit/app/stripe%20key/";
        server.on(key + "encrypt", 200, "{\"ciphertext\":\"arca:v2:AAAA\",\"key_version\":2}");
        Use.Ciphertext ciphertext = transit.encrypt("app/stripe key", new byte[] {1, 2, 3},
                "ctx".getBytes(StandardCharsets.UTF_8));
        assertThat(sent()).isEqualTo(json("{\"plaintext\":\"AQID\",\"context\":\"Y3R4\"}"));
        assertThat(ciphertext.ciphertext()).isEqualTo("arca:v2:AAAA");
        assertThat(ciphertext.keyVersion()).isEqualTo(2);

        server.on(key + "decrypt", 200, "{\"plaintext\":\"AQID\"}");
        assertThat(transit.decrypt("app/stripe key", "arca:v2:AAAA", null)).containsExactly(1, 2, 3);
        assertThat(sent()).isEqualTo(json("{\"ciphertext\":\"arca:v2:AAAA\"}"));

        server.on(key + "rewrap", 200, "{\"ciphertext\":\"arca:v3:BBBB\",\"key_version\":3}");
        assertThat(transit.withVault("default").rewrap("app/stripe key", "arca:v2:AAAA", null).keyVersion())
                .isEqualTo(3);
        assertThat(sent()).isEqualTo(json("{\"ciphertext\":\"arca:v2:AAAA\"}"));
        assertThat(server.requests()).extracting(FakeArca.Request::route)
                .containsExactly(key + "encrypt", key + "decrypt", key + "rewrap");
    }

    /** SanctumAI's form: the text as {@code data}, the ciphertext back as {@code data} for the text itself. */
    @Test
    void encryptTextAndDecryptText_sendData_andTakeThePlaintextAsText() throws IOException {
        server.on("POST /v1/vaults/default/transit/app/orders/encrypt", 200,
                "{\"ciphertext\":\"arca:v1:AAAA\",\"key_version\":1}");
        assertThat(transit.encryptText("app/orders", "card 4242", "t7".getBytes(StandardCharsets.UTF_8))
                .ciphertext()).isEqualTo("arca:v1:AAAA");
        assertThat(sent()).isEqualTo(json("{\"data\":\"card 4242\",\"context\":\"dDc=\"}"));
        server.on("POST /v1/vaults/default/transit/app/orders/decrypt", 200, "{\"plaintext\":\"card 4242\"}");
        assertThat(transit.decryptText("app/orders", "arca:v1:AAAA", null)).isEqualTo("card 4242");
        assertThat(sent()).isEqualTo(json("{\"data\":\"arca:v1:AAAA\"}"));
    }

    @Test
    void decrypt_answerThatIsNotBase64_isAnArcaExceptionWithoutTheAnswer() {
        server.on("POST /v1/vaults/default/transit/app/k/decrypt", 200, "{\"plaintext\":\"not base64!\"}");
        assertThatThrownBy(() -> transit.decrypt("app/k", "arca:v1:AAAA", null))
                .isInstanceOf(ArcaException.class).hasMessageNotContaining("not base64!");
    }

    @Test
    void aCiphertextOfAnotherContext_isAnApiExceptionNamingTheField() {
        server.otherwise(400, "{\"error\":{\"code\":\"invalid_request\",\"message\":\"ciphertext does not "
                + "decrypt with key app/k and this context\",\"details\":{\"field\":\"ciphertext\"}}}");
        assertThatThrownBy(() -> transit.decrypt("app/k", "arca:v1:AAAA", "other".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("invalid_request");
                    assertThat(e.details()).containsEntry("field", "ciphertext");
                });
    }

    @Test
    void exportOfANonExportableKey_isAccessDenied() {
        server.otherwise(403, "{\"error\":{\"code\":\"access_denied\",\"message\":\"app/orders is not exportable\"}}");
        assertThatThrownBy(() -> transit.export("app/orders")).isInstanceOf(AccessDeniedException.class)
                .hasMessage("app/orders is not exportable (access_denied)");
    }
}
