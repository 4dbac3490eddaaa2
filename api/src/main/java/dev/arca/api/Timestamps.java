package dev.arca.api;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;

/**
 * Instants as every Arca surface writes them: UTC, always with exactly three fractional digits
 * ({@code 2026-12-04T01:20:21.000Z}), so that JSON, tables and the audit trail line up and sort as text. The JDK's own
 * form drops the fraction when it is zero and shows microseconds when the clock has them.
 */
public final class Timestamps {
    private static final DateTimeFormatter MILLIS = new DateTimeFormatterBuilder().appendInstant(3).toFormatter();

    private Timestamps() {}

    /** {@code instant} to the millisecond, e.g. {@code 2026-12-04T01:20:21.123Z}. */
    public static String format(Instant instant) {
        return MILLIS.format(instant);
    }
}
