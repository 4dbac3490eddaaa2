package dev.arca.sdk;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * When and how long the SDK waits before trying a request again.
 *
 * <p>Retried, for any method: {@code 429} and {@code 503} answers (the server did nothing, so any request may be
 * sent again) and a connection that could not be made (refused, or the connect timeout: the request never left).
 * Retried for an idempotent method only ({@code GET}, {@code HEAD}, {@code PUT}, {@code DELETE}, RFC 9110 §9.2.2):
 * {@code 500}, {@code 502} and {@code 504}, which a server or proxy may answer after part of the work was done; a
 * {@code PUT} sent twice writes the same value twice (a second version of a secret at most), a {@code DELETE} sent
 * twice deletes once. A {@code POST} is never retried on those (no POST route is treated as idempotent: a rotation,
 * an enrollment or a use done twice is not the same as done once). A {@code GET}/{@code HEAD} is also retried when
 * its answer was lost (read timeout, reset); any other method is not, since it may have been applied and only the
 * caller can tell whether doing it twice is safe. Every other status is never retried (authentication, access and
 * validation errors will not change by waiting). Every attempt is built and signed afresh, so a machine signature is
 * never replayed.
 *
 * @param retries how many times a request is sent again after the first attempt; 0 disables retries
 * @param backoff the wait before the first retry
 * @param multiplier how much longer each further wait is than the one before (ScaiVault's {@code retry_backoff});
 *     1 waits {@code backoff} every time
 * @param sleeper how a blocking call waits between attempts; tests give one that records instead of sleeping
 */
record RetryPolicy(int retries, Duration backoff, double multiplier, Sleeper sleeper) {
    /** The multiplier when none is given: each wait twice the one before. */
    static final double DEFAULT_MULTIPLIER = 2.0;
    /** Three retries after 1 s, 2 s and 4 s. */
    static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1));
    /**
     * A {@code Retry-After} longer than this is not waited for: the caller gets the {@link RateLimitedException}
     * (or {@link SealedException}) with its {@code retryAfter()} at once instead of a call that hangs for minutes.
     * No computed backoff is longer either, whatever the multiplier.
     */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE");

    /** Waits between the attempts of a blocking call. */
    @FunctionalInterface
    interface Sleeper {
        /** The thread sleeps. */
        Sleeper THREAD = wait -> Thread.sleep(wait.toMillis());

        void sleep(Duration wait) throws InterruptedException;
    }

    RetryPolicy {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(sleeper, "sleeper");
        Options.retries(retries);
        if (backoff.isNegative()) {
            throw new IllegalArgumentException("the retry backoff must be zero or positive, not " + backoff);
        }
        if (!(multiplier >= 1) || Double.isInfinite(multiplier)) { // NaN fails >= too
            throw new IllegalArgumentException("the retry backoff multiplier must be a finite number of 1 or more"
                    + " (1 keeps every wait equal, 2 doubles it), not " + multiplier);
        }
    }

    /** {@code retries} after {@code backoff}, each further wait doubled, sleeping the thread. */
    RetryPolicy(int retries, Duration backoff) {
        this(retries, backoff, DEFAULT_MULTIPLIER, Sleeper.THREAD);
    }

    /** Whether an answer with this status to a request with this method is worth sending again. */
    static boolean retriesStatus(String method, int status) {
        return switch (status) {
            case 429, 503 -> true;
            case 500, 502, 504 -> isIdempotent(method);
            default -> false;
        };
    }

    /** {@code GET}, {@code HEAD}, {@code PUT} and {@code DELETE}: sending one twice has the effect of once. */
    static boolean isIdempotent(String method) {
        return IDEMPOTENT.contains(method.toUpperCase(Locale.ROOT));
    }

    /** Whether a request that failed without an answer may be sent again (see the class comment). */
    static boolean retriesFailure(String method, boolean connectionNeverMade) {
        return connectionNeverMade || method.equals("GET") || method.equals("HEAD");
    }

    /**
     * How long to wait before retry number {@code retry} (1-based): {@code backoff × multiplier^(retry-1)}, at most
     * {@link #LONGEST_WAIT}, or what the server asked for if that is longer; null when no further attempt is to be
     * made.
     */
    @Nullable Duration delayBefore(int retry, Duration retryAfter) {
        if (retry > retries || retryAfter.compareTo(LONGEST_WAIT) > 0) {
            return null;
        }
        double millis = backoff.toMillis() * Math.pow(multiplier, retry - 1);
        Duration computed = millis >= LONGEST_WAIT.toMillis() ? LONGEST_WAIT : Duration.ofMillis(Math.round(millis));
        return retryAfter.compareTo(computed) > 0 ? retryAfter : computed;
    }
}
