package dev.arca.bench;

import java.util.Map;

/**
 * A scenario that is closed-loop load of one kind of request: prepare (seed, sign in), then {@link LoadRunner}, or,
 * with {@code --load wrk} and a {@code wrk} preparation, {@link WrkDriver} with the requests it names.
 *
 * @param wrk the same requests for wrk, or null when only the Java clients can send them (say, one signature each)
 */
record LoadScenario(String name, String description, Preparation preparation, WrkPreparation wrk)
        implements Scenario {

    /** A scenario the Java clients alone drive. */
    LoadScenario(String name, String description, Preparation preparation) {
        this(name, description, preparation, null);
    }

    /** Seeds what the requests need and answers the operation that sends one. */
    @FunctionalInterface
    interface Preparation {
        Operation prepare(Fixture fixture, Settings settings) throws Exception;
    }

    /** Seeds what the requests need and answers them for wrk's scripts. */
    @FunctionalInterface
    interface WrkPreparation {
        WrkRequests prepare(Fixture fixture, Settings settings) throws Exception;
    }

    @Override
    public Result run(Fixture fixture, Settings settings) throws Exception {
        String backend = fixture.target().backend();
        if (settings.load() == LoadDriver.WRK) {
            if (wrk != null) {
                return WrkDriver.run(name, backend, fixture.target().address(), wrk.prepare(fixture, settings),
                        settings);
            }
            System.err.printf("arca-bench: %s runs with the Java clients: it has no wrk script%n", name);
        }
        return runJava(name, backend, preparation.prepare(fixture, settings), settings);
    }

    /** {@code operation} from {@code --concurrency} Java clients, for the warm-up and then the measured time. */
    static Result runJava(String name, String backend, Operation operation, Settings settings)
            throws InterruptedException {
        LoadRunner.Outcome outcome = LoadRunner.run(operation, settings.concurrency(), settings.warmup(),
                settings.duration());
        reportFailures(name, backend, outcome.latencies());
        return Result.of(name, backend, settings.concurrency(), outcome, Map.of());
    }

    static void reportFailures(String scenario, String backend, Latencies latencies) {
        if (latencies.errors() > 0) {
            System.err.printf("arca-bench: %s on %s: %d errors %s%n", scenario, backend, latencies.errors(),
                    latencies.failures());
        }
    }
}
