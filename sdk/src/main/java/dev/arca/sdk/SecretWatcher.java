package dev.arca.sdk;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The watches of one {@link Arca}: one daemon thread keeps one {@code GET /v1/vaults/{vault}/events} stream open for
 * every watched secret at once, re-opening it when the set of secrets changes (at once) or the stream ends (after
 * the poll interval). Callbacks run on a cached pool of daemon threads, serially per secret: a callback that throws
 * is ignored, one that blocks delays only later events of its own secret.
 *
 * <p>The thread is a platform daemon thread, not a virtual one: the SDK compiles for Java 17, and one thread per
 * client (plus the stream's reader) costs little whatever the number of watched secrets.
 */
final class SecretWatcher implements AutoCloseable {
    private static final Duration CHECK_EVERY = Duration.ofMillis(200);

    private final SecretOperations secrets;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final ExecutorService callbacks;
    private final Object signal = new Object();
    private volatile Duration pollInterval;
    private volatile boolean changed;
    private volatile boolean closed;
    private @Nullable Thread thread;

    SecretWatcher(SecretOperations secrets, Duration pollInterval) {
        this.secrets = secrets;
        this.pollInterval = pollInterval;
        var count = new AtomicInteger();
        this.callbacks = Executors.newCachedThreadPool(task -> {
            Thread callback = new Thread(task, "arca-sdk-watch-callback-" + count.incrementAndGet());
            callback.setDaemon(true);
            return callback;
        });
    }

    /** A secret's callback and the tail of its serial chain of deliveries. */
    private static final class Watch {
        final Consumer<WatchEvent> callback;
        CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        Watch(Consumer<WatchEvent> callback) {
            this.callback = callback;
        }
    }

    synchronized void watch(String secretId, Consumer<WatchEvent> callback) {
        if (closed) {
            throw new IllegalStateException("this Arca client is closed");
        }
        watches.put(secretId, new Watch(callback));
        if (thread == null) {
            thread = new Thread(this::run, "arca-sdk-watch");
            thread.setDaemon(true);
            thread.start();
        }
        wake();
    }

    void unwatch(String secretId) {
        if (watches.remove(secretId) != null) {
            wake();
        }
    }

    void pollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    private void wake() {
        synchronized (signal) {
            changed = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (!closed) {
            changed = false;
            List<String> ids = List.copyOf(watches.keySet());
            if (ids.isEmpty()) {
                pause(null);
                continue;
            }
            Duration pause = pollInterval;
            try (var stream = secrets.events(ids, event -> deliver(WatchEvent.from(event)))) {
                while (!closed && !changed && stream.isOpen()) {
                    stream.join(CHECK_EVERY);
                }
                if (stream.minPollInterval().compareTo(pause) > 0) {
                    pause = stream.minPollInterval();
                }
            } catch (InterruptedException e) {
                return;
            } catch (ArcaException e) {
                // The stream could not be opened or broke: every watcher hears why (never a value), then we retry.
                String why = e.getClass().getSimpleName() + ": " + e.getMessage();
                ids.forEach(id -> deliver(WatchEvent.error(id, why)));
            } catch (RuntimeException e) {
                ids.forEach(id -> deliver(WatchEvent.error(id, "the event stream failed: " + e.getClass().getName())));
            }
            if (!closed && !changed) {
                pause(pause);
            }
        }
    }

    /** Waits until the set of watches changes, the client closes, or {@code timeout} (null: no timeout) passes. */
    private void pause(@Nullable Duration timeout) {
        synchronized (signal) {
            long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
            while (!closed && !changed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    signal.wait(timeout == null ? 0 : Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void deliver(WatchEvent event) {
        Watch watch = watches.get(event.secretId());
        if (watch == null) {
            return;
        }
        if (event.status() == WatchStatus.ACCESS_DENIED) {
            unwatch(event.secretId());
        }
        synchronized (watch) {
            try {
                watch.tail = watch.tail.thenRunAsync(() -> {
                    try {
                        watch.callback.accept(event);
                    } catch (RuntimeException e) {
                        // A callback's failure is its own: the other watches, and this one's later events, go on.
                    }
                }, callbacks);
            } catch (RejectedExecutionException e) {
                // closed meanwhile: nothing more is delivered
            }
        }
    }

    /** Stops the thread, closes the stream and the callback pool; callbacks already running may finish. */
    @Override
    public void close() {
        Thread running;
        synchronized (this) {
            closed = true;
            running = thread;
        }
        wake();
        if (running != null) {
            running.interrupt();
            try {
                running.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        watches.clear();
        callbacks.shutdownNow();
    }
}
