package dev.arca.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.arca.api.Durations;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code arca-bench}: runs named load scenarios against a server it starts (SQLite, PostgreSQL or both) or one at
 * {@code --addr}, and prints one JSON object per scenario and backend on stdout, then a summary table (and with
 * {@code --report}, an HTML page of charts). Request scenarios are driven by wrk when it is installed, else by the
 * bench's Java clients ({@code --load}). Progress and failures go to stderr. Exit 1 when any request failed.
 * {@code arca-bench --jmh [REGEX] [JMH options]} runs the JMH micro-benchmarks instead.
 */
@Command(name = "arca-bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Load scenarios against a real Arca server; one JSON object per scenario and backend, then a "
                + "table. `arca-bench --jmh [REGEX] [JMH options]` runs the micro-benchmarks.",
        footer = {"", "Scenarios: floor, baseline, read-token, read-signed, write, mixed, export, pki-sign, "
                + "pki-sign-stored, pki-issue, pki-revoke, ocsp, crl-build, acme-order, list-1m, watch-fanout, "
                + "db-creds-postgresql, db-creds-mysql, db-creds-redis (db-creds: all three), rotation-due-100k, "
                + "rotation-db-static, restart-100k-leases, unseal-1m-leases. floor (a bare Javalin route in this "
                + "JVM) and baseline always run first: every ratio is taken to them. wrk drives floor, baseline, "
                + "read-token, write, mixed and export; the Java clients the others."})
