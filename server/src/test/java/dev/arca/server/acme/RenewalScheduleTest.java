package dev.arca.server.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RenewalScheduleTest {
    private static final Instant ISSUED = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void withoutRenewalInfo_renewsAtTwoThirds_withinTheJitterBound() {
        var schedule = new RenewalSchedule(new SplittableRandom(7));
        Duration lifetime = Duration.ofDays(90);
        Instant twoThirds = ISSUED.plus(Duration.ofDays(60));
        Duration bound = Duration.ofMillis((long) (lifetime.toMillis() * RenewalSchedule.JITTER_SHARE));
        assertThat(bound).isGreaterThan(RenewalSchedule.MAX_JITTER);
        Instant earliest = Instant.MAX;
        Instant latest = Instant.MIN;
        for (int i = 0; i < 1000; i++) {
            Instant at = schedule.renewAt(ISSUED, ISSUED.plus(lifetime), Optional.empty(), ISSUED);
            earliest = at.isBefore(earliest) ? at : earliest;
            latest = at.isAfter(latest) ? at : latest;
        }
        assertThat(earliest).isAfterOrEqualTo(twoThirds.minus(RenewalSchedule.MAX_JITTER));
        assertThat(latest).isBeforeOrEqualTo(twoThirds.plus(RenewalSchedule.MAX_JITTER));
        assertThat(Duration.between(earliest, latest)).as("the jitter spreads renewals")
                .isGreaterThan(Duration.ofHours(12));
    }

    @Test
    void shortLifetimes_renewWithinTheirHours() {
        var schedule = new RenewalSchedule(new SplittableRandom(11));
        Duration lifetime = Duration.ofHours(6);
        for (int i = 0; i < 1000; i++) {
            Instant at = schedule.renewAt(ISSUED, ISSUED.plus(lifetime), Optional.empty(), ISSUED);
            assertThat(at).isBetween(ISSUED.plus(Duration.ofMinutes(240 - 11)), ISSUED.plus(Duration.ofMinutes(251)));
        }
    }

    @Test
    void jitterAtItsExtremes_staysInsideTheBound() {
        Duration lifetime = Duration.ofDays(9);
        long jitter = (long) (lifetime.toMillis() * RenewalSchedule.JITTER_SHARE);
        assertThat(Duration.ofMillis(jitter)).isLessThan(RenewalSchedule.MAX_JITTER);
        Instant lowest = new RenewalSchedule(fixed(0)).renewAt(ISSUED, ISSUED.plus(lifetime), Optional.empty(), ISSUED);
        Instant highest = new RenewalSchedule(fixed(2 * jitter)).renewAt(ISSUED, ISSUED.plus(lifetime),
                Optional.empty(), ISSUED);
        assertThat(lowest).isEqualTo(ISSUED.plus(Duration.ofDays(6)).minusMillis(jitter));
        assertThat(highest).isEqualTo(ISSUED.plus(Duration.ofDays(6)).plusMillis(jitter));
    }

    @Test
    void aRenewalInfoWindow_isFollowed_andAWindowOver_meansNow() {
        var schedule = new RenewalSchedule(new SplittableRandom(3));
        var window = new RenewalSchedule.Window(ISSUED.plus(Duration.ofDays(10)), ISSUED.plus(Duration.ofDays(11)));
        for (int i = 0; i < 200; i++) {
            assertThat(schedule.renewAt(ISSUED, ISSUED.plus(Duration.ofDays(90)), Optional.of(window), ISSUED))
                    .isBetween(window.start(), window.end());
        }
        Instant later = ISSUED.plus(Duration.ofDays(12));
        assertThat(schedule.renewAt(ISSUED, ISSUED.plus(Duration.ofDays(90)), Optional.of(window), later))
                .isEqualTo(later);
        Instant inside = ISSUED.plus(Duration.ofDays(10)).plus(Duration.ofHours(20));
        assertThat(schedule.renewAt(ISSUED, ISSUED.plus(Duration.ofDays(90)), Optional.of(window), inside))
                .isBetween(inside, window.end());
    }

    @Test
    void retries_backOff_capAtAFractionOfTheLifetime_andHonourRetryAfter() {
        var schedule = new RenewalSchedule(new SplittableRandom(1));
        Duration month = Duration.ofDays(30);
        assertThat(schedule.retryAt(ISSUED, 1, month, null)).isEqualTo(ISSUED.plus(RenewalSchedule.FIRST_RETRY));
        assertThat(schedule.retryAt(ISSUED, 3, month, null)).isEqualTo(ISSUED.plus(Duration.ofMinutes(2)));
        assertThat(schedule.retryAt(ISSUED, 40, month, null)).isEqualTo(ISSUED.plus(RenewalSchedule.MAX_RETRY));
        assertThat(schedule.retryAt(ISSUED, 40, Duration.ofHours(6), null)).as("a twelfth of six hours")
                .isEqualTo(ISSUED.plus(Duration.ofMinutes(30)));
        assertThat(schedule.retryAt(ISSUED, 40, null, null)).isEqualTo(ISSUED.plus(RenewalSchedule.MAX_RETRY));
        Instant retryAfter = ISSUED.plus(Duration.ofHours(2));
        assertThat(schedule.retryAt(ISSUED, 1, month, retryAfter)).isEqualTo(retryAfter);
    }

    /** A generator whose every bounded draw is {@code value}. */
    private static RandomGenerator fixed(long value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return value;
            }

            @Override
            public long nextLong(long bound) {
                return value;
            }
        };
    }
}
