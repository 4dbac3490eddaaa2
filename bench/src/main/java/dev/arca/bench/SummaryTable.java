package dev.arca.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The plain table printed after the JSON lines: one row per scenario and backend. */
final class SummaryTable {
    private static final String FORMAT = "%-20s %-10s %-4s %10s %7s %9s %9s %9s %9s %7s  %s%n";

    private SummaryTable() {}

    static void print(PrintStream out, List<Result> results) {
        out.println();
        out.printf(FORMAT, "scenario", "backend", "load", "ops/s", "×floor", "×baseline", "p50 ms", "p99 ms",
                "p99.9 ms", "errors", "notes");
        for (Result r : results) {
            out.printf(FORMAT, r.scenario(), r.backend(), r.load(), String.format("%.0f", r.opsPerS()),
                    ratio(r.ratioToFloor()), ratio(r.ratioToBaseline()), millis(r.p50Ms()), millis(r.p99Ms()),
                    millis(r.p999Ms()), r.errors(), notes(r.extra()));
        }
    }

    static String ratio(Double ratio) {
        return ratio == null ? "-" : String.format("%.3f", ratio);
    }

    static String millis(double ms) {
        return ms >= 100 ? String.format("%.0f", ms) : String.format("%.2f", ms);
    }

    private static String notes(Map<String, Object> extra) {
        return extra.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() instanceof Double d ? String.format("%.2f", d) : e.getValue()))
                .collect(Collectors.joining(" "));
    }
}