public final class ArcaBench implements Callable<Integer> {
    @Option(names = "--scenarios", split = ",", paramLabel = "NAME", description = "Scenarios to run (default: all)")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--storage", paramLabel = "sqlite|postgresql|both", defaultValue = "both",
            description = "Backends for a server the bench starts (default: ${DEFAULT-VALUE})")
    String storage;

    @Option(names = "--postgres", paramLabel = "URL", defaultValue = "postgresql://postgres@127.0.0.1:5432/test",
            description = "A PostgreSQL the bench may create a fresh database in (default: ${DEFAULT-VALUE})")
    String postgres;

    @Option(names = "--addr", paramLabel = "URL", description = "Measure the server at URL instead of starting one")
    URI addr;

    @Option(names = "--token", paramLabel = "TOKEN", description = "With --addr: a root token (the bench creates "
            + "a vault, a policy, a token and a machine)")
    String token;

    @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "30s",
            description = "Measured time per scenario (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--warmup", paramLabel = "DURATION",
            description = "Unrecorded load before each scenario (default: as long as --duration, at most 20s)")
    String warmup;

    @Option(names = "--concurrency", defaultValue = "64", description = "Clients (default: ${DEFAULT-VALUE})")
    int concurrency;

    @Option(names = "--watchers", defaultValue = "10000", description = "Watchers in watch-fanout "
            + "(default: ${DEFAULT-VALUE})")
    int watchers;

    @Option(names = "--secrets", defaultValue = "10000", description = "Secrets read and written "
            + "(default: ${DEFAULT-VALUE})")
    int secrets;

    @Option(names = "--audit-fsync", defaultValue = "true", arity = "1", paramLabel = "true|false",
            description = "The started server's audit_fsync (default: ${DEFAULT-VALUE})")
    boolean auditFsync;

    @Option(names = "--load", paramLabel = "wrk|java", description = "What sends the request scenarios' load: "
            + "wrk (-t1, the scripts of bench/wrk) or the bench's Java clients (default: wrk when on the PATH)")
    String load;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write every result as a JSON array to FILE")
    Path out;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also draw the run in FILE.html: "
            + "throughput as a ratio to the floor, latency percentile curves, the settings and the table")
    Path report;

    private final PrintStream stdout;

    public ArcaBench() {
        this(new PrintStream(System.out, true, StandardCharsets.UTF_8));
    }

    ArcaBench(PrintStream stdout) {
        this.stdout = stdout;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--jmh")) {
            JmhLauncher.run(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(new CommandLine(new ArcaBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Settings settings;
        List<Scenario> chosen;
        try {
            Duration measured = Durations.parse(duration);
            // on two cores the JIT compiler is still busy after 30 s of load: a shorter warm-up measures the compiler
            Duration warm = warmup == null ? min(measured, Duration.ofSeconds(20))
                    : warmup.equals("0") ? Duration.ZERO : Durations.parse(warmup);
            LoadDriver driver = LoadDriver.choose(load);
            settings = new Settings(concurrency, warm, measured, watchers, secrets, driver);
            chosen = Scenarios.choose(scenarios);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
        System.err.println("arca-bench: load driver " + settings.load().label() + switch (settings.load()) {
            case WRK -> " (" + WrkDriver.executable().orElseThrow() + " -t1; --load java for the bench's clients)";
            case JAVA -> load == null ? " (no wrk on the PATH)" : "";
        });
        Instant started = Instant.now();
        List<Result> results = new ArrayList<>();
        for (String backend : backends()) {
            try (Target target = start(backend); BenchHttp http = new BenchHttp(target.address())) {
                results.addAll(runAll(new Fixture(target, http, settings.secrets()), chosen, settings));
            }
        }
        SummaryTable.print(stdout, results);
        if (out != null) {
            ArrayNode array = BenchHttp.JSON.createArrayNode();
            results.forEach(result -> array.add(result.toJson()));
            Files.writeString(out, BenchHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(array) + "\n");
        }
        if (report != null) {
            // the server's scheme, host and port only: a URL's user part is no business of a report
            String server = addr == null ? "started by the bench, " + storage
                    : addr.getScheme() + "://" + addr.getHost() + (addr.getPort() < 0 ? "" : ":" + addr.getPort());
            HtmlReport.write(report, RunDescription.here(started, settings.load().label(), settings.concurrency(),
                    settings.warmup(), settings.duration(), server, auditFsync, settings.secrets()), results);
            System.err.println("arca-bench: report in " + report);
        }
        return results.stream().anyMatch(result -> result.errors() > 0) ? 1 : 0;
    }

    private List<Result> runAll(Fixture fixture, List<Scenario> chosen, Settings settings) throws Exception {
        List<Result> results = new ArrayList<>();
        Result floor = null;
        Result baseline = null;
        String backend = fixture.target().backend();
        for (Scenario scenario : chosen) {
            String unsupported = scenario.unsupported(fixture.target());
            if (unsupported != null) {
                System.err.printf("arca-bench: skipping %s on %s: %s%n", scenario.name(), backend, unsupported);
                continue;
            }
            System.err.printf("arca-bench: %s on %s (%s)...%n", scenario.name(), backend, scenario.description());
            Result result = scenario.run(fixture, settings);
            if (scenario.name().equals(Scenarios.FLOOR)) {
                floor = result;
            } else if (scenario.name().equals(Scenarios.BASELINE)) {
                baseline = result;
            }
            result = result.withRatiosTo(floor, baseline);
            stdout.println(BenchHttp.JSON.writeValueAsString(result.toJson()));
            results.add(result);
        }
        return results;
    }

    private List<String> backends() {
        if (addr != null) {
            if (token == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--addr needs --token (a root token)");
            }
            return List.of("remote");
        }
        return switch (storage) {
            case "sqlite", "postgresql" -> List.of(storage);
            case "both" -> List.of("sqlite", "postgresql");
            default -> throw new CommandLine.ParameterException(new CommandLine(this),
                    "--storage must be sqlite, postgresql or both, got '" + storage + "'");
        };
    }

    private Target start(String backend) {
        if (backend.equals("remote")) {
            return new RemoteServer(addr, token);
        }
        System.err.printf("arca-bench: starting a server on %s (audit fsync %s)...%n", backend, auditFsync);
        return InProcessServer.start(backend, postgres, auditFsync);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** For tests: runs with these arguments, printing to {@code stdout}; answers the exit code. */
    static int execute(PrintStream stdout, String... args) {
        return new CommandLine(new ArcaBench(stdout)).execute(args);
    }
}
