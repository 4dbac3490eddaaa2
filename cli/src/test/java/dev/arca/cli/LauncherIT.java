package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/arca} as users install it: run through a symlink (absolute or relative) from another directory. */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "arca").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void throughAnAbsoluteSymlink_findsItsCheckoutAndRuns() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("arca"), LAUNCHER);

        assertThat(run(link)).contains("Usage: arca");
    }

    @Test
    void throughARelativeSymlinkToASymlink_findsItsCheckoutAndRuns() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("home/bin"));
        Path first = Files.createSymbolicLink(dir.resolve("arca-real"), LAUNCHER);
        Path link = Files.createSymbolicLink(bin.resolve("arca"), bin.relativize(first));

        assertThat(run(link)).contains("Usage: arca");
    }

    private String run(Path launcher) throws IOException, InterruptedException {
        var process = new ProcessBuilder(launcher.toString(), "--help").directory(dir.toFile())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
