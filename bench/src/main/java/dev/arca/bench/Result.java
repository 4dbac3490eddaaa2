package dev.arca.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scenario on one backend: throughput, latency percentiles (ms), errors, and the throughput as a fraction of
 * {@code baseline} on the same server (the ratio survives a noisy shared machine better than the absolute figure).
 * {@code extra} holds what only that scenario measures, such as {@code all_notified_ms}.
 */
record Result(String scenario, String backend, int concurrency, double durationS, long ops, double opsPerS,
        double p50Ms, double p99Ms, double p999Ms, double maxMs, long errors, Double ratioToBaseline,
        Map<String, Object> extra) {

    Result {
        extra = Collections.unmodifiableMap(new TreeMap<>(extra));
    }

    static Result of(String scenario, String backend, int concurrency, LoadRunner.Outcome outcome,
            Map<String, Object> extra) {
        Latencies l = outcome.latencies();
        return new Result(scenario, backend, concurrency, outcome.seconds(), l.count(), outcome.opsPerSecond(),
                l.percentileMillis(50), l.percentileMillis(99), l.percentileMillis(99.9), l.maxMillis(), l.errors(),
                null, extra);
    }

    Result withRatioTo(Result baseline) {
        Double ratio = baseline == null || baseline.opsPerS() <= 0 ? null : opsPerS / baseline.opsPerS();
        return new Result(scenario, backend, concurrency, durationS, ops, opsPerS, p50Ms, p99Ms, p999Ms, maxMs,
                errors, ratio, extra);
    }

    ObjectNode toJson() {
        ObjectNode json = BenchHttp.JSON.createObjectNode();
        json.put("scenario", scenario);
        json.put("backend", backend);
        json.put("concurrency", concurrency);
        json.put("duration_s", round(durationS, 2));
        json.put("ops", ops);
        json.put("ops_per_s", round(opsPerS, 1));
        json.put("p50_ms", round(p50Ms, 3));
        json.put("p99_ms", round(p99Ms, 3));
        json.put("p999_ms", round(p999Ms, 3));
        json.put("max_ms", round(maxMs, 3));
        json.put("errors", errors);
        if (ratioToBaseline == null) {
            json.putNull("ratio_to_baseline");
        } else {
            json.put("ratio_to_baseline", round(ratioToBaseline, 3));
        }
        extra.forEach((name, value) -> json.set(name, BenchHttp.JSON.valueToTree(
                value instanceof Double d ? round(d, 3) : value)));
        return json;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
