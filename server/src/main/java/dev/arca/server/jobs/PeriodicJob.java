package dev.arca.server.jobs;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A round of background work every interval, on a virtual thread of its own; the first round runs after one
 * interval. A failed round (the database down) is logged by class and root message only — never anything that could
 * hold a value — and the next round tries again. {@link #close} waits for a round in progress.
 */
public final class PeriodicJob implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicJob.class);

    private final String name;
    private final Duration interval;
    private final Runnable round;
    private @Nullable Thread thread;

    public PeriodicJob(String name, Duration interval, Runnable round) {
        this.name = name;
        this.interval = interval;
        this.round = round;
    }

    public synchronized void start() {
        if (thread != null) {
            throw new IllegalStateException(name + " is already started");
        }
        thread = Thread.ofVirtual().name(name).start(this::loop);
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
            try {
                round.run();
            } catch (RuntimeException e) {
                LOG.warn("{} failed ({}: {}); trying again in {}", name, e.getClass().getSimpleName(), rootMessage(e),
                        interval);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    @Override
    public synchronized void close() {
        if (thread == null) {
            return;
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }
}
