package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arca operator snapshot save|restore} as an operator runs them: a snapshot of a serving server, restored into
 * a new one that unseals with the original keys and serves the same secrets; a non-empty target and a damaged file
 * are refused, and piped output shows no progress.
 */
class OperatorSnapshotIT {
    @TempDir
    Path dir;

    @Test
    void saveThenRestore_intoANewServer_unsealsWithTheOriginalKeys() throws IOException {
        Path file = dir.resolve("backups/arca.snapshot");
        List<String> keys = new ArrayList<>();
        String rootToken;
        try (var source = start("source")) {
            var operator = cli(source);
            JsonNode init = json(operator.run("operator", "init", "--shares", "3", "--threshold", "2", "--format",
                    "json"));
            init.path("unseal_keys").forEach(key -> keys.add(key.asText()));
            rootToken = init.path("root_token").asText();
            operator.with("ARCA_TOKEN", rootToken);
            ok(operator.run("operator", "unseal", keys.get(0)));
            ok(operator.run("operator", "unseal", keys.get(1)));
            ok(operator.run("vault", "create", "prod"));
            operator.with("ARCA_VAULT", "prod");
            ok(operator.run("project", "create", "app"));
            ok(operator.run("secret", "put", "app/db", "--value", "hunter2"));

            Cli.Result saved = ok(operator.run("operator", "snapshot", "save", file.toString()));
            assertThat(saved.out()).contains("Snapshot saved to " + file).contains("sha256 ");
            assertThat(saved.err()).as("no progress when not on a terminal").isEmpty();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");

            Cli.Result again = operator.run("operator", "snapshot", "restore", file.toString());
            assertThat(again.exitCode()).isEqualTo(1);
            assertThat(again.err()).contains("only into an empty server").contains("initialized");
        }

        byte[] damaged = Files.readAllBytes(file);
        damaged[damaged.length / 2] ^= 0x40;
        Path bad = dir.resolve("damaged.snapshot");
        Files.write(bad, damaged);
        try (var target = start("target")) {
            var operator = cli(target);
            Cli.Result refused = operator.run("operator", "snapshot", "restore", bad.toString());
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("cannot be restored").contains("nothing was written");

            Cli.Result restored = ok(operator.run("operator", "snapshot", "restore", file.toString()));
            assertThat(restored.out()).contains("Restored").contains("sealed: unseal it with the saved server's");
            assertThat(restored.err()).isEmpty();
            ok(operator.run("operator", "unseal", keys.get(2)));
            ok(operator.run("operator", "unseal", keys.get(0)));
            operator.with("ARCA_TOKEN", rootToken).with("ARCA_VAULT", "prod");
            assertThat(ok(operator.run("secret", "get", "app/db")).out().strip()).isEqualTo("hunter2");
            assertThat(ok(operator.run("audit", "verify")).out()).contains("intact");
        }
    }

    private ArcaServer start(String name) {
        return ArcaServer.start(new ServerConfigLoader(dir.resolve(name + "-home"))
                .flag("listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve(name).toString())
                .load());
    }

    private Cli cli(ArcaServer server) {
        return new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("home").toString());
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
        return result;
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        return Json.lenient().readTree(ok(result).out());
    }
}
