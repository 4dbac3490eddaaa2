package dev.arca.server.machine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Machines over real HTTP: enrollment tokens, enrollment, approval, signed reads with real Ed25519 signatures,
 * replay, revocation, expiry, and every refusal of an enrollment leaving nothing behind.
 */
class MachineApiIT {
    private static final String SECRET = "/v1/vaults/default/secrets/app/db";

    @TempDir
    Path dir;
    TestServer server;
    MachineKeys keys = MachineKeys.generate();

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
        assertThat(server.root("PUT", SECRET, "{\"value\":\"s3cr3t\"}").status()).isEqualTo(200);
        assertThat(server.root("PUT", "/v1/vaults/default/secrets/app/other", "{\"value\":\"other\"}").status())
                .isEqualTo(200);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode createToken(String settings) {
        var response = server.root("POST", "/v1/vaults/default/enrollment-tokens", settings);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private TestServer.Response enroll(String token, MachineKeys with, String extra) {
        return server.call("POST", "/v1/enroll", null, "{\"vault\":\"default\",\"token\":\"" + token
                + "\",\"public_key\":\"" + with.publicKeyBase64() + "\"" + extra + "}");
    }

    private String enrolled(String token, String extra) {
        var response = enroll(token, keys, extra);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("machine_id").asText();
    }

    private Map<String, String> signature(String machineId, String method, String path) {
        return keys.sign(machineId, method, path, new byte[0], System.currentTimeMillis() / 1000);
    }

    private TestServer.Response signedGet(String machineId, String path) {
        return server.call("GET", path, null, null, signature(machineId, "GET", path));
    }

    private JsonNode machines(String query) {
        return server.root("GET", "/v1/vaults/default/machines" + query, null).json().path("data");
    }

    private JsonNode tokens() {
        return server.root("GET", "/v1/vaults/default/enrollment-tokens", null).json().path("data");
    }

    @Test
    void persistentMachine_awaitsApproval_readsOnceApproved_thenReplayAndRevocationAre401() {
        JsonNode token = createToken("{\"projects\":[\"app\"]}");
        assertThat(token.path("id").asText()).startsWith("enr_");
        assertThat(token.path("token").asText()).startsWith("arcae_");
        assertThat(token.path("machine_ttl").isMissingNode()).isTrue();
        assertThat(token.path("uses").asInt()).isZero();

        var enrollment = enroll(token.path("token").asText(), keys, ",\"name\":\"web-1\",\"hostname\":\"web-1.lan\"");
        assertThat(enrollment.status()).as(enrollment.body()).isEqualTo(201);
        String id = enrollment.json().path("machine_id").asText();
        assertThat(id).startsWith("mach_");
        assertThat(enrollment.json().path("machine_name").asText()).isEqualTo("web-1");
        assertThat(enrollment.json().path("status").asText()).isEqualTo("pending");
        assertThat(enrollment.json().path("ephemeral").asBoolean()).isFalse();

        var pending = signedGet(id, SECRET);
        assertThat(pending.status()).as(pending.body()).isEqualTo(403);
        assertThat(pending.errorCode()).isEqualTo("access_denied");
        assertThat(pending.json().path("error").path("message").asText())
                .contains("awaits approval (arca machine approve " + id + ")");
        assertThat(machines("?status=pending").findValuesAsText("id")).containsExactly(id);

        var approved = server.root("POST", "/v1/vaults/default/machines/" + id + "/approve", null);
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().path("status").asText()).isEqualTo("active");
        assertThat(approved.json().path("hostname").asText()).isEqualTo("web-1.lan");
        assertThat(approved.json().path("approved_at").isTextual()).isTrue();
        assertThat(server.root("POST", "/v1/vaults/default/machines/" + id + "/approve", null).status())
                .isEqualTo(409);

        Map<String, String> headers = signature(id, "GET", SECRET);
        var read = server.call("GET", SECRET, null, null, headers);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().path("value").asText()).isEqualTo("s3cr3t");

        var replay = server.call("GET", SECRET, null, null, headers);
        assertThat(replay.status()).as(replay.body()).isEqualTo(401);
        assertThat(replay.errorCode()).isEqualTo("unauthenticated");

