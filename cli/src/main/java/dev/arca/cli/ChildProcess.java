package dev.arca.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The program {@code arca run} starts. From the real terminal it shares arca's standard streams; run in-process (the
 * tests) its output is copied to the command's writers instead and its stdin is empty.
 */
final class ChildProcess {
    /** How long output still in the pipes may take to arrive after the child ended. */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    private final Process process;
    private final List<Thread> copiers;

    private ChildProcess(Process process, List<Thread> copiers) {
        this.process = process;
        this.copiers = copiers;
    }

    /**
     * Starts {@code command} with exactly {@code environment}.
     *
     * @param inheritIo whether the child uses arca's own stdin, stdout and stderr
     * @throws CommandFailure if the program cannot be started: exit code 127 when it is not found, 126 when it is
     *     not executable, as a shell answers
     */
    static ChildProcess start(List<String> command, Map<String, String> environment, boolean inheritIo,
            PrintWriter out, PrintWriter err) {
        var builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        if (inheritIo) {
            builder.inheritIO();
        } else {
            builder.redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            // as a shell answers: 126 found but not executable, 127 not found
            String message = firstLine(e.getMessage());
            throw new CommandFailure("cannot start " + command.get(0) + ": " + message,
                    message.contains("Permission denied") ? 126 : 127);
        }
        List<Thread> copiers = inheritIo ? List.of()
                : List.of(copy(process.getInputStream(), out), copy(process.getErrorStream(), err));
        return new ChildProcess(process, copiers);
    }

    /** Waits for the child to end; its exit code (128 + the signal's number if a signal ended it). */
    int waitFor() throws InterruptedException {
        int code = process.waitFor();
        for (Thread copier : copiers) {
            // A descendant that outlives the child may hold the pipe open: do not wait for it forever.
            copier.join(DRAIN);
        }
        return code;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Calls {@code then} on another thread when the child ends, whoever ended it. */
    void onExit(Runnable then) {
        process.onExit().thenRun(then);
    }

    /**
     * Asks the child and its descendants to stop (SIGTERM), then kills whatever still runs after {@code grace}
     * (SIGKILL). Returns once the child has ended.
     */
    void stop(Duration grace) throws InterruptedException {
        // Taken before the child dies: its orphans would no longer be its descendants afterwards.
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor();
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static Thread copy(InputStream from, PrintWriter to) {
        return Thread.ofVirtual().name("arca-run-output").start(() -> {
            try (Reader reader = new InputStreamReader(from, Charset.defaultCharset())) {
                char[] buffer = new char[8192];
                for (int n; (n = reader.read(buffer)) >= 0; ) {
                    synchronized (to) {
                        to.write(buffer, 0, n);
                        to.flush();
                    }
                }
            } catch (IOException e) {
                // The child closed its end: nothing more to copy.
            }
        });
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String firstLine(@Nullable String message) {
        return message == null ? "unknown reason" : message.lines().findFirst().orElse(message);
    }
}
