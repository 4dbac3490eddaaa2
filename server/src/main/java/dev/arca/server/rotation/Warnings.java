package dev.arca.server.rotation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * When the next {@code rotation_due} event of a secret is told: at each warn-before point before its due time, and
 * for a push policy (whose value only a caller can bring) at the due time too. Points already passed are skipped,
 * so a secret found late is warned once, not once per point.
 */
final class Warnings {
    private Warnings() {}

    /** The first warning time after {@code now} for a rotation due at {@code due}; null when none is left. */
    static @Nullable Instant next(List<Duration> points, boolean atDue, Instant due, Instant now) {
        List<Instant> times = new ArrayList<>();
        points.forEach(point -> times.add(due.minus(point)));
        if (atDue) {
            times.add(due);
        }
        return times.stream().filter(time -> time.isAfter(now)).min(Instant::compareTo).orElse(null);
    }
}
