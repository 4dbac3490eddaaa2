package dev.arca.sdk;

import dev.arca.api.WatchEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An open {@code GET /v1/vaults/{vault}/events} stream, read on its own daemon thread that hands each
 * {@link WatchEvent} to the listener, in order. It ends when the server ends the stream (after {@code access_denied}
 * for every watched secret), when the connection is lost, or on {@link #close()}; it does not reconnect by itself.
 * A caller that does waits at least {@link #minPollInterval()} first. Obtained from
 * {@link SecretOperations#events(java.util.Collection, Consumer)}.
 */
public final class EventSubscription implements AutoCloseable {
    /** The server's floor between two polls of one secret when it does not say: {@code X-Arca-Min-Poll-Interval}. */
    static final Duration DEFAULT_MIN_POLL_INTERVAL = Duration.ofSeconds(10);

    private final Stream<String> lines;
    private final Duration minPollInterval;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Thread reader;
    private volatile boolean closed;

    private EventSubscription(HttpResponse<Stream<String>> response, HttpTransport transport,
            Consumer<WatchEvent> listener) {
        this.lines = response.body();
        this.minPollInterval = minPollInterval(response);
        var parser = new EventStreamParser((type, data) ->
                listener.accept(transport.read(data, WatchEvent.class, "an event (" + type + ")")));
        this.reader = new Thread(() -> read(parser), "arca-sdk-events");
        reader.setDaemon(true);
    }

    static EventSubscription open(HttpTransport transport, RequestTarget target, Consumer<WatchEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        var subscription = new EventSubscription(transport.openStream(target), transport, listener);
        subscription.reader.start();
        return subscription;
    }

    private void read(EventStreamParser parser) {
        try {
            lines.forEach(parser::line);
            ended.complete(null);
        } catch (UncheckedIOException e) {
            if (closed) {
                ended.complete(null);
            } else {
                IOException cause = Objects.requireNonNull(e.getCause(), "an UncheckedIOException has a cause");
                ended.completeExceptionally(new ConnectionException("the event stream from Arca broke ("
                        + cause.getClass().getSimpleName() + ")", cause));
            }
        } catch (RuntimeException e) {
            // A listener's exception (or an event that is not a WatchEvent) ends the subscription, reported by join.
            ended.completeExceptionally(e);
        } finally {
            lines.close();
        }
    }

    /** Whether events may still arrive. */
    public boolean isOpen() {
        return !ended.isDone();
    }

    /**
     * Waits until the subscription ends.
     *
     * @throws ConnectionException if the connection was lost
     * @throws RuntimeException what the listener threw, if it threw
     */
    public void join() throws InterruptedException {
        try {
            ended.get();
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /** Like {@link #join()}, waiting at most {@code timeout}; returns whether the subscription ended. */
    public boolean join(Duration timeout) throws InterruptedException {
        try {
            ended.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        }
    }

    /** The least time to wait before opening the stream again: the server's {@code X-Arca-Min-Poll-Interval}. */
    public Duration minPollInterval() {
        return minPollInterval;
    }

    /** Stops reading and closes the connection; no event is delivered after this returns. Idempotent. */
    @Override
    public void close() {
        closed = true;
        lines.close();
        reader.interrupt();
        if (Thread.currentThread() != reader) {
            try {
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ended.complete(null);
    }

    static Duration minPollInterval(HttpResponse<?> response) {
        return response.headers().firstValue("X-Arca-Min-Poll-Interval").map(seconds -> {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(seconds.trim())));
            } catch (NumberFormatException e) {
                return DEFAULT_MIN_POLL_INTERVAL;
            }
        }).orElse(DEFAULT_MIN_POLL_INTERVAL);
    }
}
