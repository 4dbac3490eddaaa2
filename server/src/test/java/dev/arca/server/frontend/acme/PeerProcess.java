package dev.arca.server.frontend.acme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of an external ACME client (certbot, lego, openssl) in a directory of its own, with a bounded time; what
 * it printed (stdout and stderr together) goes into the assertion message when it fails.
 */
public final class PeerProcess {
    /** What a run printed and how it ended. */
    public record Run(List<String> command, int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }

        /** Returns this run when it exited 0; otherwise fails with the command and everything it printed. */
        public Run assertOk() {
            if (!ok()) {
                throw new AssertionError(describe());
            }
            return this;
        }

        public String describe() {
            return String.join(" ", command) + "\nexited " + exitCode + ", printing:\n" + output;
        }
    }

    private PeerProcess() {}

    /** Runs {@code command} in {@code dir} with {@code env} added; a run past {@code timeout} is killed and fails. */
    public static Run run(Path dir, Map<String, String> env, Duration timeout, List<String> command) {
        try {
            Files.createDirectories(dir);
            Path log = Files.createTempFile(dir, "peer", ".log");
            var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new AssertionError(new Run(command, -1, Files.readString(log)).describe()
                        + "\n(killed: still running after " + timeout.toSeconds() + " s)");
            }
            return new Run(command, process.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
