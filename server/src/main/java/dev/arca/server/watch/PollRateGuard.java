package dev.arca.server.watch;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import java.time.Duration;
import java.util.Map;

/**
 * Refuses a principal that polls one secret without waiting more often than once per interval: such a client
 * should wait on the server (long-poll) instead. Remembers one instant per (principal, secret) for one interval,
 * at most {@value #MAX_ENTRIES} of them on this node.
 */
final class PollRateGuard {
    static final long MAX_ENTRIES = 1_000_000;

    private final Duration interval;
    private final Ticker ticker;
    private final Cache<String, Long> lastPoll;

    PollRateGuard(Duration interval, Ticker ticker) {
        this.interval = interval;
        this.ticker = ticker;
        this.lastPoll = Caffeine.newBuilder().expireAfterWrite(interval).maximumSize(MAX_ENTRIES).ticker(ticker)
                .build();
    }

    /** Records a poll without waiting, or 429 {@code rate_limited} saying when the next one is welcome. */
    void check(String subject, String secretId) {
        long now = ticker.read();
        Long previous = lastPoll.asMap().putIfAbsent(subject + "\n" + secretId, now);
        if (previous == null) {
            return;
        }
        long waitNanos = interval.toNanos() - (now - previous);
        long seconds = Math.max(1, (waitNanos + 999_999_999) / 1_000_000_000);
        throw new ArcaException(ErrorCode.RATE_LIMITED, "this secret was polled without waiting less than "
                + interval.toSeconds() + " s ago; wait " + seconds + " s, or long-poll with wait=30s",
                Map.of("retry_after_seconds", seconds));
    }
}
