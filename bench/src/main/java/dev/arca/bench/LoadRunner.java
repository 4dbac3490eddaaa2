package dev.arca.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Closed-loop load: {@code concurrency} virtual threads, each sending its next request as soon as the last one was
 * answered, for a warm-up (not recorded: the JIT and the pools settle) and then the measured duration. An
 * operation counts in the window it started in; one that fails (not 2xx, or an exception) counts as an error.
 */
final class LoadRunner {
    private LoadRunner() {}

    record Outcome(Latencies latencies, double seconds) {
        double opsPerSecond() {
            return seconds <= 0 ? 0 : latencies.count() / seconds;
        }
    }

    static Outcome run(Operation operation, int concurrency, Duration warmup, Duration duration)
            throws InterruptedException {
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long stopAt = measureFrom + duration.toNanos();
        List<Future<Latencies>> clients = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                int client = i;
                clients.add(threads.submit(() -> loop(operation, client, measureFrom, stopAt)));
            }
        }
        Latencies all = new Latencies();
        for (Future<Latencies> client : clients) {
            all.add(client.resultNow());
        }
        return new Outcome(all, duration.toNanos() / 1e9);
    }

    private static Latencies loop(Operation operation, int client, long measureFrom, long stopAt)
            throws InterruptedException {
        Latencies latencies = new Latencies();
        long started;
        while ((started = System.nanoTime()) < stopAt) {
            String failure;
            try {
                int status = operation.call(client);
                failure = status / 100 == 2 ? null : "status " + status;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failure = e.getClass().getSimpleName();
            }
            long took = System.nanoTime() - started;
            if (started >= measureFrom) {
                latencies.record(took, failure);
            }
        }
        return latencies;
    }
}
