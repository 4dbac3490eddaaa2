package dev.arca.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Drives a request scenario with {@code wrk -t1 -c<concurrency> --latency --timeout 60s} and a script of
 * {@code bench/wrk} (packed into the jar, unpacked once into a temporary directory): a warm-up run whose figures are
 * dropped, then the measured run, parsed by {@link WrkOutput}. One wrk thread, as the issue measured: on two cores
 * a second would take CPU from the server. The 60 s timeout is the Java client's, so a slow answer is a latency,
 * not an error.
 */
final class WrkDriver {
    static final List<String> SCRIPTS = List.of("common.lua", "read.lua", "write.lua", "mixed.lua");
    private static final String TIMEOUT = "60s";
    private static Path scripts;

    private WrkDriver() {}

    /** {@code wrk} on the PATH, if there is one. */
    static Optional<Path> executable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "wrk")).filter(file -> Files.isRegularFile(file) && Files.isExecutable(file))
                .findFirst();
    }

    /** Warms up, measures, and answers the run as a result of {@code scenario} on {@code backend}. */
    static Result run(String scenario, String backend, URI address, WrkRequests requests, Settings settings)
            throws IOException, InterruptedException {
        Path file = Files.createTempFile("arca-bench-wrk-", ".txt",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(file, requests.file());
            if (!settings.warmup().isZero()) {
                WrkOutput warm = WrkOutput.parse(wrk(address, requests, file, settings.concurrency(),
                        settings.warmup()));
                if (warm.errors() > 0) {
                    System.err.printf("arca-bench: %s on %s: %d errors in the warm-up%n", scenario, backend,
                            warm.errors());
                }
            }
            WrkOutput measured = WrkOutput.parse(wrk(address, requests, file, settings.concurrency(),
                    settings.duration()));
            if (measured.errors() > 0) {
                System.err.printf("arca-bench: %s on %s: %d errors (wrk: %d answers with status 400 or more, %d "
                        + "socket errors)%n", scenario, backend, measured.errors(), measured.statusErrors(),
                        measured.socketErrors());
            }
            return Result.of(scenario, backend, settings.concurrency(), measured, Map.of());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** One wrk run; its output (stdout and stderr together). A wrk that exits non-zero stops the run. */
    private static String wrk(URI address, WrkRequests requests, Path file, int connections, Duration duration)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(executable().orElseThrow(
                () -> new IllegalStateException("wrk is no longer on the PATH")).toString(),
                "-t1", "-c" + connections, "-d" + seconds(duration) + "s", "--timeout", TIMEOUT, "--latency",
                "-s", scripts().resolve(requests.script()).toString(), address.toString(), "--", file.toString()));
        command.addAll(requests.arguments());
        Process wrk = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream out = wrk.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        int exit = wrk.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("wrk exited with " + exit + " (" + requests.script() + " against "
                    + address + "): " + output.strip());
        }
        return output;
    }

    /** wrk takes whole seconds; a shorter duration is one second. */
    private static long seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    /** The scripts, unpacked from the jar once per JVM into a directory removed at exit. */
    private static synchronized Path scripts() throws IOException {
        if (scripts == null) {
            Path dir = Files.createTempDirectory("arca-bench-wrk-");
            dir.toFile().deleteOnExit(); // deleted last: deleteOnExit runs in reverse order
            for (String name : SCRIPTS) {
                try (InputStream script = WrkDriver.class.getResourceAsStream("/wrk/" + name)) {
                    if (script == null) {
                        throw new IllegalStateException("the bench jar holds no wrk/" + name + " (built without "
                                + "bench/wrk?)");
                    }
                    Files.copy(script, dir.resolve(name));
                }
                dir.resolve(name).toFile().deleteOnExit();
            }
            scripts = dir;
        }
        return scripts;
    }
}
