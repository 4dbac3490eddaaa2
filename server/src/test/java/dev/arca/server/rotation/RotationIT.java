package dev.arca.server.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestClock;
import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation policies over HTTP on SQLite, the server telling time by a clock moved by hand (its scheduler still
 * rounds every real second, so a test waits for a round, never for a rotation period).
 */
class RotationIT {
    private static final String V = "/v1/vaults/default";
    private static final String R = V + "/rotation";

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(dir, Map.of(), clock).initAndUnseal();
        expect(201, server.root("POST", V + "/projects", "{\"name\":\"app\"}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void badPolicies_are400NamingTheField_andStoreNothing() {
        assertInvalid("{\"interval\":\"0\"}", "interval");
        assertInvalid("{\"interval\":\"-1d\"}", "interval");
        assertInvalid("{\"interval\":\"1s\"}", "interval");
        assertInvalid("{\"schedule\":\"every sunday\"}", "schedule");
        assertInvalid("{\"schedule\":\"*/5 * * * *\"}", "schedule");
        assertInvalid("{\"interval\":\"1d\",\"schedule\":\"0 3 * * *\"}", "interval");
        assertInvalid("{\"interval\":\"1d\",\"window\":\"1d\"}", "window");
        assertInvalid("{\"schedule\":\"0 3 * * *\",\"window\":\"25h\"}", "window");
        assertInvalid("{\"interval\":\"7d\",\"warn_before\":[\"8d\"]}", "warn_before");
        assertInvalid("{\"interval\":\"7d\",\"grace\":\"31d\"}", "grace");
        assertInvalid("{\"interval\":\"7d\",\"kind\":\"sometimes\"}", "kind");
        assertInvalid("{\"interval\":\"7d\",\"kind\":\"database\"}", "database.connection");
        assertInvalid("{\"interval\":\"7d\",\"generate\":{\"length\":4}}", "generate.length");
        assertInvalid("{\"interval\":\"7d\",\"max_attempts\":0}", "max_attempts");
        assertThat(expect(200, server.root("GET", R + "/policies", null)).json().path("data")).isEmpty();
    }

    @Test
    void aPolicyIsCompleted_assignedByPrefix_coversSecretsMadeLater_andShowsInMetadataAndDue() throws Exception {
        JsonNode policy = expect(200, server.root("PUT", R + "/policies/weekly", "{\"interval\":\"168h\","
                + "\"grace\":\"1h\",\"warn_before\":[\"1d\",\"2d\"]}")).json();
        assertThat(policy.path("interval").asText()).as("kept as typed").isEqualTo("168h");
        assertThat(policy.path("warn_before").toString()).isEqualTo("[\"2d\",\"1d\"]");
        assertThat(policy.path("kind").asText()).isEqualTo("generate");
        assertThat(policy.path("max_attempts").asInt()).isEqualTo(3);
        expect(200, server.root("PUT", V + "/secrets/app/api-key", "{\"value\":\"first\"}"));
        JsonNode assignment = expect(200, server.root("POST", R + "/policies/weekly/assign",
                "{\"prefix\":\"app/\"}")).json();
        assertThat(assignment.path("type").asText()).isEqualTo("prefix");

        JsonNode rotation = server.root("GET", V + "/secrets/app/api-key/metadata", null).json().path("rotation");
        assertThat(rotation.path("policy").asText()).isEqualTo("weekly");
        assertThat(Instant.parse(rotation.path("next_rotation_at").asText()))
                .isEqualTo(clock.instant().plus(Duration.ofDays(7)));

        expect(200, server.root("PUT", V + "/secrets/app/later", "{\"value\":\"x\"}"));
        awaitCovered("app/later");
        assertThat(expect(200, server.root("GET", R + "/due?within=6d", null)).json().path("data")).isEmpty();
        JsonNode due = expect(200, server.root("GET", R + "/due?within=8d", null)).json().path("data");
        assertThat(due).hasSize(2);
        assertThat(due.get(0).path("overdue").asBoolean()).isFalse();
        assertThat(expect(200, server.root("GET", R + "/policies/weekly", null)).json().path("secrets").asInt())
                .isEqualTo(2);
        assertThat(expect(400, server.root("GET", R + "/due?within=soon", null)).body()).contains("within");
    }

    @Test
    void aTrigger_rotatesAtOnce_keepsThePreviousForTheGrace_andTheHistorySaysSo() throws Exception {
        expect(200, server.root("PUT", R + "/policies/p", "{\"interval\":\"1d\",\"grace\":\"1h\","
                + "\"generate\":{\"length\":20,\"symbols\":false}}"));
        expect(200, server.root("PUT", V + "/secrets/app/api-key", "{\"value\":\"first\"}"));
        expect(200, server.root("POST", R + "/policies/p/assign", "{\"secret\":\"app/api-key\"}"));
        JsonNode triggered = expect(202, server.root("POST", R + "/policies/p/trigger", "{}")).json();
        String run = triggered.path("runs").get(0).path("id").asText();
        JsonNode finished = awaitRun(run);
        assertThat(finished.path("status").asText()).isEqualTo("finished");
        assertThat(finished.path("version").asInt()).isEqualTo(2);
        assertThat(finished.path("trigger").asText()).isEqualTo("trigger");

        JsonNode current = server.root("GET", V + "/secrets/app/api-key", null).json();
        assertThat(current.path("version").asInt()).isEqualTo(2);
        assertThat(current.path("value").asText()).hasSize(20).matches("[A-Za-z0-9]+");
        assertThat(server.root("GET", V + "/secrets/app/api-key?version=previous", null).json().path("value")
                .asText()).isEqualTo("first");
        clock.advance(Duration.ofHours(2));
        expect(404, server.root("GET", V + "/secrets/app/api-key?version=previous", null));

        JsonNode history = expect(200, server.root("GET", R + "/runs?policy=p", null)).json().path("data");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).path("path").asText()).isEqualTo("app/api-key");
        JsonNode meta = server.root("GET", V + "/secrets/app/api-key/metadata", null).json().path("rotation");
        assertThat(meta.path("last_status").asText()).isEqualTo("finished");
    }

    @Test
    void theScheduler_rotatesWhatIsDue_andACallersRotateCountsAndMovesTheNextOne() throws Exception {
        expect(200, server.root("PUT", R + "/policies/hourly", "{\"interval\":\"1h\"}"));
        expect(200, server.root("PUT", V + "/secrets/app/token", "{\"value\":\"first\"}"));
        expect(200, server.root("POST", R + "/policies/hourly/assign", "{\"secret\":\"app/token\"}"));
        expect(200, server.root("POST", V + "/secrets/app/token/rotate", "{\"value\":\"by-hand\"}"));
        JsonNode manual = expect(200, server.root("GET", R + "/runs?secret=app/token", null)).json().path("data");
        assertThat(manual.get(0).path("trigger").asText()).isEqualTo("rotate");
        assertThat(manual.get(0).path("version").asInt()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(61));
        JsonNode scheduled = awaitHistory("app/token", 2).get(0);
        assertThat(scheduled.path("trigger").asText()).isEqualTo("schedule");
        assertThat(awaitRun(scheduled.path("id").asText()).path("version").asInt()).isEqualTo(3);
        assertThat(server.root("GET", V + "/secrets/app/token", null).json().path("value").asText())
                .isNotEqualTo("by-hand");
    }

    @Test
    void conflicts_transitKeysDeletedSecretsTwoPolicies_andATriggerWhileARunIsInProgress() {
        expect(200, server.root("PUT", R + "/policies/a", "{\"interval\":\"1d\"}"));
        expect(200, server.root("PUT", R + "/policies/b", "{\"interval\":\"1d\"}"));
        expect(200, server.root("PUT", V + "/secrets/app/one", "{\"value\":\"1\"}"));
        expect(200, server.root("POST", R + "/policies/a/assign", "{\"secret\":\"app/one\"}"));
        assertThat(expect(409, server.root("POST", R + "/policies/b/assign", "{\"secret\":\"app/one\"}")).body())
                .contains("policy a");
        assertThat(expect(409, server.root("POST", R + "/policies/b/assign", "{\"prefix\":\"app/\"}")).body())
                .contains("app/one");
        expect(200, server.root("PUT", V + "/secrets/app/gone", "{\"value\":\"1\"}"));
        expect(204, server.root("DELETE", V + "/secrets/app/gone", null));
        assertThat(expect(409, server.root("POST", R + "/policies/b/assign", "{\"secret\":\"app/gone\"}")).body())
                .contains("deleted");
        expect(404, server.root("POST", R + "/policies/b/assign", "{\"secret\":\"app/never\"}"));
        expect(201, server.root("POST", V + "/transit/app/signing", "{}"));
        assertThat(expect(409, server.root("POST", R + "/policies/b/assign", "{\"secret\":\"app/signing\"}"))
                .body()).contains("transit key");
        expect(200, server.root("PUT", V + "/secrets/app/structured", "{\"type\":\"json\",\"fields\":"
                + "{\"user\":\"u\",\"token\":\"t\"}}"));
        assertThat(expect(409, server.root("POST", R + "/policies/b/assign", "{\"secret\":\"app/structured\"}"))
                .body()).as("a generate policy makes 'password' by default; this secret has none").contains("password");
        assertThat(expect(400, server.root("POST", R + "/policies/b/assign", "{\"secret\":\"app/one\","
                + "\"tag\":\"t\"}")).body()).contains("exactly one");
        expect(404, server.root("POST", R + "/policies/b/unassign", "{\"secret\":\"app/one\"}"));
        expect(204, server.root("POST", R + "/policies/a/unassign", "{\"secret\":\"app/one\"}"));
        expect(200, server.root("POST", R + "/policies/b/assign", "{\"secret\":\"app/one\"}"));
    }

    private void assertInvalid(String body, String field) {
        TestServer.Response response = server.root("PUT", R + "/policies/bad", body);
        assertThat(response.status()).as(body + " → " + response.body()).isEqualTo(400);
        assertThat(response.json().path("error").path("details").path("field").asText()).as(response.body()).isEqualTo(field);
    }

    private void awaitCovered(String path) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (!server.root("GET", V + "/secrets/" + path + "/metadata", null).json().path("rotation").isMissingNode()
                    && !server.root("GET", V + "/secrets/" + path + "/metadata", null).json().path("rotation")
                    .isNull()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + " was never covered");
    }

    private JsonNode awaitRun(String id) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            JsonNode run = expect(200, server.root("GET", R + "/runs/" + id, null)).json();
            if (!run.path("finished_at").isMissingNode() && !run.path("finished_at").isNull()) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " never ended");
    }

    private JsonNode awaitHistory(String secret, int size) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            JsonNode runs = expect(200, server.root("GET", R + "/runs?secret=" + secret, null)).json().path("data");
            if (runs.size() >= size) {
                return runs;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(secret + " never had " + size + " runs");
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
