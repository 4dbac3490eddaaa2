package dev.arca.server.transit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypt, decrypt and rewrap at the key's own address, {@code POST /v1/vaults/{vault}/transit/{path}/encrypt|…}
 * (docs/API-use.md), by a principal holding nothing but {@code use}: it never sees the key, and the refusals say no
 * more than they must.
 */
class TransitUseIT {
    private static final String V = "/v1/vaults/default";
    private static final String SECRET = "4111 1111 1111 1111";

    @TempDir
    Path dir;
    TestServer server;
    String user;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        expect(201, server.root("POST", V + "/projects", "{\"name\":\"app\"}"));
        expect(201, server.root("POST", V + "/transit/app/k", "{}"));
        expect(201, server.root("POST", V + "/transit/app/other", "{}"));
        expect(200, server.root("PUT", V + "/policies/user", "{\"rules\":[{\"path\":\"app/**\",\"permissions\":"
                + "[\"use\"]}]}"));
        user = server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"user\"]}").json()
                .path("token").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void decrypt_givesBackWhatEncryptTook() {
        JsonNode encrypted = expect(200, transit("app/k", "encrypt", "\"plaintext\":\"" + b64(SECRET)
                + "\",\"context\":\"" + b64("tenant-7") + "\"")).json();
        assertThat(encrypted.path("key_version").asInt()).isEqualTo(1);
        String ciphertext = encrypted.path("ciphertext").asText();
        assertThat(ciphertext).startsWith("arca:v1:");
        JsonNode decrypted = expect(200, transit("app/k", "decrypt", "\"ciphertext\":\"" + ciphertext
                + "\",\"context\":\"" + b64("tenant-7") + "\"")).json();
        assertThat(text(decrypted.path("plaintext").asText())).isEqualTo(SECRET);
    }

    @Test
    void afterRotation_oldCiphertextsDecrypt_andRewrapMovesThemToTheLatestVersion() {
        String v1 = encrypt("app/k", SECRET);
        expect(200, server.root("POST", V + "/transit/app/k/rotate", null));
        assertThat(decrypt("app/k", v1)).isEqualTo(SECRET);
        assertThat(encrypt("app/k", SECRET)).startsWith("arca:v2:");
        JsonNode rewrapped = expect(200, transit("app/k", "rewrap", "\"ciphertext\":\"" + v1 + "\"")).json();
        assertThat(rewrapped.path("key_version").asInt()).isEqualTo(2);
        assertThat(rewrapped.path("ciphertext").asText()).startsWith("arca:v2:");
        assertThat(decrypt("app/k", rewrapped.path("ciphertext").asText())).isEqualTo(SECRET);
    }

    @Test
    void anotherKeysCiphertext_is400SayingOnlyThatItDoesNotDecrypt() {
        String ciphertext = encrypt("app/other", SECRET);
        var response = transit("app/k", "decrypt", "\"ciphertext\":\"" + ciphertext + "\"");
        assertInvalid(response, "ciphertext");
        assertThat(message(response)).isEqualTo("ciphertext does not decrypt with key app/k and this context");
    }

    @Test
    void anotherContext_is400() {
        String ciphertext = expect(200, transit("app/k", "encrypt", "\"plaintext\":\"" + b64(SECRET)
                + "\",\"context\":\"" + b64("tenant-7") + "\"")).json().path("ciphertext").asText();
        var response = transit("app/k", "decrypt", "\"ciphertext\":\"" + ciphertext + "\",\"context\":\""
                + b64("tenant-8") + "\"");
        assertInvalid(response, "ciphertext");
        assertThat(message(response)).isEqualTo("ciphertext does not decrypt with key app/k and this context");
    }

    @Test
    void belowTheMinimumVersion_is400NamingTheMinimum_untilLowered() {
        String v1 = encrypt("app/k", SECRET);
        expect(200, server.root("POST", V + "/transit/app/k/rotate", null));
        expect(200, server.root("PATCH", V + "/transit/app/k", "{\"min_decryption_version\":2}"));
        var refused = transit("app/k", "decrypt", "\"ciphertext\":\"" + v1 + "\"");
        assertInvalid(refused, "ciphertext");
        assertThat(message(refused)).contains("min_decryption_version").contains("(2)");
        assertInvalid(transit("app/k", "rewrap", "\"ciphertext\":\"" + v1 + "\""), "ciphertext");
        expect(200, server.root("PATCH", V + "/transit/app/k", "{\"min_decryption_version\":1}"));
        assertThat(decrypt("app/k", v1)).isEqualTo(SECRET);
    }

    @Test
    void malformedInput_is400NamingTheField() {
        assertInvalid(transit("app/k", "encrypt", "\"plaintext\":\"not base64!\""), "plaintext");
        assertInvalid(transit("app/k", "encrypt", "\"plaintext\":\"" + b64("x") + "\",\"context\":\"%%\""), "context");
        assertInvalid(transit("app/k", "decrypt", "\"ciphertext\":\"arca:vX:AAAA\""), "ciphertext");
        String v1 = encrypt("app/k", SECRET);
        assertInvalid(transit("app/k", "decrypt", "\"ciphertext\":\"" + v1.replace("arca:v1:", "arca:v7:") + "\""),
                "ciphertext");
    }

    /** SanctumAI's contract: {@code encrypt {data}} answers {@code {ciphertext}}, {@code decrypt {data}} the text. */
    @Test
    void theTextForm_encryptsDataAsUtf8_andDecryptsDataBackToTheText() {
        String text = "Grüße, \"quoted\" ✓ 𝄞";
        JsonNode encrypted = expect(200, transit("app/k", "encrypt", "\"data\":" + json(text))).json();
        String ciphertext = encrypted.path("ciphertext").asText();
        assertThat(ciphertext).startsWith("arca:v1:");
        assertThat(encrypted.path("key_version").asInt()).isEqualTo(1);

        JsonNode decrypted = expect(200, transit("app/k", "decrypt", "\"data\":\"" + ciphertext + "\"")).json();
        assertThat(decrypted.path("plaintext").asText()).isEqualTo(text);
        assertThat(decrypted.properties()).hasSize(1);
        JsonNode asBase64 = expect(200, transit("app/k", "decrypt", "\"ciphertext\":\"" + ciphertext + "\"")).json();
        assertThat(asBase64.path("plaintext").asText()).isEqualTo(b64(text));
    }

    @Test
    void theTwoForms_areTheSameCiphertexts_onlyAnsweredDifferently() {
        String fromText = expect(200, transit("app/k", "encrypt", "\"data\":\"" + SECRET + "\",\"context\":\""
                + b64("tenant-7") + "\"")).json().path("ciphertext").asText();
        JsonNode asBase64 = expect(200, transit("app/k", "decrypt", "\"ciphertext\":\"" + fromText
                + "\",\"context\":\"" + b64("tenant-7") + "\"")).json();
        assertThat(asBase64.path("plaintext").asText()).isEqualTo(b64(SECRET));

        String fromBase64 = encrypt("app/k", SECRET);
        JsonNode asText = expect(200, transit("app/k", "decrypt", "\"data\":\"" + fromBase64 + "\"")).json();
        assertThat(asText.path("plaintext").asText()).isEqualTo(SECRET);
        // the context binds the text form as it binds the other
        assertInvalid(transit("app/k", "decrypt", "\"data\":\"" + fromText + "\""), "data");
    }

    @Test
    void theTextForm_mixedWithTheBase64Form_orMissing_is400NamingTheField() {
        var both = transit("app/k", "encrypt", "\"plaintext\":\"" + b64(SECRET) + "\",\"data\":\"" + SECRET + "\"");
        assertInvalid(both, "data");
        assertThat(message(both)).contains("plaintext").contains("data").contains("not both");
        var neither = transit("app/k", "encrypt", "\"context\":\"" + b64("tenant-7") + "\"");
        assertInvalid(neither, "plaintext");
        assertThat(message(neither)).contains("data");

        String ciphertext = encrypt("app/k", SECRET);
        var bothDecrypt = transit("app/k", "decrypt", "\"ciphertext\":\"" + ciphertext + "\",\"data\":\""
                + ciphertext + "\"");
        assertInvalid(bothDecrypt, "data");
        assertThat(message(bothDecrypt)).contains("ciphertext").contains("data").contains("not both");
        var neitherDecrypt = transit("app/k", "decrypt", "");
        assertInvalid(neitherDecrypt, "ciphertext");
        assertThat(message(neitherDecrypt)).contains("data");
        var rewrap = transit("app/k", "rewrap", "\"data\":\"" + ciphertext + "\"");
        assertInvalid(rewrap, "data");
        assertThat(message(rewrap)).contains("'ciphertext'");
        assertInvalid(transit("app/k", "encrypt", "\"data\":7"), "data");
    }

    @Test
    void aBadCiphertextInData_is400NamingData() {
        assertInvalid(transit("app/k", "decrypt", "\"data\":\"arca:vX:AAAA\""), "data");
        String other = encrypt("app/other", SECRET);
        var response = transit("app/k", "decrypt", "\"data\":\"" + other + "\"");
        assertInvalid(response, "data");
        assertThat(message(response)).isEqualTo("ciphertext does not decrypt with key app/k and this context");
        String v1 = encrypt("app/k", SECRET);
        expect(200, server.root("POST", V + "/transit/app/k/rotate", null));
        expect(200, server.root("PATCH", V + "/transit/app/k", "{\"min_decryption_version\":2}"));
        assertInvalid(transit("app/k", "decrypt", "\"data\":\"" + v1 + "\""), "data");
    }

    /** Text out must be the plaintext exactly: bytes that are not UTF-8 are refused, never patched with U+FFFD. */
    @Test
    void bytesThatAreNotUtf8_askedForAsText_are400PointingToTheBase64Form() {
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, (byte) 0xc3};
        String ciphertext = expect(200, transit("app/k", "encrypt", "\"plaintext\":\""
                + Base64.getEncoder().encodeToString(binary) + "\"")).json().path("ciphertext").asText();
        var refused = transit("app/k", "decrypt", "\"data\":\"" + ciphertext + "\"");
        assertInvalid(refused, "data");
        assertThat(message(refused)).contains("not UTF-8").contains("'ciphertext'");
        assertThat(refused.body()).doesNotContain(Base64.getEncoder().encodeToString(binary));
        JsonNode asBase64 = expect(200, transit("app/k", "decrypt", "\"ciphertext\":\"" + ciphertext + "\""))
                .json();
        assertThat(Base64.getDecoder().decode(asBase64.path("plaintext").asText())).isEqualTo(binary);
    }

    @Test
    void aSecretThatIsNotATransitKey_is404FromTheTransitMount() {
        expect(200, server.root("PUT", V + "/secrets/app/db", "{\"value\":\"hunter2\"}"));
        var response = transit("app/db", "encrypt", "\"plaintext\":\"" + b64(SECRET) + "\"");
        assertThat(response.status()).as(response.body()).isEqualTo(404);
        assertThat(message(response)).contains("no transit key at app/db");
    }

    /**
     * The use route no longer encrypts: for a transit key, an ordinary secret or nothing alike it answers 400 naming
     * the route to call, so it tells nobody what the path holds.
     */
    @Test
    void theTransitOperationsOfTheUseRoute_are400NamingTheTransitRoute_whateverThePathHolds() {
        expect(200, server.root("PUT", V + "/secrets/app/db", "{\"value\":\"hunter2\"}"));
        for (String operation : new String[] {"encrypt", "decrypt", "rewrap"}) {
            for (String path : new String[] {"app/k", "app/db", "app/nothing"}) {
                var response = use(path, operation, "\"plaintext\":\"" + b64(SECRET) + "\"");
                assertInvalid(response, "operation");
                assertThat(message(response)).contains("POST /v1/vaults/default/transit/" + path + "/" + operation);
            }
        }
    }

    @Test
    void theOperationField_isNoFieldOfTheTransitRoutes() {
        assertInvalid(transit("app/k", "encrypt", "\"operation\":\"encrypt\",\"plaintext\":\"" + b64(SECRET)
                + "\""), "operation");
    }

    @Test
    void aUseOnlyPrincipal_neverReadsTheKey() {
        assertThat(server.call("GET", V + "/secrets/app/k", user, null).status()).isIn(400, 403);
        assertThat(server.call("GET", V + "/transit/app/k/export", user, null).status()).isEqualTo(403);
        assertThat(server.call("POST", V + "/transit/app/k/rotate", user, null).status()).isEqualTo(403);
    }

    private String encrypt(String path, String plaintext) {
        return expect(200, transit(path, "encrypt", "\"plaintext\":\"" + b64(plaintext) + "\"")).json()
                .path("ciphertext").asText();
    }

    private String decrypt(String path, String ciphertext) {
        return text(expect(200, transit(path, "decrypt", "\"ciphertext\":\"" + ciphertext + "\"")).json()
                .path("plaintext").asText());
    }

    private TestServer.Response transit(String path, String operation, String fields) {
        return server.call("POST", V + "/transit/" + path + "/" + operation, user, "{" + fields + "}");
    }

    private TestServer.Response use(String path, String operation, String fields) {
        return server.call("POST", V + "/secrets/" + path + "/use", user, "{\"operation\":\"" + operation + "\","
                + fields + "}");
    }

    private static String json(String text) {
        try {
            return new ObjectMapper().writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String message(TestServer.Response response) {
        return response.json().path("error").path("message").asText();
    }

    private static void assertInvalid(TestServer.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_request");
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo(field);
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
