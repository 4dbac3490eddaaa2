package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/arca} as users install it: run through a symlink (absolute or relative) from another directory; in a
 * checkout of its own (a copy of the launcher and the jar, with an {@code mvnw} that records its call) it rebuilds a
 * jar older than its sources and trains its start-up cache once.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "arca").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "arca.jar").toAbsolutePath();

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

    @Test
    void sourcesNewerThanTheJar_rebuildItThenTheCacheIsTrainedOnce() throws Exception {
        Path checkout = checkout();
        Path source = Files.createDirectories(checkout.resolve("cli/src/main/java")).resolve("Changed.java");
        Files.writeString(source, "class Changed {}");
        Files.setLastModifiedTime(checkout.resolve("cli/target/arca.jar"),
                FileTime.from(Instant.now().minusSeconds(3600)));

        Result first = run(checkout.resolve("bin/arca"), "--help");
        Result second = run(checkout.resolve("bin/arca"), "--help");

        assertThat(first.err()).contains("sources changed, rebuilding").contains("training the start-up cache");
        assertThat(Files.readString(checkout.resolve("mvnw.calls")))
                .isEqualTo("-B -q -o -DskipTests -pl cli -am package\n");
        assertThat(checkout.resolve("cli/target/arca.aot")).isRegularFile();
        assertThat(second.err()).as("a fresh jar and cache: nothing to do").isEmpty();
        assertThat(second.out()).isEqualTo(first.out()).contains("Usage: arca");
    }

    @Test
    void aCacheThatDoesNotFitTheJar_isIgnoredSilently() throws Exception {
        Path checkout = checkout();
        Path cache = checkout.resolve("cli/target/arca.aot");
        Files.writeString(cache, "not an AOT cache");
        Files.setLastModifiedTime(cache, FileTime.from(Instant.now().plusSeconds(60)));

        Result result = run(checkout.resolve("bin/arca"), "version");

        assertThat(result.err()).isEmpty();
        assertThat(result.out()).startsWith("arca ").hasLineCount(1);
    }

    /** A checkout with the launcher, a copy of the built jar and an {@code mvnw} that records its arguments. */
    private Path checkout() throws IOException {
        Path checkout = dir.resolve("checkout");
        Files.createDirectories(checkout.resolve("bin"));
        Files.createDirectories(checkout.resolve("cli/target"));
        Files.copy(LAUNCHER, checkout.resolve("bin/arca"));
        Files.copy(JAR, checkout.resolve("cli/target/arca.jar"));
        Path mvnw = checkout.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\necho \"$*\" >> mvnw.calls\ncp '" + JAR + "' cli/target/arca.jar\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        return checkout;
    }

    private String run(Path launcher) throws IOException, InterruptedException {
        var process = new ProcessBuilder(launcher.toString(), "--help").directory(dir.toFile())
                .redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    private record Result(String out, String err) {}

    private Result run(Path launcher, String argument) throws IOException, InterruptedException {
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        var process = new ProcessBuilder(launcher.toString(), argument).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the launcher finished").isTrue();
        var result = new Result(Files.readString(out), Files.readString(err));
        assertThat(process.exitValue()).as(result.toString()).isZero();
        return result;
    }
}
