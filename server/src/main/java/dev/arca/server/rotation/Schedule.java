package dev.arca.server.rotation;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.arca.api.Durations;
import dev.arca.server.error.ArcaException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * When a policy's secrets rotate: every {@code interval}, or at the fire times of a 5-field cron expression (UTC),
 * each started at a random point of {@code window} after its due time so that many secrets due at once spread out.
 * The period (the interval, or the shortest gap between the next fire times) bounds the window and the warnings.
 */
final class Schedule {
    static final Duration MIN_INTERVAL = Duration.ofHours(1);
    /** Fire times looked at to find a cron schedule's period: a year of a weekly schedule, a few days of hourly. */
    private static final int GAPS_SAMPLED = 60;
    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final Random JITTER = new SecureRandom();

    private final @Nullable Duration interval;
    private final @Nullable ExecutionTime cron;
    private final Duration window;
    private final Duration period;

    private Schedule(@Nullable Duration interval, @Nullable ExecutionTime cron, Duration window, Duration period) {
        this.interval = interval;
        this.cron = cron;
        this.window = window;
        this.period = period;
    }

    /** The schedule a policy write asks for; 400 naming the field when it is not one. */
    static Schedule of(@Nullable String interval, @Nullable String schedule, @Nullable String window) {
        if ((interval == null) == (schedule == null)) {
            throw ArcaException.invalid("interval", "give exactly one of 'interval' (e.g. 90d) and 'schedule' "
                    + "(a cron expression, e.g. '0 3 * * SUN')");
        }
        Duration gap = window == null ? Duration.ZERO : duration("window", window);
        Schedule made;
        if (interval != null) {
            Duration every = duration("interval", interval);
            if (every.compareTo(MIN_INTERVAL) < 0) {
                throw ArcaException.invalid("interval", "interval must be at least 1h, not " + interval.trim());
            }
            made = new Schedule(every, null, gap, every);
        } else {
            ExecutionTime times = cron(schedule);
            made = new Schedule(null, times, gap, periodOf(times, schedule));
        }
        if (made.window.compareTo(made.period) >= 0) {
            throw ArcaException.invalid("window", "window (" + Durations.format(made.window) + ") must be shorter "
                    + "than the period between rotations (" + Durations.format(made.period) + ")");
        }
        return made;
    }

    /** When the rotation after one at {@code after} is due, its window's jitter included. */
    Instant next(Instant after) {
        Instant due;
        if (interval != null) {
            due = after.plus(interval);
        } else {
            due = fireAfter(after);
        }
        return window.isZero() ? due : due.plusMillis((long) (JITTER.nextDouble() * window.toMillis()));
    }

    Duration period() {
        return period;
    }

    private Instant fireAfter(Instant after) {
        ExecutionTime times = java.util.Objects.requireNonNull(cron, "a schedule without an interval has a cron");
        return times.nextExecution(ZonedDateTime.ofInstant(after, ZoneOffset.UTC)).map(ZonedDateTime::toInstant)
                .orElseThrow(() -> new IllegalStateException("a validated cron schedule always fires again"));
    }

    private static ExecutionTime cron(String expression) {
        Cron parsed;
        try {
            parsed = CRON.parse(expression.trim()).validate();
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid("schedule", "schedule '" + expression.trim() + "' is not a 5-field cron "
                    + "expression (minute hour day-of-month month day-of-week, e.g. '0 3 * * SUN'): "
                    + e.getMessage());
        }
        return ExecutionTime.forCron(parsed);
    }

    private static Duration periodOf(ExecutionTime times, String expression) {
        ZonedDateTime at = ZonedDateTime.now(ZoneOffset.UTC);
        Duration shortest = null;
        for (int i = 0; i < GAPS_SAMPLED; i++) {
            ZonedDateTime next = times.nextExecution(at).orElse(null);
            if (next == null) {
                break;
            }
            if (i > 0) {
                Duration gap = Duration.between(at, next);
                shortest = shortest == null || gap.compareTo(shortest) < 0 ? gap : shortest;
            }
            at = next;
        }
        if (shortest == null) {
            throw ArcaException.invalid("schedule", "schedule '" + expression.trim() + "' does not fire again");
        }
        if (shortest.compareTo(MIN_INTERVAL) < 0) {
            throw ArcaException.invalid("schedule", "schedule '" + expression.trim() + "' fires every "
                    + Durations.format(shortest) + "; rotations must be at least 1h apart");
        }
        return shortest;
    }

    static Duration duration(String field, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ArcaException.invalid(field, field + ": " + e.getMessage());
        }
    }
}
