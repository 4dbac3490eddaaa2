package dev.arca.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scenario on one backend: throughput, latency percentiles (ms), errors, the load driver that measured it
 * ({@code java} or {@code wrk}), and the throughput as a fraction of {@code floor} (a bare Javalin route in the same
 * JVM) and of {@code baseline} (the server's health route), both measured in the same run: the ratios survive a
 * noisy shared machine better than the absolute figures. {@code extra} holds what only that scenario measures,
 * such as {@code all_notified_ms}.
 */
record Result(String scenario, String backend, String load, int concurrency, double durationS, long ops,
        double opsPerS, double p50Ms, double p90Ms, double p99Ms, double p999Ms, double maxMs, long errors,
        Double ratioToFloor, Double ratioToBaseline, Map<String, Object> extra) {

    Result {
        extra = Collections.unmodifiableMap(new TreeMap<>(extra));
    }

    /** A run of the bench's own Java clients. */
    static Result of(String scenario, String backend, int concurrency, LoadRunner.Outcome outcome,
            Map<String, Object> extra) {
        Latencies l = outcome.latencies();
        return new Result(scenario, backend, LoadDriver.JAVA.label(), concurrency, outcome.seconds(), l.count(),
                outcome.opsPerSecond(), l.percentileMillis(50), l.percentileMillis(90), l.percentileMillis(99),
                l.percentileMillis(99.9), l.maxMillis(), l.errors(), null, null, extra);
    }

    /** A wrk run. */
    static Result of(String scenario, String backend, int concurrency, WrkOutput wrk, Map<String, Object> extra) {
        return new Result(scenario, backend, LoadDriver.WRK.label(), concurrency, wrk.seconds(), wrk.requests(),
                wrk.requestsPerSecond(), wrk.p50Ms(), wrk.p90Ms(), wrk.p99Ms(), wrk.p999Ms(), wrk.maxMs(),
                wrk.errors(), null, null, extra);
    }

    /** This result with its throughput taken as a ratio to each of {@code floor} and {@code baseline} (null: none). */
    Result withRatiosTo(Result floor, Result baseline) {
        return new Result(scenario, backend, load, concurrency, durationS, ops, opsPerS, p50Ms, p90Ms, p99Ms, p999Ms,
                maxMs, errors, ratio(floor), ratio(baseline), extra);
    }

    private Double ratio(Result reference) {
        return reference == null || reference.opsPerS() <= 0 ? null : opsPerS / reference.opsPerS();
    }

    ObjectNode toJson() {
        ObjectNode json = BenchHttp.JSON.createObjectNode();
        json.put("scenario", scenario);
        json.put("backend", backend);
        json.put("load", load);
        json.put("concurrency", concurrency);
        json.put("duration_s", round(durationS, 2));
        json.put("ops", ops);
        json.put("ops_per_s", round(opsPerS, 1));
        json.put("p50_ms", round(p50Ms, 3));
        json.put("p90_ms", round(p90Ms, 3));
        json.put("p99_ms", round(p99Ms, 3));
        json.put("p999_ms", round(p999Ms, 3));
        json.put("max_ms", round(maxMs, 3));
        json.put("errors", errors);
        putRatio(json, "ratio_to_floor", ratioToFloor);
        putRatio(json, "ratio_to_baseline", ratioToBaseline);
        extra.forEach((name, value) -> json.set(name, BenchHttp.JSON.valueToTree(
                value instanceof Double d ? round(d, 3) : value)));
        return json;
    }

    private static void putRatio(ObjectNode json, String name, Double ratio) {
        if (ratio == null) {
            json.putNull(name);
        } else {
            json.put(name, round(ratio, 3));
        }
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
