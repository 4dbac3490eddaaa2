package dev.arca.sdk;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * When and how long the SDK waits before trying a request again.
 *
 * <p>Retried: {@code 429} and {@code 503} answers (the server did nothing, so any request may be sent again), a
 * connection that could not be made (refused, or the connect timeout: the request never left), and any other
 * failure of a {@code GET}/{@code HEAD}. Never retried: every other status (authentication, access and validation
 * errors will not change by waiting), and a {@code POST}/{@code PUT}/{@code PATCH}/{@code DELETE} whose answer
 * did not arrive (read timeout, reset): it may have been applied, and only the caller can tell whether doing it
 * twice is safe. Every attempt is built and signed afresh, so a machine signature is never replayed.
 *
 * @param retries how many times a request is sent again after the first attempt; 0 disables retries
 * @param backoff the wait before the first retry, doubled before each further one
 */
record RetryPolicy(int retries, Duration backoff) {
    /** Three retries after 1 s, 2 s and 4 s. */
    static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1));
    /**
     * A {@code Retry-After} longer than this is not waited for: the caller gets the {@link RateLimitedException}
     * (or {@link SealedException}) with its {@code retryAfter()} at once instead of a call that hangs for minutes.
     */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

    RetryPolicy {
        if (retries < 0) {
            throw new ConfigurationException("retries must be 0 or more, not " + retries);
        }
        if (backoff == null || backoff.isNegative()) {
            throw new ConfigurationException("the backoff must be zero or positive, not " + backoff);
        }
    }

    /** Whether an answer with this status is worth sending again. */
    static boolean retriesStatus(int status) {
        return status == 429 || status == 503;
    }

    /** Whether a request that failed without an answer may be sent again (see the class comment). */
    static boolean retriesFailure(String method, boolean connectionNeverMade) {
        return connectionNeverMade || method.equals("GET") || method.equals("HEAD");
    }

    /**
     * How long to wait before retry number {@code retry} (1-based), at least what the server asked for; null when
     * no further attempt is to be made.
     */
    @Nullable Duration delayBefore(int retry, Duration retryAfter) {
        if (retry > retries || retryAfter.compareTo(LONGEST_WAIT) > 0) {
            return null;
        }
        Duration exponential = backoff.multipliedBy(1L << Math.min(retry - 1, 20));
        return retryAfter.compareTo(exponential) > 0 ? retryAfter : exponential;
    }
}
