package dev.arca.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
    @Test
    void theGlobalCap_isAccepted() {
        assertThat(Durations.parse("3650d")).isEqualTo(Duration.ofDays(3650));
        assertThat(Durations.parse("87600h")).isEqualTo(Durations.MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"3651d", "3000000d", "999999999d", "87601h", "999999999s"})
    void pastTheGlobalCap_isRefusedNamingTheCap(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'").hasMessageContaining("3650d");
    }

    @Test
    void aFieldCap_isAcceptedAtItAndRefusedPastItNamingIt() {
        assertThat(Durations.parse("30d", Duration.ofDays(30))).isEqualTo(Duration.ofDays(30));
        assertThatThrownBy(() -> Durations.parse("721h", Duration.ofDays(30)))
                .hasMessageContaining("'721h'").hasMessageContaining("30d");
    }

    @Test
    void aFieldCapAboveTheGlobalOne_stillStopsAtTheGlobalOne() {
        assertThatThrownBy(() -> Durations.parse("4000d", Duration.ofDays(10_000))).hasMessageContaining("3650d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1y", "-1d", "1.5h", "1234567890s"})
    void whatIsNotADuration_isRefusedSayingWhatIs(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).hasMessageContaining("not a duration");
    }
}
