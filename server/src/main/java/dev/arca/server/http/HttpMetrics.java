package dev.arca.server.http;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Request counts and latency by operation and status, and the seal state, in Prometheus form. */
public final class HttpMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public HttpMetrics(BooleanSupplier sealed) {
        registry.gauge("arca_sealed", registry, r -> sealed.getAsBoolean() ? 1 : 0);
    }

    void record(String operation, String method, int status, Duration took) {
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
