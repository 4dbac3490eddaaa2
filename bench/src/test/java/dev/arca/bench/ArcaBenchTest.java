package dev.arca.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bench end to end on a server of its own (SQLite), for a second per scenario: what it prints, not how fast
 * anything is (this machine is shared, so timing assertions would only be noise).
 */
class ArcaBenchTest {
    private static final List<String> FIELDS = List.of("scenario", "backend", "concurrency", "duration_s", "ops",
            "ops_per_s", "p50_ms", "p99_ms", "p999_ms", "errors", "ratio_to_baseline");

    @Test
    void readToken_onSqlite_printsOneJsonObjectPerScenarioWithNoErrors_thenTheTable() throws IOException {
        var stdout = new ByteArrayOutputStream();
        int exit = ArcaBench.execute(new PrintStream(stdout, true, StandardCharsets.UTF_8), "--storage", "sqlite",
                "--scenarios", "read-token", "--duration", "1s", "--warmup", "0s", "--concurrency", "4",
                "--secrets", "50");
        String printed = stdout.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(printed).isZero();
        List<JsonNode> results = new ArrayList<>();
        for (String line : printed.lines().filter(line -> line.startsWith("{")).toList()) {
            results.add(BenchHttp.JSON.readTree(line));
        }
        assertThat(results).extracting(r -> r.path("scenario").asText()).containsExactly("baseline", "read-token");
        for (JsonNode result : results) {
            assertThat(FIELDS).allSatisfy(field -> assertThat(result.has(field)).as(field + " in " + result).isTrue());
            assertThat(result.path("backend").asText()).isEqualTo("sqlite");
            assertThat(result.path("concurrency").asInt()).isEqualTo(4);
            assertThat(result.path("errors").asLong()).as(result.toString()).isZero();
            assertThat(result.path("ops").asLong()).as(result.toString()).isPositive();
            assertThat(result.path("p50_ms").asDouble()).isPositive()
                    .isLessThanOrEqualTo(result.path("p99_ms").asDouble());
            assertThat(result.path("ratio_to_baseline").isNumber()).as(result.toString()).isTrue();
        }
        assertThat(results.getFirst().path("ratio_to_baseline").asDouble()).isEqualTo(1.0);
        assertThat(printed).containsPattern("(?m)^scenario +backend +ops/s")
                .containsPattern("(?m)^baseline +sqlite ").containsPattern("(?m)^read-token +sqlite ");
    }

    @Test
    void choosingScenarios_alwaysRunsBaselineFirst_inRunOrder() {
        assertThat(Scenarios.choose(List.of("unseal-1m-leases", "write"))).extracting(Scenario::name)
                .containsExactly("baseline", "write", "unseal-1m-leases");
        assertThat(Scenarios.choose(List.of())).hasSize(Scenarios.all().size());
    }

    @Test
    void dbCreds_choosesOneScenarioPerDatabase_andTheRestartRunsLast() {
        assertThat(Scenarios.choose(List.of("restart-100k-leases", "db-creds"))).extracting(Scenario::name)
                .containsExactly("baseline", "db-creds-postgresql", "db-creds-mysql", "db-creds-redis",
                        "restart-100k-leases");
        assertThat(Scenarios.choose(List.of("db-creds-redis"))).extracting(Scenario::name)
                .containsExactly("baseline", "db-creds-redis");
    }

    @Test
    void rotationScenarios_areChosenByName_andRunBeforeTheRestart() {
        assertThat(Scenarios.choose(List.of("restart-100k-leases", "rotation-db-static", "rotation-due-100k")))
                .extracting(Scenario::name)
                .containsExactly("baseline", "rotation-due-100k", "rotation-db-static", "restart-100k-leases");
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
}
