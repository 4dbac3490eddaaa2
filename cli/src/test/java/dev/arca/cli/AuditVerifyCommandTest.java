package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca audit verify FILE}: offline, it says what it found and what it could not check without the server. */
class AuditVerifyCommandTest {
    @TempDir
    Path dir;

    @Test
    void missingFile_isReportedBroken_withExit1_andWhatAnOfflineCheckCannotSee() {
        Path missing = dir.resolve("audit.log");

        var result = new Cli().run("audit", "verify", missing.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).startsWith("audit trail broken: there is no audit file at " + missing)
                .contains("note: checked here without the server")
                .contains("run `arca audit verify` without FILE");
    }
}
