package dev.arca.server.access;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Backoff for password logins after failures (OWASP's authentication guidance: throttle, do not lock out).
 *
 * <ul>
 *   <li><b>Per user and address</b>: after {@link #PAIR_ALLOWANCE} failed logins for a username from one address,
 *       each further attempt from there waits 1 s, then 2, 4… up to {@link #MAX_WAIT}; a successful login from
 *       that address clears it.
 *   <li><b>Per address</b>: after {@link #ADDRESS_ALLOWANCE} failures for any usernames, the address itself waits
 *       the same way (one address spraying many usernames). An IPv6 address counts as its /64, which one host
 *       usually holds whole.
 *   <li><b>Per user, a soft cap only</b>: once a username has {@link #USER_UNDER_ATTACK} failures from all
 *       addresses together, each address gets one failure instead of five before its backoff starts. A hard
 *       per-user lock would let anyone lock a user out by failing on purpose; this way the user logging in with
 *       the right password from an address that has not failed is never refused, while an attacker spread over
 *       many addresses gets one guess per address per wait.
 * </ul>
 *
 * <p>An attempt counts as a failure when it begins (and is taken back if it succeeds), so concurrent guesses cannot
 * slip past the count. A throttled attempt is refused before the password is checked, with 429
 * {@code rate_limited} and {@code Retry-After}. Unknown usernames are counted exactly like known ones, so the
 * answer never tells whether a user exists. Failures are forgotten {@link #FORGET_AFTER} after the last one.
 *
 * <p>Limit: the counts are in this node's memory (bounded to the most recent keys); with several nodes behind a
 * load balancer each keeps its own, so an attacker gets the allowance once per node, and a restart forgets them.
 */
public final class LoginThrottle {
    static final int PAIR_ALLOWANCE = 5;
    static final int ADDRESS_ALLOWANCE = 50;
    static final int USER_UNDER_ATTACK = 20;
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofMinutes(15);
    static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final Clock clock;
    private final Cache<String, Failures> failures = Caffeine.newBuilder().maximumSize(200_000)
            .expireAfterWrite(FORGET_AFTER).build();

    public LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** One login attempt under way, counted as a failure unless it ends in {@link #succeeded} or {@link #notJudged}. */
    public final class Attempt {
        private final String pair;
        private final String address;
        private final String user;

        private Attempt(String pair, String address, String user) {
            this.pair = pair;
            this.address = address;
            this.user = user;
        }

        /** The password (and code) were right: this address starts afresh for this user. */
        public void succeeded() {
            failures.invalidate(pair);
            takeBack(address);
            takeBack(user);
        }

        /** Refused for something other than the credentials (a missing field, storage down): not a failed guess. */
        public void notJudged() {
            takeBack(pair);
            takeBack(address);
            takeBack(user);
        }

        private void takeBack(String key) {
            failures.asMap().computeIfPresent(key, (k, f) -> f.takeBackOne());
        }
    }

    /**
     * Begins a login for {@code username} in {@code vault} from {@code sourceIp}, counted as a failure until it
     * succeeds; 429 when that user from that address, or that address, must wait first.
     */
    public Attempt begin(String vault, String username, String sourceIp) {
        String address = "address\0" + addressKey(sourceIp);
        String user = "user\0" + vault + "\0" + username;
        String pair = user + "\0" + address;
        Instant now = clock.instant();
        int allowance = current(user, now).count() >= USER_UNDER_ATTACK ? 1 : PAIR_ALLOWANCE;
        Duration pairWait = countIfAllowed(pair, allowance, now);
        if (!pairWait.isZero()) {
            throw throttled("too many failed logins for this user from " + sourceIp, pairWait);
        }
        Duration addressWait = countIfAllowed(address, ADDRESS_ALLOWANCE, now);
        if (!addressWait.isZero()) {
            failures.asMap().computeIfPresent(pair, (k, f) -> f.takeBackOne());
            throw throttled("too many failed logins from " + sourceIp, addressWait);
        }
        failures.asMap().compute(user, (k, f) -> fresh(f, now).plusOne(now));
        return new Attempt(pair, address, user);
    }

    /** Counts one more failure for {@code key} unless it must wait; answers the wait left (zero when counted). */
    private Duration countIfAllowed(String key, int allowance, Instant now) {
        Duration[] wait = {Duration.ZERO};
        failures.asMap().compute(key, (k, f) -> {
            Failures current = fresh(f, now);
            Duration left = current.waitLeft(allowance, now);
            if (!left.isZero()) {
                wait[0] = left;
                return current;
            }
            return current.plusOne(now);
        });
        return wait[0];
    }

    private Failures current(String key, Instant now) {
        return fresh(failures.getIfPresent(key), now);
    }

    private static Failures fresh(@Nullable Failures f, Instant now) {
        return f == null || f.last().plus(FORGET_AFTER).isBefore(now) ? new Failures(0, now) : f;
    }

    private static ArcaException throttled(String why, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return new ArcaException(ErrorCode.RATE_LIMITED, why + "; retry in " + seconds + " s (each further failure "
                + "doubles the wait, up to " + MAX_WAIT.toMinutes() + " min)", Map.of("retry_after_seconds", seconds));
    }

    /** An IPv4 address as it is; an IPv6 address by its /64. */
    private static String addressKey(String ip) {
        if (ip == null || ip.indexOf(':') < 0) {
            return String.valueOf(ip);
        }
        try {
            byte[] bytes = InetAddress.getByName(ip).getAddress();
            return bytes.length == 16 ? Arrays.toString(Arrays.copyOf(bytes, 8)) + "/64" : ip;
        } catch (UnknownHostException e) {
            return ip;
        }
    }

    /** {@code count} failures, the last at {@code last}. */
    record Failures(int count, Instant last) {
        Failures plusOne(Instant now) {
            return new Failures(count + 1, now);
        }

        Failures takeBackOne() {
            return new Failures(Math.max(0, count - 1), last);
        }

        /** Zero while within the allowance; past it, what is left of 1 s doubled per failure beyond (capped). */
        Duration waitLeft(int allowance, Instant now) {
            if (count < allowance) {
                return Duration.ZERO;
            }
            int doublings = Math.min(count - allowance, 20);
            Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
            if (wait.compareTo(MAX_WAIT) > 0) {
                wait = MAX_WAIT;
            }
            Duration left = Duration.between(now, last.plus(wait));
            return left.isNegative() ? Duration.ZERO : left;
        }
    }
}