        String secretId = read.json().path("id").asText();
        assertThat(signedGet(id, "/v1/secrets/" + secretId + "?version=1").json().path("value").asText())
                .isEqualTo("s3cr3t");

        var revoked = server.root("POST", "/v1/vaults/default/machines/" + id + "/revoke", null);
        assertThat(revoked.json().path("status").asText()).isEqualTo("revoked");
        var afterRevoke = signedGet(id, SECRET);
        assertThat(afterRevoke.status()).as(afterRevoke.body()).isEqualTo(401);
        assertThat(afterRevoke.json().path("error").path("message").asText()).contains("revoked");
    }

    @Test
    void signedWrite_coversTheBody() {
        String token = createToken("{\"projects\":[\"app\"],\"auto_approve\":true}").path("token").asText();
        String id = enrolled(token, "");
        String body = "{\"value\":\"new\"}";
        Map<String, String> headers = keys.sign(id, "PUT", SECRET, body.getBytes(StandardCharsets.UTF_8),
                System.currentTimeMillis() / 1000);
        var tampered = server.call("PUT", SECRET, null, "{\"value\":\"evil\"}", headers);
        assertThat(tampered.status()).as(tampered.body()).isEqualTo(401);
        var write = server.call("PUT", SECRET, null, body, headers);
        assertThat(write.status()).as("read grants do not allow writing: " + write.body()).isEqualTo(403);
        assertThat(server.root("GET", SECRET, null).json().path("value").asText()).isEqualTo("s3cr3t");
    }

    @Test
    void enrollmentTokenItself_readsNothing() {
        String token = createToken("{\"projects\":[\"app\"]}").path("token").asText();
        assertThat(server.call("GET", SECRET, token, null).status()).isEqualTo(401);
    }

    @ParameterizedTest
    @Tag("fault")
    @ValueSource(longs = {301, -301, 3_600, -86_400})
    void clientClockJumpedPastTheWindow_isACleanUnauthenticated_thatSaysToSyncTheClock(long jumpSeconds) {
        String id = enrolled(createToken("{\"secrets\":[\"app/db\"],\"auto_approve\":true}").path("token").asText(), "");
        long skewed = System.currentTimeMillis() / 1000 + jumpSeconds;
        var response = server.call("GET", SECRET, null, null, keys.sign(id, "GET", SECRET, new byte[0], skewed));
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.errorCode()).isEqualTo("unauthenticated");
        assertThat(response.json().path("error").path("message").asText())
                .contains("from the server's clock; sync the client's clock (at most 300 s are accepted)");
        assertThat(signedGet(id, SECRET).status()).as("the same machine with its clock back in sync").isEqualTo(200);
    }

    @Test
    void ephemeralMachine_isActiveAtOnce_andAfterItsTtlIs401() throws InterruptedException {
        String token = createToken("{\"ephemeral\":true,\"machine_ttl\":\"2s\",\"secrets\":[\"app/db\"]}")
                .path("token").asText();
        var enrollment = enroll(token, keys, "");
        assertThat(enrollment.json().path("status").asText()).isEqualTo("active");
        assertThat(enrollment.json().path("ephemeral").asBoolean()).isTrue();
        assertThat(enrollment.json().path("expires_at").isTextual()).isTrue();
        String id = enrollment.json().path("machine_id").asText();
        assertThat(signedGet(id, SECRET).status()).isEqualTo(200);

        Thread.sleep(2_200);
        var expired = signedGet(id, SECRET);
        assertThat(expired.status()).as(expired.body()).isEqualTo(401);
        assertThat(expired.json().path("error").path("message").asText()).contains("expired at");
    }

    @Test
    void machineWithoutAGrant_readingAnotherPath_is403() {
        String token = createToken("{\"secrets\":[\"app/db\"],\"auto_approve\":true}").path("token").asText();
        String id = enrolled(token, "");
        assertThat(machines("").path(0).path("status").asText()).isEqualTo("active");
        assertThat(signedGet(id, SECRET).status()).isEqualTo(200);
        var other = signedGet(id, "/v1/vaults/default/secrets/app/other");
        assertThat(other.status()).as(other.body()).isEqualTo(403);
        assertThat(other.errorCode()).isEqualTo("access_denied");
    }

    @Test
    void tokenUsedAfterMaxUses_is401_andEnrollsNothing() {
        String token = createToken("{\"max_uses\":1}").path("token").asText();
        enrolled(token, "");
        var second = enroll(token, MachineKeys.generate(), "");
        assertThat(second.status()).as(second.body()).isEqualTo(401);
        assertThat(second.json().path("error").path("message").asText()).contains("has been used its 1 times");
        assertThat(machines("")).hasSize(1);
        assertThat(tokens().path(0).path("uses").asInt()).isEqualTo(1);
    }

    @Test
    void enrollmentFromOutsideTheTokensCidrs_is403_andTakesNoUse() {
        String token = createToken("{\"cidrs\":[\"10.0.0.0/8\"]}").path("token").asText();
        var response = enroll(token, keys, "");
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.errorCode()).isEqualTo("access_denied");
        assertThat(machines("")).isEmpty();
        assertThat(tokens().path(0).path("uses").asInt()).isZero();
        assertThat(tokens().path(0).path("cidrs").path(0).asText()).isEqualTo("10.0.0.0/8");
    }

    @Test
    void enrollmentFromOutsideTheVaultAllowlist_is403() {
        String token = createToken("{}").path("token").asText();
        server.root("PATCH", "/v1/vaults/default", "{\"allowed_cidrs\":[\"10.0.0.0/8\"]}");
        var response = enroll(token, keys, "");
        assertThat(response.status()).as(response.body()).isEqualTo(403);
        assertThat(response.json().path("error").path("message").asText()).contains("IP allowlist");
        assertThat(machines("")).isEmpty();
    }

    @Test
    void hostnameNotMatchingThePattern_is403() {
        String token = createToken("{\"hostname_pattern\":\"web-*.example.com\"}").path("token").asText();
        assertThat(enroll(token, keys, ",\"hostname\":\"db-1.example.com\"").status()).isEqualTo(403);
        assertThat(enroll(token, keys, "").status()).isEqualTo(403);
        assertThat(machines("")).isEmpty();
        assertThat(enroll(token, keys, ",\"hostname\":\"WEB-7.example.com\"").status()).isEqualTo(201);
    }

    @Test
    void namePattern_overridesTheAskedName_andTheDefaultIsMachineUuid8() {
        String patterned = createToken("{\"name_pattern\":\"ci-{uuid6}\"}").path("token").asText();
        assertThat(enroll(patterned, keys, ",\"name\":\"mine\"").json().path("machine_name").asText())
                .matches("ci-[0-9a-f]{6}");
        String plain = createToken("{}").path("token").asText();
        assertThat(enroll(plain, MachineKeys.generate(), "").json().path("machine_name").asText())
                .matches("machine-[0-9a-f]{8}");
        assertThat(enroll(plain, MachineKeys.generate(), ",\"name\":\"build-3\"").json().path("machine_name")
                .asText()).isEqualTo("build-3");
        var badName = enroll(plain, MachineKeys.generate(), ",\"name\":\"no spaces\"");
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.json().path("error").path("details").path("field").asText()).isEqualTo("name");
    }

    @Test
    void badPublicKey_is400_andTakesNoUse() {
        String token = createToken("{\"max_uses\":1}").path("token").asText();
        var response = server.call("POST", "/v1/enroll", null, "{\"vault\":\"default\",\"token\":\"" + token
                + "\",\"public_key\":\"AAAA\"}");
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo("public_key");
        assertThat(tokens().path(0).path("uses").asInt()).isZero();
        assertThat(enroll(token, keys, "").status()).isEqualTo(201);
    }

    @Test
    void unknownRevokedExpiredOrOtherVaultTokens_are401() throws InterruptedException {
        assertThat(enroll("arcae_unknown", keys, "").status()).isEqualTo(401);
        JsonNode revoked = createToken("{}");
        assertThat(server.root("DELETE", "/v1/vaults/default/enrollment-tokens/" + revoked.path("id").asText(), null)
                .status()).isEqualTo(204);
        assertThat(enroll(revoked.path("token").asText(), keys, "").status()).isEqualTo(401);
        assertThat(tokens().path(0).path("revoked_at").isTextual()).isTrue();

        server.root("POST", "/v1/vaults", "{\"name\":\"other\"}");
        String token = createToken("{}").path("token").asText();
        var otherVault = server.call("POST", "/v1/enroll", null, "{\"vault\":\"other\",\"token\":\"" + token
                + "\",\"public_key\":\"" + keys.publicKeyBase64() + "\"}");
        assertThat(otherVault.status()).isEqualTo(401);

        String shortLived = createToken("{\"expires\":\"1s\"}").path("token").asText();
        Thread.sleep(1_100);
        var expired = enroll(shortLived, keys, "");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().path("error").path("message").asText()).contains("expired");
        assertThat(machines("")).isEmpty();
    }

    @Test
    void invalidTokenSettings_are400NamingTheField_andStoreNothing() {
        Map<String, String> cases = Map.of(
                "{\"name_pattern\":\"ci-{uuid2}\"}", "name_pattern",
                "{\"machine_ttl\":\"1h\"}", "machine_ttl",
                "{\"ephemeral\":true,\"machine_ttl\":\"soon\"}", "machine_ttl",
                "{\"max_uses\":0}", "max_uses",
                "{\"expires\":\"0s\"}", "expires",
                "{\"cidrs\":[\"10.0.0.0/33\"]}", "cidrs",
                "{\"hostname_pattern\":\"web_*\"}", "hostname_pattern",
                "{\"projects\":[\"../etc\"]}", "projects",
                "{\"secrets\":[\"app\"]}", "secrets");
        cases.forEach((body, field) -> {
            var response = server.root("POST", "/v1/vaults/default/enrollment-tokens", body);
            assertThat(response.status()).as(body + " → " + response.body()).isEqualTo(400);
            assertThat(response.json().path("error").path("details").path("field").asText()).as(body).isEqualTo(field);
        });
        assertThat(tokens()).isEmpty();
    }

    @Test
    void enrollmentWhileSealed_is503() {
        String token = createToken("{}").path("token").asText();
        assertThat(server.root("POST", "/v1/sys/seal", null).status()).isEqualTo(200);
        var response = enroll(token, keys, "");
        assertThat(response.status()).as(response.body()).isEqualTo(503);
        assertThat(response.errorCode()).isEqualTo("sealed");
    }

    @Test
    void rejectedMachine_is401_andCannotBeApprovedLater() {
        String id = enrolled(createToken("{}").path("token").asText(), "");
        assertThat(server.root("POST", "/v1/vaults/default/machines/" + id + "/reject", null).json().path("status")
                .asText()).isEqualTo("rejected");
        assertThat(signedGet(id, SECRET).status()).isEqualTo(401);
        assertThat(server.root("POST", "/v1/vaults/default/machines/" + id + "/approve", null).status())
                .isEqualTo(409);
        assertThat(server.root("POST", "/v1/vaults/default/machines/mach_nope/approve", null).status())
                .isEqualTo(404);
    }

    @Test
    void listings_neverShowTheToken_andFilterByStatus() {
        JsonNode created = createToken("{\"ephemeral\":true}");
        assertThat(created.path("machine_ttl").asText()).isEqualTo("1h");
        var listing = server.root("GET", "/v1/vaults/default/enrollment-tokens", null);
        assertThat(listing.body()).doesNotContain(created.path("token").asText()).doesNotContain("arcae_");
        assertThat(listing.json().path("data").path(0).path("id").asText()).isEqualTo(created.path("id").asText());
        enrolled(created.path("token").asText(), "");
        assertThat(machines("?status=active")).hasSize(1);
        assertThat(machines("?status=pending")).isEmpty();
        assertThat(server.root("GET", "/v1/vaults/default/machines?status=asleep", null).status()).isEqualTo(400);
    }
}
