package dev.arca.bench;

import java.time.Duration;

/**
 * How hard and how long: {@code concurrency} clients for {@code warmup} and then {@code duration};
 * {@code watchers} for watch-fanout; {@code secrets} seeded for the read and write scenarios; {@code load} what drives
 * the request scenarios (those with a wrk script).
 */
record Settings(int concurrency, Duration warmup, Duration duration, int watchers, int secrets, LoadDriver load) {
    Settings {
        if (concurrency < 1 || watchers < 1 || secrets < 1) {
            throw new IllegalArgumentException("--concurrency, --watchers and --secrets must be at least 1");
        }
        if (duration.isNegative() || duration.isZero() || warmup.isNegative()) {
            throw new IllegalArgumentException("--duration must be positive and --warmup not negative");
        }
    }
}
