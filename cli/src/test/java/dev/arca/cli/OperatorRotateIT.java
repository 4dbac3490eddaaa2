package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arca operator rotate} and {@code arca operator key-status} as an operator runs them against a real server:
 * the term moves on, {@code --wait} returns once the rewrap is complete (quietly, as its output is not a terminal
 * here), and every secret still reads.
 */
class OperatorRotateIT {
    private static final int SECRETS = 12;

    @TempDir
    Path dir;

    private ArcaServer server;
    private Cli operator;

    @BeforeEach
    void initUnsealAndWrite() throws IOException {
        server = ArcaServer.start(new ServerConfigLoader(dir.resolve("home"))
                .flag("listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve("data").toString())
                .load());
        operator = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("home").toString());
        JsonNode init = json(operator.run("operator", "init", "--shares", "1", "--threshold", "1", "--format", "json"));
        operator.with("ARCA_TOKEN", init.path("root_token").asText());
        ok(operator.run("operator", "unseal", init.path("unseal_keys").get(0).asText()));
        ok(operator.run("vault", "create", "prod"));
        operator.with("ARCA_VAULT", "prod");
        ok(operator.run("project", "create", "app"));
        for (int i = 0; i < SECRETS; i++) {
            ok(operator.run("secret", "put", "app/s" + i, "--value", "value-" + i));
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void rotateWait_movesTheTermOn_rewrapsEveryValue_andEverySecretStillReads() throws IOException {
        String before = ok(operator.run("operator", "key-status")).out();
        assertThat(before).contains("term").contains("never rotated");

        Cli.Result rotated = ok(operator.run("operator", "rotate", "--batch-size", "2", "--wait"));

        assertThat(rotated.out()).contains("complete, " + SECRETS + "/" + SECRETS + " values")
                .contains("secret-values").contains("batch_size");
        assertThat(rotated.err()).as("no progress drawn when not on a terminal").isEmpty();
        JsonNode status = json(operator.run("operator", "key-status", "--format", "json"));
        assertThat(status.path("term").asInt()).isEqualTo(2);
        assertThat(status.path("rewrap").path("state").asText()).isEqualTo("complete");
        assertThat(status.path("rewrap").path("done").asLong()).isEqualTo(SECRETS);
        for (int i = 0; i < SECRETS; i++) {
            assertThat(ok(operator.run("secret", "get", "app/s" + i)).out().strip()).isEqualTo("value-" + i);
        }
        JsonNode again = json(operator.run("operator", "rotate", "--format", "json"));
        assertThat(again.path("term").asInt()).isEqualTo(3);
        assertThat(json(operator.run("operator", "key-status", "--wait", "--format", "json")).path("rewrap")
                .path("state").asText()).isEqualTo("complete");
    }

    @Test
    void rotate_withABatchSizeOutOfRange_saysWhatToFix_andChangesNothing() throws IOException {
        Cli.Result refused = operator.run("operator", "rotate", "--batch-size", "0");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("batch_size must be between 1 and 1000");
        assertThat(json(operator.run("operator", "key-status", "--format", "json")).path("term").asInt()).isEqualTo(1);
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
        return result;
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        return Json.lenient().readTree(ok(result).out());
    }
}
