package dev.arca.server.acme;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * When a managed certificate renews, and when a failed attempt is tried again. Pure arithmetic over the
 * certificate's validity, so lifetimes of hours renew as well as lifetimes of months.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>Without renewal information from the CA, a certificate renews at two thirds of its lifetime, moved by a
 *       random jitter of at most {@link #JITTER_SHARE} of the lifetime (and never more than {@link #MAX_JITTER}),
 *       so many certificates issued together do not all renew in the same second; the time is always inside the
 *       validity.</li>
 *   <li>With the CA's suggested window (ACME renewal information, RFC 9773) a uniformly random point of the window
 *       is chosen; a window already over means now.</li>
 *   <li>A retry is never sooner than the CA's {@code Retry-After}, backs off exponentially from
 *       {@link #FIRST_RETRY}, and is capped at a twelfth of the lifetime (at most {@link #MAX_RETRY}): a short-lived
 *       certificate is retried often enough to be renewed before it ends, and retries never stop.</li>
 * </ul>
 */
final class RenewalSchedule {
    static final double JITTER_SHARE = 0.03;
    static final Duration MAX_JITTER = Duration.ofHours(12);
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_RETRY = Duration.ofHours(6);

    /** The CA's suggested renewal window. */
    record Window(Instant start, Instant end) {}

    private final RandomGenerator random;

    RenewalSchedule(RandomGenerator random) {
        this.random = random;
    }

    /** When the certificate valid from {@code notBefore} to {@code notAfter} renews. */
    Instant renewAt(Instant notBefore, Instant notAfter, Optional<Window> suggested, Instant now) {
        if (suggested.isPresent()) {
            Window window = suggested.get();
            if (!window.end().isAfter(now)) {
                return now;
            }
            Instant start = window.start().isBefore(now) ? now : window.start();
            return start.plusMillis(randomMillis(Duration.between(start, window.end()).toMillis()));
        }
        long lifetime = Math.max(0, Duration.between(notBefore, notAfter).toMillis());
        long jitter = Math.min((long) (lifetime * JITTER_SHARE), MAX_JITTER.toMillis());
        long offset = lifetime * 2 / 3 - jitter + randomMillis(2 * jitter);
        return notBefore.plusMillis(Math.min(offset, lifetime));
    }

    /**
     * When to try again after the {@code failures}-th failure in a row.
     *
     * @param lifetime the lifetime of the certificate being renewed; null before the first one was obtained
     * @param retryAfter the CA's {@code Retry-After}, when it sent one
     */
    Instant retryAt(Instant now, int failures, @Nullable Duration lifetime, @Nullable Instant retryAfter) {
        Duration cap = lifetime == null ? MAX_RETRY : min(MAX_RETRY, max(FIRST_RETRY, lifetime.dividedBy(12)));
        Duration backoff = min(cap, FIRST_RETRY.multipliedBy(1L << Math.min(Math.max(failures - 1, 0), 20)));
        Instant next = now.plus(backoff);
        return retryAfter != null && retryAfter.isAfter(next) ? retryAfter : next;
    }

    private long randomMillis(long bound) {
        return bound <= 0 ? 0 : random.nextLong(bound + 1);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
