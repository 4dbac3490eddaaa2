package dev.arca.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench end to end on a server of its own (SQLite), for a second per scenario: what it prints, not how fast
 * anything is (this machine is shared, so timing assertions would only be noise).
 */
class ArcaBenchTest {
    private static final List<String> FIELDS = List.of("scenario", "backend", "load", "concurrency", "duration_s",
            "ops", "ops_per_s", "p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms", "errors", "ratio_to_floor",
            "ratio_to_baseline");

    @TempDir
    Path dir;

    @Test
    void readToken_onSqlite_withJavaClients_printsFloorBaselineAndTheScenario_thenTheTable_andTheReport()
            throws Exception {
        Path report = dir.resolve("run.html");
        var stdout = new ByteArrayOutputStream();
        int exit = ArcaBench.execute(new PrintStream(stdout, true, StandardCharsets.UTF_8), "--storage", "sqlite",
                "--scenarios", "read-token", "--duration", "1s", "--warmup", "0s", "--concurrency", "4",
                "--secrets", "50", "--load", "java", "--report", report.toString());
        String printed = stdout.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(printed).isZero();
        List<JsonNode> results = results(printed, "java");
        assertThat(results).extracting(r -> r.path("scenario").asText())
                .containsExactly("floor", "baseline", "read-token");
        assertRatios(results);
        assertThat(printed).containsPattern("(?m)^scenario +backend +load +ops/s +×floor +×baseline")
                .containsPattern("(?m)^floor +sqlite +java ").containsPattern("(?m)^baseline +sqlite +java ")
                .containsPattern("(?m)^read-token +sqlite +java ");

        var html = HtmlReportTest.parse(Files.readString(report));
        var bars = HtmlReportTest.byClass(HtmlReportTest.byClass(html, "figure", "bars").getFirst(), "g", "bar");
        assertThat(bars).extracting(bar -> bar.getAttribute("data-scenario"))
                .containsExactly("floor", "baseline", "read-token");
        assertThat(bars.get(2).getAttribute("data-ratio-to-floor"))
                .isEqualTo(String.format(java.util.Locale.ROOT, "%.3f",
                        results.get(2).path("ratio_to_floor").asDouble()));
    }

    @Test
    void readTokenAndWrite_onSqlite_withWrk_countNoErrors() throws Exception {
        boolean installed = WrkDriver.executable().isPresent();
        if (!installed) {
            System.err.println("ArcaBenchTest: wrk run SKIPPED, no wrk on the PATH (apt-get install wrk)");
        }
        assumeTrue(installed || "1".equals(System.getenv("ARCA_REQUIRE_WRK")), "no wrk on the PATH");
        var stdout = new ByteArrayOutputStream();
        int exit = ArcaBench.execute(new PrintStream(stdout, true, StandardCharsets.UTF_8), "--storage", "sqlite",
                "--scenarios", "read-token,write,mixed,read-signed", "--duration", "1s", "--warmup", "1s",
                "--concurrency", "4", "--secrets", "50", "--load", "wrk");
        String printed = stdout.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(printed).isZero();
        List<JsonNode> results = results(printed, null);
        assertThat(results).extracting(r -> r.path("scenario").asText() + " " + r.path("load").asText())
                .containsExactly("floor wrk", "baseline wrk", "read-token wrk", "read-signed java", "write wrk",
                        "mixed wrk");
        assertRatios(results);
    }

