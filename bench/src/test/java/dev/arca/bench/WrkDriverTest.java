package dev.arca.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real wrk against the real floor ({@link FloorServer}), through the scripts packed from bench/wrk: what the
 * parser reads from a live run, and that answers other than 2xx are errors. Skipped, saying so on stderr, where wrk
 * is not installed ({@code ARCA_REQUIRE_WRK=1} makes that a failure instead).
 */
class WrkDriverTest {
    private static final Settings ONE_SECOND = new Settings(4, Duration.ZERO, Duration.ofSeconds(1), 1, 1,
            LoadDriver.WRK);

    @BeforeEach
    void needsWrk() {
        boolean installed = WrkDriver.executable().isPresent();
        if (!installed) {
            System.err.println("WrkDriverTest: SKIPPED, no wrk on the PATH (apt-get install wrk)");
        }
        assumeTrue(installed || "1".equals(System.getenv("ARCA_REQUIRE_WRK")), "no wrk on the PATH");
    }

    @Test
    void theFloor_underWrk_answersEveryRequest_withOrderedPercentiles() throws Exception {
        Result result;
        try (FloorServer floor = FloorServer.start()) {
            result = WrkDriver.run("floor", "test", floor.address(), WrkRequests.get(FloorServer.PATH), ONE_SECOND);
        }

        assertThat(result.load()).isEqualTo("wrk");
        assertThat(result.concurrency()).isEqualTo(4);
        assertThat(result.errors()).as(result.toString()).isZero();
        assertThat(result.ops()).as(result.toString()).isPositive();
        assertThat(result.opsPerS()).isPositive();
        assertThat(result.p50Ms()).isPositive().isLessThanOrEqualTo(result.p90Ms());
        assertThat(result.p90Ms()).isLessThanOrEqualTo(result.p99Ms());
        assertThat(result.p99Ms()).isLessThanOrEqualTo(result.p999Ms());
        assertThat(result.p999Ms()).isLessThanOrEqualTo(result.maxMs());
    }

    @Test
    void aPathTheFloorDoesNotServe_countsEveryAnswerAsAnError() throws Exception {
        Result result;
        try (FloorServer floor = FloorServer.start()) {
            result = WrkDriver.run("floor", "test", floor.address(), WrkRequests.get("/not-served"), ONE_SECOND);
        }

        assertThat(result.ops()).isPositive();
        assertThat(result.errors()).isEqualTo(result.ops());
    }
}
