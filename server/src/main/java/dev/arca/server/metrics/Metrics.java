package dev.arca.server.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Request counts and latency by operation and status, the seal state and the gauges features add, in Prometheus
 * form.
 */
public final class Metrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public Metrics(BooleanSupplier sealed) {
        registry.gauge("arca_sealed", registry, r -> sealed.getAsBoolean() ? 1 : 0);
    }

    /** A value a feature reports, read at every scrape (e.g. how many watchers wait). */
    public void gauge(String name, String description, IntSupplier value) {
        Gauge.builder(name, value, v -> v.getAsInt()).description(description).strongReference(true)
                .register(registry);
    }

    public void record(String operation, String method, int status, Duration took) {
        Timer.builder("arca_http_requests")
                .description("HTTP requests by operation and status")
                .tag("operation", operation)
                .tag("method", method)
                .tag("status", Integer.toString(status))
                .publishPercentiles(0.5, 0.99)
                .register(registry)
                .record(took);
    }

    public String scrape() {
        return registry.scrape();
    }
}
