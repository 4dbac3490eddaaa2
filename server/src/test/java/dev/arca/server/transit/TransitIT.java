package dev.arca.server.transit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transit keys over HTTP: the key routes, and every secret route refusing to read one. */
class TransitIT {
    private static final String V = "/v1/vaults/default";

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        expect(201, server.root("POST", V + "/projects", "{\"name\":\"app\"}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void create_answersTheKeyWithoutItsMaterial() {
        var created = server.root("POST", V + "/transit/app/payments", "{\"algorithm\":\"chacha20-poly1305\"}");
        expect(201, created);
        JsonNode key = created.json();
        assertThat(key.path("id").asText()).startsWith("sk_");
        assertThat(key.path("path").asText()).isEqualTo("app/payments");
        assertThat(key.path("algorithm").asText()).isEqualTo("chacha20-poly1305");
        assertThat(key.path("exportable").asBoolean()).isFalse();
        assertThat(key.path("latest_version").asInt()).isEqualTo(1);
        assertThat(key.path("min_decryption_version").asInt()).isEqualTo(1);
        assertThat(key.path("versions")).hasSize(1);
        assertThat(key.path("versions").get(0).path("version").asInt()).isEqualTo(1);
        assertThat(key.path("created_at").asText()).isNotEmpty();
        assertThat(created.body()).doesNotContain("keyset");
        assertThat(server.root("GET", V + "/transit/app/payments", null).json()).isEqualTo(key);
    }

    @Test
    void createWithoutABody_isAnAes256GcmKeyNotExportable() {
        JsonNode key = expect(201, server.root("POST", V + "/transit/app/k", null)).json();
        assertThat(key.path("algorithm").asText()).isEqualTo("aes256-gcm");
        assertThat(key.path("exportable").asBoolean()).isFalse();
    }

    @Test
    void createWhereAKeyExists_is409_butASecretAtThatPathIsAnotherResource() {
        expect(201, server.root("POST", V + "/transit/app/k", "{}"));
        assertError(409, "conflict", server.root("POST", V + "/transit/app/k", "{}"));
        expect(200, server.root("PUT", V + "/secrets/app/db", "{\"value\":\"v\"}"));
        expect(201, server.root("POST", V + "/transit/app/db", "{}"));
        assertThat(server.root("GET", V + "/secrets/app/db", null).json().path("value").asText()).isEqualTo("v");
    }

    @Test
    void badAlgorithm_is400AndCreatesNothing() {
        var response = server.root("POST", V + "/transit/app/k", "{\"algorithm\":\"des\"}");
        assertError(400, "invalid_request", response);
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo("algorithm");
        assertError(404, "not_found", server.root("GET", V + "/transit/app/k", null));
    }

    @Test
    void createInAMissingProject_is404() {
        assertError(404, "not_found", server.root("POST", V + "/transit/nope/k", "{}"));
    }

    @Test
    void rotate_addsALatestVersion() {
        expect(201, server.root("POST", V + "/transit/app/k", "{}"));
        JsonNode rotated = expect(200, server.root("POST", V + "/transit/app/k/rotate", null)).json();
        assertThat(rotated.path("latest_version").asInt()).isEqualTo(2);
        assertThat(rotated.path("min_decryption_version").asInt()).isEqualTo(1);
        assertThat(rotated.path("versions").findValuesAsText("version")).containsExactly("1", "2");
        assertThat(server.root("GET", V + "/transit/app/k", null).json().path("latest_version").asInt())
                .isEqualTo(2);
    }

    @Test
    void patchMinDecryptionVersion_raisesAndLowersWithinOneToLatest() {
        expect(201, server.root("POST", V + "/transit/app/k", "{}"));
        expect(200, server.root("POST", V + "/transit/app/k/rotate", null));
        JsonNode raised = expect(200, server.root("PATCH", V + "/transit/app/k", "{\"min_decryption_version\":2}"))
                .json();
        assertThat(raised.path("min_decryption_version").asInt()).isEqualTo(2);
        for (String bad : List.of("0", "3", "null")) {
            var response = server.root("PATCH", V + "/transit/app/k", "{\"min_decryption_version\":" + bad + "}");
            assertError(400, "invalid_request", response);
            assertThat(response.json().path("error").path("details").path("field").asText())
                    .isEqualTo("min_decryption_version");
        }
        assertThat(server.root("GET", V + "/transit/app/k", null).json().path("min_decryption_version").asInt())
                .isEqualTo(2);
        JsonNode lowered = expect(200, server.root("PATCH", V + "/transit/app/k", "{\"min_decryption_version\":1}"))
                .json();
        assertThat(lowered.path("min_decryption_version").asInt()).isEqualTo(1);
        assertThat(lowered.path("latest_version").asInt()).isEqualTo(2);
    }

    @Test
    void exportOfAKeyNotCreatedExportable_is403() {
        expect(201, server.root("POST", V + "/transit/app/k", "{}"));
        assertError(403, "access_denied", server.root("GET", V + "/transit/app/k/export", null));
    }

    @Test
    void exportOfAnExportableKey_answersEachVersionsRawKey() {
        expect(201, server.root("POST", V + "/transit/app/k", "{\"exportable\":true}"));
        expect(200, server.root("POST", V + "/transit/app/k/rotate", null));
        JsonNode keys = expect(200, server.root("GET", V + "/transit/app/k/export", null)).json().path("keys");
        assertThat(keys.size()).isEqualTo(2);
        assertThat(Base64.getDecoder().decode(keys.path("1").asText())).hasSize(32);
        assertThat(Base64.getDecoder().decode(keys.path("2").asText())).hasSize(32);
        assertThat(keys.path("1").asText()).isNotEqualTo(keys.path("2").asText());
    }

    /**
     * Every secret route answers for a transit key's path (and id) exactly what it answers for a path that holds
     * nothing, and no listing shows it: the key is in the key-material store, which no secret route reaches.
     */
    @Test
    void everySecretRoute_answersForATransitKeyAsForAnUnknownPath() {
        JsonNode key = expect(201, server.root("POST", V + "/transit/app/k", "{\"exportable\":true}")).json();
        expect(200, server.root("POST", V + "/transit/app/k/rotate", null));
        expect(200, server.root("PUT", V + "/secrets/app/plain", "{\"value\":\"visible\"}"));
        String id = key.path("id").asText();
        List<String> rawKeys = new ArrayList<>();
        server.root("GET", V + "/transit/app/k/export", null).json().path("keys")
                .forEach(raw -> rawKeys.add(raw.asText()));
        List<TestServer.Response> answers = new ArrayList<>();

        for (String[] route : new String[][] {
                {"GET", "/secrets/%s", null}, {"GET", "/secrets/%s?version=1", null},
                {"GET", "/secrets/%s?version=previous", null}, {"GET", "/secrets/%s/metadata", null},
                {"PATCH", "/secrets/%s/metadata", "{\"description\":\"mine\"}"},
                {"POST", "/secrets/%s/rotate", "{\"value\":\"mine now\"}"},
                {"POST", "/secrets/%s/undelete", "{}"}, {"POST", "/secrets/%s/destroy", "{\"versions\":[1]}"},
                {"DELETE", "/secrets/%s", null}, {"DELETE", "/secrets/%s?permanent=true", null},
                {"POST", "/secrets/%s/retrieve", "{}"}, {"GET", "/secrets/%s/egress", null},
                {"POST", "/secrets/%s/use", "{\"operation\":\"sign\",\"data\":\"aGk=\"}"},
                {"POST", "/secrets/%s/use", "{\"operation\":\"http_header\"}"},
                {"POST", "/secrets/%s/use", "{\"operation\":\"encrypt\",\"plaintext\":\"aGk=\"}"},
                {"POST", "/secrets/%s/use", "{\"operation\":\"decrypt\",\"ciphertext\":\"arca:v1:AAAA\"}"}}) {
            var onKey = server.root(route[0], V + route[1].formatted("app/k"), route[2]);
            var onNothing = server.root(route[0], V + route[1].formatted("app/nothing"), route[2]);
            assertThat(onKey.status()).as(route[0] + " " + route[1] + ": " + onKey.body())
                    .isEqualTo(onNothing.status()).isIn(400, 403, 404);
            assertThat(onKey.errorCode()).isEqualTo(onNothing.errorCode());
            answers.add(onKey);
        }
        var byId = server.root("GET", "/v1/secrets/" + id, null);
        assertThat(byId.status()).isEqualTo(server.root("GET", "/v1/secrets/sk_nothing", null).status());
        answers.add(assertError(404, "not_found", byId));
        answers.add(assertError(404, "not_found", server.root("GET", "/v1/secrets/" + id + "/watch", null)));

        var batch = expect(200, server.root("POST", V + "/secrets/batch",
                "{\"paths\":[\"app/k\",\"app/plain\"],\"ids\":[\"" + id + "\"]}"));
        assertThat(batch.json().path("secrets").path("app/plain").path("value").asText()).isEqualTo("visible");
        assertThat(batch.json().path("errors").path("app/k").path("code").asText()).isEqualTo("not_found");
        assertThat(batch.json().path("errors").path(id).path("code").asText()).isEqualTo("not_found");
        answers.add(batch);

        var resolved = expect(200, server.root("POST", V + "/resolve", "{\"refs\":[\"arca://app/k\"]}"));
        assertThat(resolved.json().path("errors").path("arca://app/k").path("code").asText())
                .isEqualTo("not_found");
        answers.add(resolved);

        var exported = expect(200, server.root("GET", V + "/export?project=app", null));
        assertThat(exported.json().path("variables").path("PLAIN").asText()).isEqualTo("visible");
        assertThat(exported.json().path("variables").has("K")).isFalse();
        answers.add(exported);

        var listed = expect(200, server.root("GET", V + "/secrets?prefix=app/", null));
        assertThat(listed.json().path("data").findValuesAsText("path")).containsExactly("app/plain");
        answers.add(listed);

        for (TestServer.Response answer : answers) {
            for (String raw : rawKeys) {
                assertThat(answer.body()).doesNotContain(raw);
            }
            assertThat(answer.body()).doesNotContain("keyset");
        }
        assertThat(server.root("GET", V + "/transit/app/k", null).json().path("latest_version").asInt())
                .isEqualTo(2);
    }

    @Test
    void theSecretRoutes_neitherOverwriteNorRotateATransitKey() {
        JsonNode key = expect(201, server.root("POST", V + "/transit/app/k", "{}")).json();
        expect(200, server.root("PUT", V + "/secrets/app/k", "{\"value\":\"mine now\"}"));
        expect(200, server.root("POST", V + "/secrets/app/k/rotate", "{\"value\":\"mine again\"}"));
        assertThat(server.root("GET", V + "/secrets/app/k", null).json().path("value").asText())
                .isEqualTo("mine again");
        var typed = server.root("PUT", V + "/secrets/app/other", "{\"type\":\"transit_key\",\"value\":\"x\"}");
        assertError(400, "invalid_request", typed);
        assertThat(typed.json().path("error").path("details").path("field").asText()).isEqualTo("type");
        assertError(404, "not_found", server.root("GET", V + "/secrets/app/other/metadata", null));
        assertThat(server.root("GET", V + "/transit/app/k", null).json()).isEqualTo(key);
    }

    @Test
    void aDeletedKey_isGone_andItsPathCanHoldANewKey() {
        String first = expect(201, server.root("POST", V + "/transit/app/k", "{}")).json().path("id").asText();
        expect(204, server.root("DELETE", V + "/transit/app/k", null));
        assertError(404, "not_found", server.root("GET", V + "/transit/app/k", null));
        assertError(404, "not_found", server.root("POST", V + "/transit/app/k/rotate", null));
        assertError(404, "not_found", server.root("DELETE", V + "/transit/app/k", null));
        JsonNode again = expect(201, server.root("POST", V + "/transit/app/k", "{}")).json();
        assertThat(again.path("id").asText()).isNotEqualTo(first);
        assertThat(again.path("latest_version").asInt()).isEqualTo(1);
    }

    @Test
    void aProjectHoldingTransitKeys_isNotDeleted_evenWithForce() {
        expect(201, server.root("POST", V + "/transit/app/k", "{}"));
        assertError(409, "conflict", server.root("DELETE", V + "/projects/app?force=true", null));
        expect(200, server.root("GET", V + "/transit/app/k", null));
    }

    @Test
    void aProjectRename_movesItsTransitKeys() {
        JsonNode key = expect(201, server.root("POST", V + "/transit/app/k", "{}")).json();
        expect(200, server.root("PATCH", V + "/projects/app", "{\"name\":\"shop\"}"));
        JsonNode moved = expect(200, server.root("GET", V + "/transit/shop/k", null)).json();
        assertThat(moved.path("id").asText()).isEqualTo(key.path("id").asText());
        assertThat(moved.path("path").asText()).isEqualTo("shop/k");
        assertError(404, "not_found", server.root("GET", V + "/transit/app/k", null));
    }

    @Test
    void aTokenWithReadOnly_mayDescribeButNotCreateOrRotate() {
        expect(201, server.root("POST", V + "/transit/app/k", "{}"));
        expect(200, server.root("PUT", V + "/policies/reader",
                "{\"rules\":[{\"path\":\"app/**\",\"permissions\":[\"read\"]}]}"));
        String token = server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"reader\"]}").json()
                .path("token").asText();
        expect(200, server.call("GET", V + "/transit/app/k", token, null));
        assertError(403, "access_denied", server.call("POST", V + "/transit/app/k2", token, "{}"));
        assertError(403, "access_denied", server.call("POST", V + "/transit/app/k/rotate", token, null));
        assertError(403, "access_denied", server.call("PATCH", V + "/transit/app/k", token,
                "{\"min_decryption_version\":1}"));
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }

    private static TestServer.Response assertError(int status, String code, TestServer.Response response) {
        expect(status, response);
        assertThat(response.errorCode()).isEqualTo(code);
        return response;
    }
}
