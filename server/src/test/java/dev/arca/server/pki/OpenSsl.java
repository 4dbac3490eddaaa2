package dev.arca.server.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real {@code openssl} command, the independent verifier of what Arca's PKI makes. */
final class OpenSsl {
    /** What a run printed (stdout and stderr together) and its exit code. */
    record Run(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private final Path dir;

    OpenSsl(Path dir) {
        this.dir = dir;
    }

    /** Runs {@code openssl args…} in the directory. */
    Run run(String... args) {
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

    /** Writes {@code text} to a file of the directory and answers its name. */
    String file(String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text);
            return name;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