    /** The JSON lines of a run, each with every field, on SQLite with 4 clients, no errors, driven by {@code load}. */
    private static List<JsonNode> results(String printed, String load) throws IOException {
        List<JsonNode> results = new ArrayList<>();
        for (String line : printed.lines().filter(line -> line.startsWith("{")).toList()) {
            results.add(BenchHttp.JSON.readTree(line));
        }
        for (JsonNode result : results) {
            assertThat(FIELDS).allSatisfy(field -> assertThat(result.has(field)).as(field + " in " + result).isTrue());
            assertThat(result.path("backend").asText()).isEqualTo("sqlite");
            if (load != null) {
                assertThat(result.path("load").asText()).isEqualTo(load);
            }
            assertThat(result.path("concurrency").asInt()).isEqualTo(4);
            assertThat(result.path("errors").asLong()).as(result.toString()).isZero();
            assertThat(result.path("ops").asLong()).as(result.toString()).isPositive();
            assertThat(result.path("p50_ms").asDouble()).isPositive()
                    .isLessThanOrEqualTo(result.path("p99_ms").asDouble());
        }
        return results;
    }

    /** The floor's ratio to itself is 1 and it has none to baseline (it runs first); every later one has both. */
    private static void assertRatios(List<JsonNode> results) {
        JsonNode floor = results.get(0);
        assertThat(floor.path("ratio_to_floor").asDouble()).isEqualTo(1.0);
        assertThat(floor.path("ratio_to_baseline").isNull()).as(floor.toString()).isTrue();
        assertThat(results.get(1).path("ratio_to_baseline").asDouble()).isEqualTo(1.0);
        for (JsonNode result : results.subList(1, results.size())) {
            double expected = result.path("ops_per_s").asDouble() / floor.path("ops_per_s").asDouble();
            assertThat(result.path("ratio_to_floor").asDouble()).as(result.toString())
                    .isCloseTo(expected, org.assertj.core.api.Assertions.within(0.002 + expected * 0.001));
            assertThat(result.path("ratio_to_baseline").isNumber()).as(result.toString()).isTrue();
        }
    }

    @Test
    void choosingScenarios_alwaysRunsFloorThenBaselineFirst_inRunOrder() {
        assertThat(Scenarios.choose(List.of("unseal-1m-leases", "write"))).extracting(Scenario::name)
                .containsExactly("floor", "baseline", "write", "unseal-1m-leases");
        assertThat(Scenarios.choose(List.of())).hasSize(Scenarios.all().size());
    }

    @Test
    void dbCreds_choosesOneScenarioPerDatabase_andTheRestartRunsLast() {
        assertThat(Scenarios.choose(List.of("restart-100k-leases", "db-creds"))).extracting(Scenario::name)
                .containsExactly("floor", "baseline", "db-creds-postgresql", "db-creds-mysql", "db-creds-redis",
                        "restart-100k-leases");
        assertThat(Scenarios.choose(List.of("db-creds-redis"))).extracting(Scenario::name)
                .containsExactly("floor", "baseline", "db-creds-redis");
    }

    @Test
    void rotationScenarios_areChosenByName_andRunBeforeTheRestart() {
        assertThat(Scenarios.choose(List.of("restart-100k-leases", "rotation-db-static", "rotation-due-100k")))
                .extracting(Scenario::name)
                .containsExactly("floor", "baseline", "rotation-due-100k", "rotation-db-static", "restart-100k-leases");
    }

    @Test
    void rotationDue_runsOnlyOnAServerTheBenchStarts() {
        var remote = new RemoteServer(URI.create("http://127.0.0.1:1"), "arca_unused");
        assertThat(new RotationDue().unsupported(remote)).contains("only on a server the bench starts");
    }

    @Test
    void anUnknownScenario_isRefused_namingTheKnownOnes() {
        assertThatThrownBy(() -> Scenarios.choose(List.of("read-tokens")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'read-tokens'").hasMessageContaining("read-token, read-signed");
    }

    @Test
    void anUnknownLoadDriver_isRefused() {
        var stdout = new ByteArrayOutputStream();
        assertThat(ArcaBench.execute(new PrintStream(stdout, true, StandardCharsets.UTF_8), "--load", "ab"))
                .isEqualTo(2);
        assertThatThrownBy(() -> LoadDriver.choose("ab")).hasMessageContaining("--load must be wrk or java");
    }
}
