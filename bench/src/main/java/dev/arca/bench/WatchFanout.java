package dev.arca.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code watch-fanout}: {@code --watchers} long polls on one secret (held by a {@link WatcherFleet} process), one
 * write, and the time until every watcher heard it; {@code watch-fanout-sse} the same with one event stream per
 * watcher. Repeated for the duration (at least once); the latencies are
 * each watcher's, from just before the write was sent; {@code all_notified_ms} is the slowest round's last one.
 * Throughput is notifications per second of the rounds (write sent to last watcher notified).
 * The server's {@code arca_watchers} gauge says when all of them are waiting again.
 */
final class WatchFanout implements Scenario {
    private final WatcherFleet.Transport transport;
    private static final Pattern WATCHER_GAUGE = Pattern.compile("(?m)^arca_watchers (\\d+)");
    private static final Duration READY_WITHIN = Duration.ofMinutes(3);
    private static final Duration HEARD_WITHIN = Duration.ofSeconds(60);

    private WatchFanout(WatcherFleet.Transport transport) {
        this.transport = transport;
    }

    static WatchFanout overLongPolls() {
        return new WatchFanout(WatcherFleet.Transport.POLL);
    }

    static WatchFanout overEventStreams() {
        return new WatchFanout(WatcherFleet.Transport.EVENTS);
    }

    @Override
    public String name() {
        return switch (transport) {
            case POLL -> "watch-fanout";
            case EVENTS -> "watch-fanout-sse";
        };
    }

    @Override
    public String description() {
        return switch (transport) {
            case POLL -> "--watchers long polls on one secret, one write: time until all of them heard it";
            case EVENTS -> "--watchers event streams of one secret, one write: time until all of them heard it";
        };
    }

    @Override
    public Result run(Fixture fixture, Settings settings) throws Exception {
        BenchHttp http = fixture.http();
        String path = Fixture.PROJECT + "/hot-" + System.nanoTime();
        String id = fixture.createSecret(path);
        int alreadyWaiting = waiting(fixture);
        Process fleet = new ProcessBuilder(javaCommand(fixture, id, settings.watchers(), transport))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(fleet.getInputStream(),
                    StandardCharsets.UTF_8))) {
                reader.lines().forEach(lines::add);
            } catch (IOException e) {
                lines.add("error fleet output: " + e.getMessage());
            }
        });
        Latencies latencies = new Latencies();
        long worstRound = 0;
        int rounds = 0;
        long roundNanos = 0;
        try {
            awaitReady(fixture, alreadyWaiting + settings.watchers(), fleet, lines);
            long until = System.nanoTime() + settings.warmup().plus(settings.duration()).toNanos();
            do {
                long roundStarted = System.nanoTime();
                long written = WatcherFleet.epochMicros();
                int version = http.call("PUT", fixture.secretUrl(path), fixture.appToken(),
                        Fixture.valueBody(ThreadLocalRandom.current()), 200).path("version").asInt();
                long[] heard = awaitHeard(lines, version, name());
                roundNanos += System.nanoTime() - roundStarted;
                if (heard.length == 0) {
                    latencies.fail("not heard within " + HEARD_WITHIN.toSeconds() + " s", settings.watchers());
                }
                long last = 0;
                for (long instant : heard) {
                    long micros = Math.max(0, instant - written);
                    latencies.record(TimeUnit.MICROSECONDS.toNanos(micros), null);
                    last = Math.max(last, micros);
                }
                worstRound = Math.max(worstRound, last);
                rounds++;
                if (transport == WatcherFleet.Transport.POLL) {
                    awaitWaiting(fixture, alreadyWaiting + settings.watchers(), fleet);
                }
            } while (System.nanoTime() < until && latencies.errors() == 0);
        } finally {
            fleet.getOutputStream().close();
            if (!fleet.waitFor(10, TimeUnit.SECONDS)) {
                fleet.destroyForcibly();
            }
        }
        for (String line : lines) {
            if (line.startsWith("error")) {
                latencies.fail("watcher " + line, 1);
            }
        }
        double seconds = roundNanos / 1e9;
        LoadScenario.reportFailures(name(), fixture.target().backend(), latencies);
        var extra = Map.<String, Object>of("watchers", settings.watchers(), "rounds", rounds,
                "all_notified_ms", worstRound / 1000.0);
        return Result.of(name(), fixture.target().backend(), settings.watchers(),
                new LoadRunner.Outcome(latencies, seconds), extra);
    }

    /** The same JVM and class path as this process, so the fleet runs whatever this bench runs. */
    private static List<String> javaCommand(Fixture fixture, String secretId, int watchers,
            WatcherFleet.Transport transport) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(WatcherFleet.class.getName());
        command.add(fixture.target().address().toString());
        command.add(fixture.appToken());
        command.add(secretId);
        command.add("1");
        command.add(Integer.toString(watchers));
        command.add(transport.argument());
        command.add(fixture.vault());
        return command;
    }

    /**
     * Long polls: until the server counts them all waiting. Event streams: until the fleet says every stream is
     * open (the gauge cannot tell: long polls of an earlier scenario may still be waiting in the server).
     */
    private void awaitReady(Fixture fixture, int count, Process fleet, BlockingQueue<String> lines) throws Exception {
        if (transport == WatcherFleet.Transport.POLL) {
            awaitWaiting(fixture, count, fleet);
            return;
        }
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        List<String> skipped = new ArrayList<>();
        try {
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null || !fleet.isAlive()) {
                    throw new IllegalStateException("not every event stream was open after "
                            + READY_WITHIN.toSeconds() + " s");
                }
                if (line.equals("ready")) {
                    return;
                }
                skipped.add(line);
            }
        } finally {
            lines.addAll(skipped);
        }
    }

    private static void awaitWaiting(Fixture fixture, int count, Process fleet) throws Exception {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (waiting(fixture) < count) {
            if (!fleet.isAlive()) {
                throw new IllegalStateException("the watcher process ended (exit " + fleet.exitValue() + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + waiting(fixture) + " of " + count + " watchers were waiting "
                        + "after " + READY_WITHIN.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    private static int waiting(Fixture fixture) throws Exception {
        HttpResponse<String> metrics = fixture.http().sendForText(fixture.http().request("/v1/sys/metrics")
                .header("Authorization", "Bearer " + fixture.target().rootToken()).GET().build());
        Matcher gauge = WATCHER_GAUGE.matcher(metrics.body());
        return gauge.find() ? (int) Double.parseDouble(gauge.group(1)) : 0;
    }

    /** The instants at which the watchers heard {@code version}, or none when they did not all hear it in time. */
    private static long[] awaitHeard(BlockingQueue<String> lines, int version, String scenario)
            throws InterruptedException {
        long deadline = System.nanoTime() + HEARD_WITHIN.toNanos();
        String prefix = "heard " + version + " ";
        List<String> skipped = new ArrayList<>();
        try {
            while (true) {
                String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    System.err.println("arca-bench: " + scenario + ": not every watcher heard version " + version
                            + " within " + HEARD_WITHIN.toSeconds() + " s");
                    return new long[0];
                }
                if (line.startsWith(prefix)) {
                    String[] parts = line.substring(prefix.length()).split(",");
                    long[] instants = new long[parts.length];
                    for (int i = 0; i < parts.length; i++) {
                        instants[i] = Long.parseLong(parts[i]);
                    }
                    return instants;
                }
                skipped.add(line);
            }
        } finally {
            lines.addAll(skipped);
        }
    }
}
