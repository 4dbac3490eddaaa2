package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rotation policy as a user sets it up through {@code arca rotation …}, against a real server process on SQLite:
 * a generate policy assigned by prefix, the secret it covers due within the window, a triggered rotation followed
 * to its end, the history, the rotation state in the metadata, the replaced version still readable during the grace,
 * and the refusals a user meets (an interval too short, a secret already covered by another policy).
 */
class RotationWalkthroughIT {
    @TempDir
    Path dir;

    private ArcaProcess server;
    private Cli admin;

    @BeforeEach
    void start() throws Exception {
        server = ArcaProcess.start(dir, ArcaProcess.freePort(), null);
        JsonNode init = expect(200, server.send("POST", "/v1/sys/init", null, "{\"shares\":1,\"threshold\":1}"));
        String key = init.path("unseal_keys").get(0).asText();
        String token = init.path("root_token").asText();
        expect(200, server.send("POST", "/v1/sys/unseal", null, "{\"key\":\"" + key + "\"}"));
        expect(201, server.send("POST", "/v1/vaults", token, "{\"name\":\"default\"}"));
        admin = new Cli().with("ARCA_ADDR", server.base()).with("ARCA_HOME", dir.resolve("cli-home").toString())
                .with("ARCA_TOKEN", token).with("ARCA_VAULT", "default");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void generatePolicy_assignedByPrefix_dueTriggeredFinished_previousReadableInTheGrace_badInputsRefused() throws IOException {
        ok(admin.run("project", "create", "app"));
        ok(admin.run("secret", "put", "app/api-key", "--value", "first-key-value"));

        var created = ok(admin.run("rotation", "create", "api-keys", "--interval", "1h", "--grace", "1h",
                "--warn-before", "10m"));
        assertThat(created.out()).contains("INTERVAL      every 1h").contains("GRACE         1h")
                .contains("WARN BEFORE   10m").contains("KIND          generate");
        var again = admin.run("rotation", "create", "api-keys", "--interval", "2h");
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("exists already");

        assertThat(ok(admin.run("rotation", "assign", "api-keys", "--prefix", "app/")).out())
                .startsWith("Assigned api-keys to prefix app/");
        assertThat(ok(admin.run("rotation", "show", "api-keys")).out()).contains("ASSIGNED      prefix app/")
                .contains("SECRETS       1");

        var due = ok(admin.run("rotation", "due", "--within", "2h"));
        assertThat(due.out()).contains("app/api-key  api-keys").doesNotContain("OVERDUE");
        JsonNode dueJson = json(admin.run("rotation", "due", "--within", "2h", "--format", "json"));
        assertThat(dueJson.path("data").get(0).path("path").asText()).isEqualTo("app/api-key");
        assertThat(dueJson.path("data").get(0).path("overdue").asBoolean()).isFalse();

        var triggered = ok(admin.run("rotation", "trigger", "api-keys", "--wait", "--timeout", "60s"));
        assertThat(triggered.out()).contains("app/api-key").contains("finished");

        var history = ok(admin.run("rotation", "history", "--policy", "api-keys"));
        List<String> rows = rows(history.out(), "app/api-key");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).split("\\s+")).as(history.out()).containsSubsequence("app/api-key", "api-keys",
                "finished", "trigger", "2", "1");
        JsonNode runs = json(admin.run("rotation", "history", "--policy", "api-keys", "--format", "json"));
        assertThat(runs.path("data").get(0).path("version").asInt()).isEqualTo(2);
        assertThat(runs.path("data").get(0).path("status").asText()).isEqualTo("finished");

        var metadata = ok(admin.run("secret", "metadata", "app/api-key"));
        assertThat(metadata.out()).contains("rotation_policy   api-keys").contains("last_status       finished")
                .containsPattern("next_rotation_at\\s+\\d{4}-\\d\\d-\\d\\dT").containsPattern("last_rotated_at\\s+\\d{4}-")
                .contains("current_version   2");

        String current = ok(admin.run("secret", "get", "app/api-key")).out().strip();
        assertThat(current).isNotEqualTo("first-key-value").isNotEmpty();
        assertThat(ok(admin.run("secret", "get", "app/api-key", "--version", "previous")).out().strip())
                .as("the replaced version is served as previous during the grace").isEqualTo("first-key-value");

        var tooShort = admin.run("rotation", "create", "fast", "--interval", "1s");
        assertThat(tooShort.exitCode()).isNotZero();
        assertThat(tooShort.err()).contains("interval");
        assertThat(admin.run("rotation", "show", "fast").exitCode()).as("nothing was stored").isNotZero();

        ok(admin.run("rotation", "create", "other", "--interval", "2h"));
        var covered = admin.run("rotation", "assign", "other", "--secret", "app/api-key");
        assertThat(covered.exitCode()).isNotZero();
        assertThat(covered.err()).as("names the policy covering it").contains("policy api-keys");
    }

    private static List<String> rows(String table, String containing) {
        var rows = new ArrayList<String>();
        table.lines().filter(line -> line.contains(containing)).forEach(rows::add);
        return rows;
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        return Json.lenient().readTree(ok(result).out());
    }

    private static JsonNode expect(int status, ArcaProcess.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        return answer.json();
    }
}
