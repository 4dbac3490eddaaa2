package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca server} that cannot start says why and what to change, in one line, with no stack trace. */
class ServerStartErrorsIT {
    @TempDir
    Path dir;

    @Test
    void aPortInUse_namesItAndTheOptionThatChoosesIt() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Cli.Result main = cli().run("server", "--dev", "--listen", "127.0.0.1:" + port);
            assertThat(main.exitCode()).isEqualTo(1);
            assertThat(main.err()).contains("127.0.0.1:" + port).contains("in use").contains("--listen")
                    .doesNotContain("unexpected").doesNotContain("Exception");

            Cli.Result door = cli().run("server", "--dev", "--listen", "127.0.0.1:0", "--sikkerkey-listen",
                    "127.0.0.1:" + port);
            assertThat(door.exitCode()).isEqualTo(1);
            assertThat(door.err()).contains("in use").contains("--sikkerkey-listen");
        }
    }

    @Test
    void anUnreachablePostgres_saysWhatToCheck() {
        Cli.Result result = cli().run("server", "--listen", "127.0.0.1:0", "--storage",
                "postgresql://arca:s3cret@127.0.0.1:1/arca");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("cannot connect to").contains("127.0.0.1:1")
                .contains("check that the database is running").doesNotContain("s3cret")
                .doesNotContain("unexpected");
    }

    private Cli cli() {
        return new Cli().with("ARCA_HOME", dir.resolve("home").toString());
    }
}
