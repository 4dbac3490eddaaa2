package dev.arca.server.frontend.sikkerkey;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SikkerKey door on its own listener, spoken to as the SikkerKey clients speak (their signing, both JSON
 * spacings of their bodies): every route's status and exact keys, enrollment through it, the poll's semantics, and
 * each refusal — status, a body of {@code {"error"}} only, nothing served.
 */
class SikkerKeyDoorIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestServer server;
    SikkerKeyTestClient machine;
    String password;
    String config;
    String ops;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, Map.of("sikkerkey_listen", "127.0.0.1:0")).initAndUnseal();
        expect(201, server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}"));
        expect(201, server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"ops\"}"));
        password = write("app/db/password", "{\"value\":\"s3cret\"}");
        config = write("app/config", "{\"fields\":{\"host\":\"db.lan\",\"port\":\"5432\"}}");
        ops = write("ops/key", "{\"value\":\"not yours\"}");
        machine = enrolled("{\"projects\":[\"app\"],\"auto_approve\":true}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ---- enrollment

    @Test
    void enrollment_answersTheFiveKeys_andTheMachineReadsAtOnce() {
        var client = new SikkerKeyTestClient(server.sikkerkeyAddress());
        var answer = client.enroll(vaultId(), token("{\"projects\":[\"app\"],\"auto_approve\":true}"), "web-1");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(keys(answer.json())).containsExactly("machineId", "machineName", "vaultId", "expiresAt", "apiUrl");
        assertThat(answer.json().path("machineId").asText()).startsWith("mach_");
        assertThat(answer.json().path("vaultId").asText()).isEqualTo(vaultId());
        assertThat(answer.json().path("expiresAt").isNumber()).isTrue();
        assertThat(answer.json().path("expiresAt").asLong()).isZero();
        assertThat(answer.json().path("apiUrl").asText()).isEqualTo(server.sikkerkeyAddress());
        var read = client.signed("GET", "/v1/secret/" + password, null);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().path("value").asText()).isEqualTo("s3cret");
    }

    @Test
    void enrollment_byVaultName_ofAnEphemeralToken_answersItsExpiryInMilliseconds() {
        var client = new SikkerKeyTestClient(server.sikkerkeyAddress());
        var answer = client.enroll("default", token("{\"projects\":[\"app\"],\"ephemeral\":true,\"machine_ttl\":\"1h\"}"),
                "ci");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        long expiresAt = answer.json().path("expiresAt").asLong();
        assertThat(expiresAt).isBetween(Instant.now().plusSeconds(3000).toEpochMilli(),
                Instant.now().plusSeconds(3700).toEpochMilli());
    }

    @Test
    void enrollment_withABadToken_is401InTheErrorFormat() {
        var answer = new SikkerKeyTestClient(server.sikkerkeyAddress()).enroll(vaultId(), "arcae_nope", "web-1");
        refused(answer, 401);
    }

    @Test
    void enrollment_withoutApproval_isPending_andItsReadsAre403() {
        var client = enrolled("{\"projects\":[\"app\"]}");
        refused(client.signed("GET", "/v1/secret/" + password, null), 403);
    }

    // ---- the routes, their status and exact keys

    @Test
    void secretValue_isAStringEvenForAStructuredSecret() {
        var plain = machine.signed("GET", "/v1/secret/" + password, null);
        assertThat(plain.status()).isEqualTo(200);
        assertThat(keys(plain.json())).containsExactly("value");
        var structured = machine.signed("GET", "/v1/secret/" + config, null);
        assertThat(structured.status()).isEqualTo(200);
        assertThat(structured.json().path("value").isTextual()).isTrue();
        assertThat(parse(structured.json().path("value").asText()).path("host").asText()).isEqualTo("db.lan");
    }

    @Test
    void listing_showsWhatTheMachineMayList_withFieldNamesAsAString() {
        var answer = machine.signed("GET", "/v1/secrets", null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(keys(answer.json())).containsExactly("secrets");
        JsonNode secrets = answer.json().path("secrets");
        assertThat(secrets).hasSize(2);
        for (JsonNode item : secrets) {
            assertThat(keys(item)).containsExactly("id", "name", "fieldNames", "projectId");
            assertThat(item.path("projectId").asText()).startsWith("proj_");
        }
        JsonNode db = byId(secrets, password);
        assertThat(db.path("name").asText()).isEqualTo("db/password");
        assertThat(db.path("fieldNames").isNull()).isTrue();
        JsonNode fields = byId(secrets, config);
        assertThat(fields.path("fieldNames").isTextual()).isTrue();
        assertThat(parse(fields.path("fieldNames").asText())).hasSize(2);
    }

    @Test
    void projectListing_acceptsBothJsonSpacings_andAProjectNameOrId() {
        String projectId = byId(machine.signed("GET", "/v1/secrets", null).json().path("secrets"), password)
                .path("projectId").asText();
        for (String body : List.of("{\"projectId\": \"app\"}", "{\"projectId\":\"app\"}",
                "{\"projectId\":\"" + projectId + "\"}")) {
            var answer = machine.signed("POST", "/v1/secrets/list", body);
            assertThat(answer.status()).as(body + " → " + answer.body()).isEqualTo(200);
            assertThat(answer.json().path("secrets")).hasSize(2);
        }
        var other = machine.signed("POST", "/v1/secrets/list", "{\"projectId\": \"ops\"}");
        assertThat(other.status()).isEqualTo(200);
        assertThat(other.json().path("secrets")).isEmpty();
    }

    @Test
    void export_withoutBody_orForAProject_answersTheFourKeys() {
        for (String body : new String[] {null, "{\"projectId\": \"app\"}", "{\"projectId\":\"app\"}"}) {
            var answer = machine.signed("POST", "/v1/secrets/export", body);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            assertThat(keys(answer.json())).containsExactly("secrets");
            JsonNode secrets = answer.json().path("secrets");
            assertThat(secrets).hasSize(2);
            for (JsonNode item : secrets) {
                assertThat(keys(item)).containsExactly("id", "name", "value", "fieldNames");
            }
            assertThat(byId(secrets, password).path("value").asText()).isEqualTo("s3cret");
            assertThat(parse(byId(secrets, config).path("value").asText()).path("port").asText()).isEqualTo("5432");
        }
        var ofOps = machine.signed("POST", "/v1/secrets/export", "{\"projectId\": \"ops\"}");
        assertThat(ofOps.json().path("secrets")).isEmpty();
    }

    @Test
    void export_ofAnApplication_is404_forArcaHasNone() {
        refused(machine.signed("POST", "/v1/secrets/export", "{\"applicationId\":\"app_1\"}"), 404);
    }

    @Test
    void cliProjects_andCliSecrets_answerTheCliShapes() {
        var projects = machine.signed("GET", "/v1/cli/projects", null);
        assertThat(projects.status()).isEqualTo(200);
        assertThat(projects.json().path("projects")).hasSize(1);
        JsonNode project = projects.json().path("projects").get(0);
        assertThat(keys(project)).containsExactly("projectId", "projectName", "applicationId", "applicationName");
        assertThat(project.path("projectName").asText()).isEqualTo("app");
        assertThat(project.path("applicationId").asText()).isEmpty();

        var secrets = machine.signed("GET", "/v1/cli/secrets", null);
        assertThat(secrets.status()).isEqualTo(200);
        assertThat(secrets.json().path("secrets")).hasSize(2);
        for (JsonNode item : secrets.json().path("secrets")) {
            assertThat(keys(item)).containsExactly("id", "name", "fieldNames", "projectId", "projectName",
                    "applicationId", "applicationName", "type");
            assertThat(item.path("projectName").asText()).isEqualTo("app");
        }
        assertThat(byId(secrets.json().path("secrets"), config).path("type").asText()).isEqualTo("structured");
        assertThat(byId(secrets.json().path("secrets"), password).path("type").asText()).isEqualTo("secret");
    }

    @Test
    void verifyAccess_saysWhetherTheMachineMayReadInAProject() {
        var valid = machine.signed("POST", "/v1/verify-access", "{\"projectId\": \"app\"}");
        assertThat(valid.status()).isEqualTo(200);
        assertThat(valid.json().path("valid").asBoolean()).isTrue();
        assertThat(valid.json().path("projectName").asText()).isEqualTo("app");
        var invalid = machine.signed("POST", "/v1/verify-access", "{\"projectId\":\"ops\"}");
        assertThat(invalid.status()).isEqualTo(200);
        assertThat(invalid.json().path("valid").asBoolean()).isFalse();
        assertThat(invalid.json().path("error").asText()).contains("ops");
    }

    // ---- the poll

    @Test
    void poll_reportsOnlyWhatChangedSinceThisMachineLastReadIt() {
        machine.signed("GET", "/v1/secret/" + password, null);
        assertThat(poll(password, config)).isEmpty(); // config never read: this poll is its baseline
        write("app/db/password", "{\"value\":\"rotated\"}");
        write("app/config", "{\"fields\":{\"host\":\"db2.lan\",\"port\":\"5432\"}}");
        assertThat(poll(password, config)).containsOnly(Map.entry(password, "changed"), Map.entry(config, "changed"));
        assertThat(poll(password)).containsOnly(Map.entry(password, "changed")); // until it is read again
        assertThat(machine.signed("GET", "/v1/secret/" + password, null).json().path("value").asText())
                .isEqualTo("rotated");
        assertThat(poll(password)).isEmpty();
        machine.signed("POST", "/v1/secrets/export", null); // an export is a read too
        assertThat(poll(password, config)).isEmpty();
    }

    @Test
    void poll_ofAnotherMachine_isNotChangedByThisOnesReads() {
        var other = enrolled("{\"projects\":[\"app\"],\"auto_approve\":true}");
        other.signed("GET", "/v1/secret/" + password, null);
        write("app/db/password", "{\"value\":\"rotated\"}");
        machine.signed("GET", "/v1/secret/" + password, null);
        var answer = other.signed("POST", "/v1/secrets/poll", "{\"watch\":[\"" + password + "\"]}");
        assertThat(answer.json().path("changes").path(password).path("status").asText()).isEqualTo("changed");
    }

    @Test
    void poll_reportsDeleted_andAccessDenied_forWhatTheMachineMayNotRead() {
        machine.signed("GET", "/v1/secret/" + password, null);
        expect(204, server.root("DELETE", "/v1/vaults/default/secrets/app/db/password", null));
        assertThat(poll(password, ops, "sk_unknown")).containsOnly(Map.entry(password, "deleted"),
                Map.entry(ops, "access_denied"), Map.entry("sk_unknown", "access_denied"));
    }

    @Test
    void poll_answersTheChangesKey_withEachStatusAlone() {
        machine.signed("GET", "/v1/secret/" + password, null);
        write("app/db/password", "{\"value\":\"rotated\"}");
        var answer = machine.signed("POST", "/v1/secrets/poll", "{\"watch\": [\"" + password + "\"]}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(keys(answer.json())).containsExactly("changes");
        assertThat(keys(answer.json().path("changes").path(password))).containsExactly("status");
    }

    // ---- refusals: each its own status, {"error"} only, nothing served

    @Test
    void signatureOverAnotherMethod_is401() {
        String path = "/v1/secret/" + password;
        var headers = machine.sign("POST", path, new byte[0], now(), SikkerKeyTestClient.freshNonce());
        refused(machine.send("GET", path, null, headers), 401);
    }

    @Test
    void signatureOverAnotherPath_is401() {
        var headers = machine.sign("GET", "/v1/secret/" + config, new byte[0], now(), SikkerKeyTestClient.freshNonce());
        refused(machine.send("GET", "/v1/secret/" + password, null, headers), 401);
    }

    @Test
    void signatureOverAnotherBody_is401() {
        byte[] signedBody = "{\"projectId\":\"ops\"}".getBytes(StandardCharsets.UTF_8);
        var headers = machine.sign("POST", "/v1/secrets/export", signedBody, now(), SikkerKeyTestClient.freshNonce());
        refused(machine.send("POST", "/v1/secrets/export", "{\"projectId\":\"app\"}", headers), 401);
    }

    @Test
    void signatureOverTheReserializedBody_isNotAccepted_forTheRawBytesAreHashed() {
        byte[] compact = "{\"projectId\":\"app\"}".getBytes(StandardCharsets.UTF_8);
        var headers = machine.sign("POST", "/v1/secrets/list", compact, now(), SikkerKeyTestClient.freshNonce());
        refused(machine.send("POST", "/v1/secrets/list", "{\"projectId\": \"app\"}", headers), 401);
    }

    @Test
    void timestamp301SecondsOff_is401() {
        String path = "/v1/secret/" + password;
        var headers = machine.sign("GET", path, new byte[0], now() - 301, SikkerKeyTestClient.freshNonce());
        var answer = machine.send("GET", path, null, headers);
        refused(answer, 401);
        assertThat(answer.json().path("error").asText()).contains("301 s");
    }

    @Test
    void replayedNonce_is401() {
        String path = "/v1/secret/" + password;
        var headers = machine.sign("GET", path, new byte[0], now(), SikkerKeyTestClient.freshNonce());
        assertThat(machine.send("GET", path, null, headers).status()).isEqualTo(200);
        refused(machine.send("GET", path, null, headers), 401);
    }

    @Test
    void hexNonce_ofAnotherClient_isAccepted() {
        String path = "/v1/secret/" + password;
        var headers = machine.sign("GET", path, new byte[0], now(), "0123456789abcdef0123456789abcdef");
        assertThat(machine.send("GET", path, null, headers).status()).isEqualTo(200);
    }

    @Test
    void unknownMachine_is401() {
        var stranger = new SikkerKeyTestClient(server.sikkerkeyAddress());
        stranger.machineId = "mach_AAAAAAAAAAAAAAAAAAAAAA";
        refused(stranger.signed("GET", "/v1/secret/" + password, null), 401);
    }

    @Test
    void revokedMachine_is401() {
        expect(200, server.root("POST", "/v1/vaults/default/machines/" + machine.machineId + "/revoke", null));
        var answer = machine.signed("GET", "/v1/secret/" + password, null);
        refused(answer, 401);
        assertThat(answer.json().path("error").asText()).contains("revoked");
    }

    @Test
    void secretWithoutGrant_is403() {
        refused(machine.signed("GET", "/v1/secret/" + ops, null), 403);
    }

    @Test
    void unknownId_is403_exactlyAsAnUnreadableOne_soIdsCannotBeProbed() {
        var unknown = machine.signed("GET", "/v1/secret/sk_doesnotexist", null);
        refused(unknown, 403);
        var unreadable = machine.signed("GET", "/v1/secret/" + ops, null);
        assertThat(unknown.json().path("error").asText()).isEqualTo(unreadable.json().path("error").asText());
    }

    @Test
    void deletedSecret_theMachineMayRead_is404() {
        expect(204, server.root("DELETE", "/v1/vaults/default/secrets/app/db/password", null));
        refused(machine.signed("GET", "/v1/secret/" + password, null), 404);
    }

    @Test
    void sealedServer_is503() {
        expect(200, server.root("POST", "/v1/sys/seal", null));
        refused(machine.signed("GET", "/v1/secret/" + password, null), 503);
        refused(new SikkerKeyTestClient(server.sikkerkeyAddress()).enroll("default", "arcae_x", "h"), 503);
    }

    @Test
    void queryStringOnASignedRoute_is400() {
        String path = "/v1/secret/" + password;
        var headers = machine.sign("GET", path, new byte[0], now(), SikkerKeyTestClient.freshNonce());
        var answer = machine.send("GET", path + "?version=1", null, headers);
        refused(answer, 400);
        assertThat(answer.json().path("error").asText()).contains("no query string");
    }

    @Test
    void unsignedRequest_is401() {
        refused(machine.send("GET", "/v1/secrets", null, Map.of()), 401);
    }

    @Test
    void unknownRoute_is404InTheErrorFormat_andArcasRoutesAreNotServedHere() {
        refused(machine.signed("GET", "/v1/nothing-here", null), 404);
        refused(machine.send("GET", "/v1/sys/health", null, Map.of()), 404);
    }

    @Test
    void badPollBody_is400() {
        refused(machine.signed("POST", "/v1/secrets/poll", "{\"watch\": \"not a list\"}"), 400);
    }

    // ---- helpers

    private Map<String, String> poll(String... ids) {
        var body = new StringBuilder("{\"watch\": [");
        for (int i = 0; i < ids.length; i++) {
            body.append(i == 0 ? "" : ", ").append('"').append(ids[i]).append('"');
        }
        var answer = machine.signed("POST", "/v1/secrets/poll", body.append("]}").toString());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        var changes = new java.util.LinkedHashMap<String, String>();
        answer.json().path("changes").properties().forEach(e -> changes.put(e.getKey(),
                e.getValue().path("status").asText()));
        return changes;
    }

    private static void refused(SikkerKeyTestClient.Answer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(keys(answer.json())).as(answer.body()).containsExactly("error");
        assertThat(answer.json().path("error").asText()).isNotBlank();
    }

    private SikkerKeyTestClient enrolled(String tokenSettings) {
        var client = new SikkerKeyTestClient(server.sikkerkeyAddress());
        var answer = client.enroll(vaultId(), token(tokenSettings), "web-1");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return client;
    }

    private String token(String settings) {
        var created = server.root("POST", "/v1/vaults/default/enrollment-tokens", settings);
        expect(201, created);
        return created.json().path("token").asText();
    }

    private String vaultId() {
        return server.root("GET", "/v1/vaults/default", null).json().path("id").asText();
    }

    private String write(String path, String body) {
        var response = server.root("PUT", "/v1/vaults/default/secrets/" + path, body);
        expect(200, response);
        return response.json().path("id").asText();
    }

    private static void expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static JsonNode byId(JsonNode items, String id) {
        for (JsonNode item : items) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no item " + id + " in " + items);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
