package dev.arca.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The plain table printed after the JSON lines: one row per scenario and backend. */
final class SummaryTable {
    private static final String FORMAT = "%-20s %-10s %10s %9s %9s %9s %9s %7s  %s%n";

    private SummaryTable() {}

    static void print(PrintStream out, List<Result> results) {
        out.println();
        out.printf(FORMAT, "scenario", "backend", "ops/s", "×baseline", "p50 ms", "p99 ms", "p99.9 ms", "errors",
                "notes");
        for (Result r : results) {
            out.printf(FORMAT, r.scenario(), r.backend(), String.format("%.0f", r.opsPerS()),
                    r.ratioToBaseline() == null ? "-" : String.format("%.3f", r.ratioToBaseline()),
                    millis(r.p50Ms()), millis(r.p99Ms()), millis(r.p999Ms()), r.errors(), notes(r.extra()));
        }
    }

    private static String millis(double ms) {
        return ms >= 100 ? String.format("%.0f", ms) : String.format("%.2f", ms);
    }

    private static String notes(Map<String, Object> extra) {
        return extra.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() instanceof Double d ? String.format("%.2f", d) : e.getValue()))
                .collect(Collectors.joining(" "));
    }
}
