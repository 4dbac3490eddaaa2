package dev.arca.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.arca.api.Durations;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@link Durations}: any text is either refused with the documented {@link IllegalArgumentException} or parsed to a
 * duration of at most {@link Durations#MAX} whose {@link Durations#format shortest form} parses back to the same duration and is its own shortest
 * form.
 */
class DurationsFuzzTest {
    @FuzzTest
    @DictionaryEntries({"s", "m", "h", "d", "999999999", "60", "3600", "86400"})
    void anyText_isRefusedCleanly_orRoundTrips(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        Duration parsed;
        try {
            parsed = Durations.parse(text);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).containsAnyOf("is not a duration", "is longer than the longest allowed, 3650d");
            return;
        }
        assertThat(parsed.isNegative()).isFalse();
        assertThat(parsed).isLessThanOrEqualTo(Durations.MAX);
        String formatted = Durations.format(parsed);
        assertThat(Durations.parse(formatted)).isEqualTo(parsed);
        assertThat(Durations.format(Durations.parse(formatted))).isEqualTo(formatted);
        if (!formatted.endsWith("h") || parsed.toHours() >= 24 * 7 || parsed.toHours() % 24 != 0) {
            // never longer than typed, but for whole days below a week, which are written in hours (2d → 48h)
            assertThat(formatted.length()).isLessThanOrEqualTo(text.trim().length());
        }
    }
}
