package dev.arca.cli;

import dev.arca.api.WatchEvent;
import dev.arca.sdk.ApiException;
import dev.arca.sdk.ConnectionException;
import dev.arca.sdk.EventSubscription;
import dev.arca.sdk.RateLimitedException;
import dev.arca.sdk.SecretOperations;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The event stream of some secrets, kept open across lost connections, seals and server restarts (the server ends a
 * stream when it seals or stops): it opens the stream again no sooner than the server allows
 * ({@code X-Arca-Min-Poll-Interval}, {@code Retry-After}). What happened while it was away is not replayed;
 * {@code onReconnected} lets the caller catch up. It ends once every watched secret is {@code access_denied}.
 */
final class EventFeed {
    private static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final SecretOperations secrets;
    private final List<String> secretIds;
    private final Consumer<WatchEvent> listener;
    private final Runnable onReconnected;
    private final Consumer<String> warn;

    EventFeed(SecretOperations secrets, List<String> secretIds, Consumer<WatchEvent> listener, Runnable onReconnected,
            Consumer<String> warn) {
        this.secrets = secrets;
        this.secretIds = List.copyOf(secretIds);
        this.listener = listener;
        this.onReconnected = onReconnected;
        this.warn = warn;
    }

    /**
     * Delivers events until every watched secret is lost to {@code access_denied}, or the thread is interrupted.
     *
     * @throws ApiException if the stream cannot be opened for a reason waiting will not fix (403, 404, 400)
     */
    void run() throws InterruptedException {
        Set<String> denied = ConcurrentHashMap.newKeySet();
        Consumer<WatchEvent> tracking = event -> {
            if (WatchEvent.ACCESS_DENIED.equals(event.type())) {
                denied.add(event.secretId());
            }
            listener.accept(event);
        };
        boolean reconnecting = false;
        Duration interval = DEFAULT_INTERVAL;
        while (true) {
            EventSubscription subscription;
            try {
                subscription = secrets.events(secretIds, tracking);
            } catch (ConnectionException e) {
                interval = retry(interval, "cannot open the event stream (" + e.getMessage() + ")");
                reconnecting = true;
                continue;
            } catch (RateLimitedException e) {
                interval = retry(e.retryAfter().compareTo(interval) > 0 ? e.retryAfter() : interval,
                        "the server asks to wait before watching again");
                reconnecting = true;
                continue;
            } catch (ApiException e) {
                if (e.statusCode() < 500) {
                    throw e;
                }
                interval = retry(interval, "the event stream is unavailable (" + e.code() + ")");
                reconnecting = true;
                continue;
            }
            try {
                if (reconnecting) {
                    onReconnected.run();
                }
                interval = subscription.minPollInterval();
                subscription.join();
                if (denied.containsAll(secretIds)) {
                    return;
                }
                interval = retry(interval, "the server ended the event stream");
                reconnecting = true;
            } catch (ConnectionException e) {
                interval = retry(interval, "lost the event stream");
                reconnecting = true;
            } finally {
                subscription.close();
            }
        }
    }

    private Duration retry(Duration interval, String why) throws InterruptedException {
        warn.accept(why + "; trying again in " + interval.toSeconds() + " s");
        Thread.sleep(interval.toMillis());
        return interval;
    }
}
