package dev.arca.api;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written on every Arca surface: {@code 30s}, {@code 15m}, {@code 1h}, {@code 7d}, at most
 * {@link #MAX}. A field with a tighter limit of its own passes it to {@link #parse(String, Duration)}.
 */
public final class Durations {
    /**
     * The longest duration any surface accepts, about ten years: longer is never meant (a typo or a probe), and
     * {@code 999999999d} added to now would reach past what instants and epoch milliseconds can hold.
     */
    public static final Duration MAX = Duration.ofDays(3650);

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})([smhd])");

    private Durations() {}

    /**
     * Parses a duration of at most {@link #MAX}; throws {@link IllegalArgumentException} with a message saying what
     * is accepted.
     */
    public static Duration parse(String text) {
        return parse(text, MAX);
    }

    /**
     * Parses a duration of at most {@code max} (and never more than {@link #MAX}); throws
     * {@link IllegalArgumentException} with a message naming the limit.
     */
    public static Duration parse(String text, Duration max) {
        Duration limit = max.compareTo(MAX) < 0 ? max : MAX;
        Duration parsed = unbounded(text);
        if (parsed.compareTo(limit) > 0) {
            throw new IllegalArgumentException("'" + text.trim() + "' is longer than the longest allowed, "
                    + format(limit));
        }
        return parsed;
    }

    private static Duration unbounded(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a number and a unit: "
                    + "30s, 15m, 1h or 7d");
        }
        long amount = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "s": return Duration.ofSeconds(amount);
            case "m": return Duration.ofMinutes(amount);
            case "h": return Duration.ofHours(amount);
            default: return Duration.ofDays(amount);
        }
    }

    /**
     * The form people type: the largest unit that is exact, except that days are written from a week on only
     * ({@code 90m}, {@code 1h}, {@code 48h}, {@code 7d}, {@code 90d}), so a {@code --ttl 48h} comes back as
     * {@code 48h}, not {@code 2d}; {@code 3600s} → {@code 1h}.
     */
    public static String format(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds % 86_400 == 0 && seconds >= 7 * 86_400) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0 && seconds > 0) {
            return seconds / 3_600 + "h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
