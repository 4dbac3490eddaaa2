package dev.arca.bench;

import java.util.Map;

/** A scenario that is closed-loop load of one kind of request: prepare (seed, sign in), then {@link LoadRunner}. */
record LoadScenario(String name, String description, Preparation preparation) implements Scenario {

    /** Seeds what the requests need and answers the operation that sends one. */
    @FunctionalInterface
    interface Preparation {
        Operation prepare(Fixture fixture, Settings settings) throws Exception;
    }

    @Override
    public Result run(Fixture fixture, Settings settings) throws Exception {
        Operation operation = preparation.prepare(fixture, settings);
        LoadRunner.Outcome outcome = LoadRunner.run(operation, settings.concurrency(), settings.warmup(),
                settings.duration());
        reportFailures(name, fixture.target().backend(), outcome.latencies());
        return Result.of(name, fixture.target().backend(), settings.concurrency(), outcome, Map.of());
    }

    static void reportFailures(String scenario, String backend, Latencies latencies) {
        if (latencies.errors() > 0) {
            System.err.printf("arca-bench: %s on %s: %d errors %s%n", scenario, backend, latencies.errors(),
                    latencies.failures());
        }
    }
}
