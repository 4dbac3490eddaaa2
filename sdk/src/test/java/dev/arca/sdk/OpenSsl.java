package dev.arca.sdk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code openssl} command, run in a directory: the verifier of what Arca's PKI makes that shares no code
 * with it. Public, and Java 17, so that the CLI's tests use it through this module's test jar as the SDK's do.
 */
public final class OpenSsl {
    /** What a run printed (stdout and stderr together) and its exit code. */
    public record Run(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path dir;

    public OpenSsl(Path dir) {
        this.dir = dir;
    }

    /** Whether an {@code openssl} command runs on this host. */
    public static boolean available() {
        try {
            Process process = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code openssl args…} in the directory. */
    public Run run(String... args) {
        var command = new ArrayList<String>();
        command.add("openssl");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("openssl did not finish: " + command);
            }
            return new Run(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl (apt-get install openssl)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code openssl args…} and answers its output; a non-zero exit fails the test with that output. */
    public String ok(String... args) {
        Run run = run(args);
        if (!run.ok()) {
            throw new AssertionError("openssl " + String.join(" ", Arrays.asList(args)) + " exited " + run.exitCode()
                    + ":\n" + run.output());
        }
        return run.output();
    }

    /**
     * A P-256 key and a CSR for it made by {@code openssl req}, written to {@code name.key} and {@code name.csr};
     * answers the CSR's PEM.
     */
    public String csr(String name, String commonName, String subjectAltName) {
        ok("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
                "-out", name + ".csr", "-subj", "/CN=" + commonName, "-addext", "subjectAltName=" + subjectAltName);
        return read(name + ".csr");
    }

    /** Writes {@code text} to a file of the directory and answers its name. */
    public String file(String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text);
            return name;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of a file of the directory. */
    public String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
