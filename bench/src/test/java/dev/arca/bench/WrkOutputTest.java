package dev.arca.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@link WrkOutput} on what wrk 4.1 really printed with bench/wrk/read.lua: a run where half the paths answered 404
 * (a static file server, {@code wrk-half-404.txt}) and one where slow answers outlived {@code --timeout 1s}
 * ({@code wrk-timeouts.txt}).
 */
class WrkOutputTest {
    @Test
    void aRunWith404s_readsEveryFigure_andCountsTheAnswersAsErrors() throws IOException {
        WrkOutput wrk = WrkOutput.parse(fixture("wrk-half-404.txt"));

        assertThat(wrk.requests()).isEqualTo(1448);
        assertThat(wrk.seconds()).isCloseTo(2.05, within(1e-9));
        assertThat(wrk.requestsPerSecond()).isEqualTo(705.45);
        assertThat(wrk.p50Ms()).isEqualTo(3.72);
        assertThat(wrk.p75Ms()).isEqualTo(10.35);
        assertThat(wrk.p90Ms()).isEqualTo(21.05);
        assertThat(wrk.p99Ms()).isEqualTo(66.93);
        assertThat(wrk.p999Ms()).isEqualTo(93.737);
        assertThat(wrk.maxMs()).isEqualTo(99.407);
        assertThat(wrk.statusErrors()).isEqualTo(748);
        assertThat(wrk.socketErrors()).isZero();
        assertThat(wrk.errors()).isEqualTo(748);
    }

    @Test
    void aRunWithTimeouts_countsTheSocketErrors() throws IOException {
        WrkOutput wrk = WrkOutput.parse(fixture("wrk-timeouts.txt"));

        assertThat(wrk.requests()).isEqualTo(20);
        assertThat(wrk.statusErrors()).isZero();
        assertThat(wrk.socketErrors()).isEqualTo(4);
        assertThat(wrk.errors()).isEqualTo(4);
        assertThat(wrk.p99Ms()).isEqualTo(48.04);
        assertThat(wrk.p999Ms()).isEqualTo(48.039);
    }

    @Test
    void outputWithoutTheDoneLine_isRefused_sayingWhatIsMissing() throws IOException {
        String withoutDone = fixture("wrk-half-404.txt").replaceAll("(?m)^arca-bench-wrk .*$", "");

        assertThatThrownBy(() -> WrkOutput.parse(withoutDone)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("arca-bench-wrk").hasMessageContaining("done()");
    }

    @Test
    void outputWithoutTheLatencyTable_isRefused_askingForLatency() throws IOException {
        String withoutTable = fixture("wrk-half-404.txt").replaceAll("(?m)^\\s+(50|75|90|99)%.*$", "");

        assertThatThrownBy(() -> WrkOutput.parse(withoutTable)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--latency");
    }

    @Test
    void wrksError_isRefused_quotingIt() {
        assertThatThrownBy(() -> WrkOutput.parse("unable to connect to 127.0.0.1:1 Connection refused\n"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Connection refused");
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = WrkOutputTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
