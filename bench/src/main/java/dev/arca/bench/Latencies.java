package dev.arca.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What a scenario measured: latencies in microseconds (HdrHistogram, 3 significant digits, up to 5 minutes), how
 * many operations, how many failed and why (by HTTP status or exception), over how many seconds.
 */
final class Latencies {
    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(5);

    private final Histogram histogram = new Histogram(MAX_MICROS, 3);
    private final Map<String, Long> failures = new TreeMap<>();
    private long errors;

    void record(long nanos, String failure) {
        histogram.recordValue(Math.min(MAX_MICROS, Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos))));
        if (failure != null) {
            errors++;
            failures.merge(failure, 1L, Long::sum);
        }
    }

    /** Failures with no latency of their own, such as watchers that never heard a change. */
    void fail(String failure, long count) {
        errors += count;
        failures.merge(failure, count, Long::sum);
    }

    void add(Latencies other) {
        histogram.add(other.histogram);
        errors += other.errors;
        other.failures.forEach((kind, count) -> failures.merge(kind, count, Long::sum));
    }

    long count() {
        return histogram.getTotalCount();
    }

    long errors() {
        return errors;
    }

    /** Failures by kind ({@code status 503}, {@code HttpTimeoutException}), for the operator, on stderr. */
    Map<String, Long> failures() {
        return failures;
    }

    double percentileMillis(double percentile) {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return count() == 0 ? 0 : histogram.getMaxValue() / 1000.0;
    }
}
