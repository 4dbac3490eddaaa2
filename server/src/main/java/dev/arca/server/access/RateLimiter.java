package dev.arca.server.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;

/**
 * Token buckets per key (a principal, a source address): {@code perSecond} sustained with bursts of twice that.
 * Over the limit → 429 {@code rate_limited} with the seconds to wait in {@code details.retry_after_seconds}
 * (the pipeline turns it into {@code Retry-After}). A rate of 0 turns the limit off.
 */
public final class RateLimiter {
    private final String what;
    private final long perSecond;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();

    /** @param what names the limit in the error message: "this principal", "this address" */
    public RateLimiter(String what, long perSecond) {
        this.what = what;
        this.perSecond = perSecond;
    }

    public void check(String key) {
        if (perSecond <= 0) {
            return;
        }
        Bucket bucket = buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perSecond * 2).refillGreedy(perSecond, Duration.ofSeconds(1))
                        .build())
                .build());
        var probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            throw new ArcaException(ErrorCode.RATE_LIMITED, "too many requests from " + what + " (limit "
                    + perSecond + "/s); retry in " + seconds + " s", Map.of("retry_after_seconds", seconds));
        }
    }
}
