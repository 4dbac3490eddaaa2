package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca server} over an audit file removed behind the database: it refuses, saying what and how to go on. */
class AuditRefusalIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // the original started and served: the test waited for it
    void removedAuditFile_serverRefusesToStart_withTheReasonAndTheWayOn() throws Exception {
        var config = new ServerConfigLoader(dir.resolve("home")).dev(true)
                .flag("listen", "127.0.0.1:0").flag("data_dir", dir.resolve("data").toString()).load();
        try (var server = ArcaServer.start(config)) {
            var put = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("home").toString())
                    .run("vault", "create", "audited");
            assertThat(put.exitCode()).as(put.err()).isZero();
        }
        Files.delete(config.auditFile());

        Cli.Result started = new Cli().with("ARCA_HOME", dir.resolve("home").toString())
                .run("server", "--dev", "--listen", "127.0.0.1:0", "--data-dir", dir.resolve("data").toString());

        assertThat(started.exitCode()).isEqualTo(1);
        assertThat(started.err())
                .contains("error: refusing to start: the audit file " + config.auditFile())
                .contains("is missing or empty").contains("ARCA_AUDIT_ON_MISMATCH=warn")
                .doesNotContain("unexpected");
    }
}
