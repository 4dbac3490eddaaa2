package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * logrotate's {@code create} mode against a real {@code arca server}: the file is renamed away and a new one created,
 * then {@code SIGHUP}. The server starts the new file with a rotated entry chained onto the old one, goes on writing,
 * {@code arca audit verify OLD NEW} passes, and a restart accepts the head the database keeps.
 */
class AuditRotationIT {
    @TempDir
    Path dir;

    @Test
    void renameThenSighup_continuesTheChainInTheNewFile_andRestartAcceptsIt() throws Exception {
        int port = ArcaProcess.freePort();
        Path audit = dir.resolve("data").resolve("audit.log");
        Path rotated = dir.resolve("data").resolve("audit.log-20261204");
        String token;
        String key;
        try (var server = ArcaProcess.start(dir, port, null)) {
            JsonNode init = server.send("POST", "/v1/sys/init", null, "{\"shares\":1,\"threshold\":1}").json();
            key = init.path("unseal_keys").get(0).asText();
            token = init.path("root_token").asText();
            server.send("POST", "/v1/sys/unseal", null, "{\"key\":\"" + key + "\"}");
            assertThat(server.send("POST", "/v1/vaults", token, "{\"name\":\"default\"}").status()).isEqualTo(201);

            Files.move(audit, rotated);
            Files.createFile(audit, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            server.hangUp();
            for (int i = 0; Files.size(audit) == 0; i++) { // no request meanwhile: the signal alone starts it
                assertThat(server.isAlive()).as("the server survives SIGHUP").isTrue();
                assertThat(i).as("the new file gets its rotated entry after SIGHUP").isLessThan(600);
                Thread.sleep(50);
            }
            var first = Json.lenient().readTree(Files.readAllLines(audit).getFirst());
            assertThat(first.path("type").asText()).isEqualTo("rotated");
            assertThat(first.path("details").path("previous_file").asText()).isEqualTo("audit.log-20261204");

            assertThat(server.send("POST", "/v1/vaults/default/projects", token, "{\"name\":\"app\"}").status())
                    .isEqualTo(201);
        }

        var verified = new Cli().run("audit", "verify", audit.toString(), rotated.toString());
        assertThat(verified.exitCode()).as(verified.out()).isZero();
        assertThat(verified.out()).startsWith("audit trail intact: ").doesNotContain("break");
        assertThat(new Cli().run("audit", "verify", audit.toString()).exitCode()).isZero();

        try (var restarted = ArcaProcess.start(dir, port, null)) {
            var unseal = restarted.send("POST", "/v1/sys/unseal", null, "{\"key\":\"" + key + "\"}");
            assertThat(unseal.status()).as(unseal.body()).isEqualTo(200);
            assertThat(restarted.send("GET", "/v1/vaults/default/projects", token, null).status()).isEqualTo(200);
        }
        assertThat(Files.readString(dir.resolve("server.log"))).doesNotContain("AUDIT TRAIL BROKEN");
        assertThat(List.of(audit, rotated)).allMatch(Files::exists);
    }
}
