package dev.arca.bench;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The settings a report prints beside its figures, so a reader can tell two runs apart: when, on what machine
 * (cores the JVM sees, the JDK, the OS), and how the load was made.
 *
 * @param target {@code a server the bench started} or the {@code --addr} measured (never a token)
 */
record RunDescription(Instant date, int cores, String jdk, String os, String load, int concurrency, Duration warmup,
        Duration duration, String target, boolean auditFsync, int secrets) {

    /** A run on this JVM's machine that started at {@code started}. */
    static RunDescription here(Instant started, String load, int concurrency, Duration warmup, Duration duration,
            String target, boolean auditFsync, int secrets) {
        return new RunDescription(started.truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.vendor") + " " + Runtime.version(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                load, concurrency, warmup, duration, target, auditFsync, secrets);
    }
}
