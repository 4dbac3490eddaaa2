package dev.arca.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --report FILE.html}: the run as one self-contained page (inline SVG and CSS, no script, nothing fetched),
 * well-formed XML so tools can read it too. Per backend, a bar per scenario of its throughput as a ratio to the
 * floor, and latency percentile curves (p50, p90, p99, p99.9, max on a log scale); then the run's settings and the
 * raw table. Every bar and curve carries its figures as {@code data-} attributes.
 */
final class HtmlReport {
    /** Tableau 10: distinguishable, also in print. Scenarios keep their colour across backends. */
    private static final List<String> PALETTE = List.of("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
            "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");
    private static final String FLOOR_COLOUR = "#7f7f7f";
    private static final List<String> PERCENTILES = List.of("p50", "p90", "p99", "p99.9", "max");
    private static final int WIDTH = 900;
    private static final int LABEL_WIDTH = 170;
    private static final int BAR_AREA = 520;
    private static final int ROW = 26;
    private static final int CURVE_HEIGHT = 300;
    private static final int CURVE_LEFT = 70;
    private static final int CURVE_RIGHT = 640;
    private static final int CURVE_TOP = 20;

    private HtmlReport() {}

    static void write(Path file, RunDescription run, List<Result> results) throws IOException {
        Files.writeString(file, render(run, results));
    }

    static String render(RunDescription run, List<Result> results) {
        Map<String, String> colours = colours(results);
        var html = new StringBuilder(16_384);
        String title = "arca-bench " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
                .format(run.date().atOffset(ZoneOffset.UTC));
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>").append(esc(title))
                .append("</title>\n<style>").append(STYLE).append("</style></head>\n<body>\n<h1>")
                .append(esc(title)).append("</h1>\n<p class=\"lead\">").append(esc(run.load()))
                .append(" load, ").append(run.concurrency()).append(" connections, ")
                .append(esc(seconds(run.duration()))).append(" measured after ").append(esc(seconds(run.warmup())))
                .append(" of warm-up, on ").append(run.cores()).append(" cores. The floor is a bare Javalin route in "
                        + "the same JVM: a ratio of 1 is as fast as HTTP itself on this machine.</p>\n");
        Map<String, List<Result>> byBackend = new LinkedHashMap<>();
        results.forEach(r -> byBackend.computeIfAbsent(r.backend(), b -> new ArrayList<>()).add(r));

        html.append("<section id=\"throughput\"><h2>Throughput as a ratio to the floor</h2>\n");
        byBackend.forEach((backend, rows) -> bars(html, backend, rows, colours));
        html.append("</section>\n<section id=\"latency\"><h2>Latency percentiles (ms, log scale)</h2>\n");
        byBackend.forEach((backend, rows) -> curves(html, backend, rows, colours));
        html.append("</section>\n");
        settings(html, run);
        table(html, results);
        return html.append("</body></html>\n").toString();
    }

    private static void bars(StringBuilder html, String backend, List<Result> rows, Map<String, String> colours) {
        double most = 1.0;
        for (Result r : rows) {
            if (r.ratioToFloor() != null) {
                most = Math.max(most, r.ratioToFloor());
            }
        }
        int height = rows.size() * ROW + 30;
        html.append("<figure class=\"bars\" data-backend=\"").append(esc(backend)).append("\"><figcaption>")
                .append(esc(backend)).append("</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(height).append("\" role=\"img\">\n");
        for (int i = 0; i < rows.size(); i++) {
            Result r = rows.get(i);
            int y = i * ROW + 4;
            html.append("<g class=\"bar\" data-scenario=\"").append(esc(r.scenario())).append("\" data-ops-per-s=\"")
                    .append(fixed(r.opsPerS(), 1)).append("\" data-ratio-to-floor=\"")
                    .append(r.ratioToFloor() == null ? "" : fixed(r.ratioToFloor(), 3)).append("\">")
                    .append("<text x=\"").append(LABEL_WIDTH - 8).append("\" y=\"").append(y + 15)
                    .append("\" class=\"name\">").append(esc(r.scenario())).append("</text>");
            int length = 0;
            String label = "no floor to compare with";
            if (r.ratioToFloor() != null) {
                length = (int) Math.max(1, Math.round(r.ratioToFloor() / most * BAR_AREA));
                html.append("<rect x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y).append("\" width=\"")
                        .append(length).append("\" height=\"").append(ROW - 8).append("\" fill=\"")
                        .append(colours.get(r.scenario())).append("\"/>");
                label = fixed(r.ratioToFloor(), 3) + "× floor · " + grouped(r.opsPerS()) + "/s";
            }
            label += r.errors() > 0 ? " · " + r.errors() + " errors" : "";
            html.append("<text x=\"").append(LABEL_WIDTH + length + 6).append("\" y=\"").append(y + 15)
                    .append("\" class=\"value").append(r.errors() > 0 ? " failed" : "").append("\">")
                    .append(esc(label)).append("</text>");
            html.append("</g>\n");
        }
        int floorX = LABEL_WIDTH + (int) Math.round(1.0 / most * BAR_AREA);
        html.append("<line class=\"floor\" x1=\"").append(floorX).append("\" y1=\"0\" x2=\"").append(floorX)
                .append("\" y2=\"").append(height - 22).append("\"/><text x=\"").append(floorX).append("\" y=\"")
                .append(height - 8).append("\" class=\"axis\" text-anchor=\"middle\">1× floor</text>\n")
                .append("</svg></figure>\n");
    }

    private static void curves(StringBuilder html, String backend, List<Result> rows, Map<String, String> colours) {
        double low = Double.MAX_VALUE;
        double high = 0;
        for (Result r : rows) {
            for (double v : points(r)) {
                if (v > 0) {
                    low = Math.min(low, v);
                    high = Math.max(high, v);
                }
            }
        }
        if (high == 0) {
            low = 0.1;
            high = 1;
        }
        int lowDecade = (int) Math.floor(Math.log10(low));
        int highDecade = Math.max(lowDecade + 1, (int) Math.ceil(Math.log10(high)));
        int legendHeight = rows.size() * 18 + CURVE_TOP;
        int height = Math.max(CURVE_HEIGHT + 50, legendHeight);
        html.append("<figure class=\"curves\" data-backend=\"").append(esc(backend)).append("\"><figcaption>")
                .append(esc(backend)).append("</figcaption>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(WIDTH)
                .append(' ').append(height).append("\" role=\"img\">\n");
        for (int decade = lowDecade; decade <= highDecade; decade++) {
            double y = y(Math.pow(10, decade), lowDecade, highDecade);
            html.append("<line class=\"grid\" x1=\"").append(CURVE_LEFT).append("\" x2=\"").append(CURVE_RIGHT)
                    .append("\" y1=\"").append(fixed(y, 1)).append("\" y2=\"").append(fixed(y, 1))
                    .append("\"/><text class=\"axis\" x=\"").append(CURVE_LEFT - 6).append("\" y=\"")
                    .append(fixed(y + 4, 1)).append("\" text-anchor=\"end\">").append(esc(decadeLabel(decade)))
                    .append("</text>\n");
        }
        for (int i = 0; i < PERCENTILES.size(); i++) {
            html.append("<text class=\"axis\" x=\"").append(fixed(x(i), 1)).append("\" y=\"")
                    .append(CURVE_TOP + CURVE_HEIGHT + 20).append("\" text-anchor=\"middle\">")
                    .append(PERCENTILES.get(i)).append("</text>\n");
        }
        for (int row = 0; row < rows.size(); row++) {
            Result r = rows.get(row);
            double[] values = points(r);
            String colour = colours.get(r.scenario());
            html.append("<g class=\"curve\" data-scenario=\"").append(esc(r.scenario())).append('"');
            for (int i = 0; i < PERCENTILES.size(); i++) {
                html.append(" data-").append(PERCENTILES.get(i).replace(".", "")).append("-ms=\"")
                        .append(fixed(values[i], 3)).append('"');
            }
            html.append("><polyline fill=\"none\" stroke-width=\"2\" stroke=\"").append(colour).append("\" points=\"");
            for (int i = 0; i < values.length; i++) {
                html.append(i == 0 ? "" : " ").append(fixed(x(i), 1)).append(',')
                        .append(fixed(y(values[i], lowDecade, highDecade), 1));
            }
            html.append("\"/>");
            for (int i = 0; i < values.length; i++) {
                html.append("<circle r=\"3\" fill=\"").append(colour).append("\" cx=\"").append(fixed(x(i), 1))
                        .append("\" cy=\"").append(fixed(y(values[i], lowDecade, highDecade), 1)).append("\"><title>")
                        .append(esc(r.scenario() + " " + PERCENTILES.get(i) + " " + SummaryTable.millis(values[i])
                                + " ms")).append("</title></circle>");
            }
            int legendY = CURVE_TOP + row * 18;
            html.append("<rect x=\"").append(CURVE_RIGHT + 30).append("\" y=\"").append(legendY - 9)
                    .append("\" width=\"12\" height=\"12\" fill=\"").append(colour).append("\"/><text x=\"")
                    .append(CURVE_RIGHT + 48).append("\" y=\"").append(legendY + 1).append("\" class=\"legend\">")
                    .append(esc(r.scenario() + "  p99 " + SummaryTable.millis(r.p99Ms()) + " ms"))
                    .append("</text></g>\n");
        }
        html.append("</svg></figure>\n");
    }

    private static void settings(StringBuilder html, RunDescription run) {
        html.append("<section id=\"settings\"><h2>Run</h2>\n<table class=\"settings\">");
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("date", DateTimeFormatter.ISO_INSTANT.format(run.date()));
        rows.put("cores", Integer.toString(run.cores()));
        rows.put("JDK", run.jdk());
        rows.put("OS", run.os());
        rows.put("load driver", run.load());
        rows.put("connections", Integer.toString(run.concurrency()));
        rows.put("warm-up", seconds(run.warmup()));
        rows.put("duration", seconds(run.duration()));
        rows.put("server", run.target());
        rows.put("audit fsync", Boolean.toString(run.auditFsync()));
        rows.put("secrets", grouped(run.secrets()));
        rows.forEach((name, value) -> html.append("<tr><th>").append(esc(name)).append("</th><td data-setting=\"")
                .append(esc(name)).append("\">").append(esc(value)).append("</td></tr>"));
        html.append("</table></section>\n");
    }

    private static void table(StringBuilder html, List<Result> results) {
        html.append("<section id=\"results\"><h2>Results</h2>\n<table class=\"raw\"><thead><tr>");
        for (String column : List.of("scenario", "backend", "load", "ops/s", "×floor", "×baseline", "p50 ms",
                "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors", "notes")) {
            html.append("<th>").append(esc(column)).append("</th>");
        }
        html.append("</tr></thead><tbody>\n");
        for (Result r : results) {
            html.append("<tr").append(r.errors() > 0 ? " class=\"failed\"" : "").append('>');
            for (String cell : List.of(r.scenario(), r.backend(), r.load(), grouped(r.opsPerS()),
                    SummaryTable.ratio(r.ratioToFloor()), SummaryTable.ratio(r.ratioToBaseline()),
                    SummaryTable.millis(r.p50Ms()), SummaryTable.millis(r.p90Ms()), SummaryTable.millis(r.p99Ms()),
                    SummaryTable.millis(r.p999Ms()), SummaryTable.millis(r.maxMs()), Long.toString(r.errors()),
                    notes(r))) {
                html.append("<td>").append(esc(cell)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table></section>\n");
    }

    private static String notes(Result r) {
        var notes = new StringBuilder();
        r.extra().forEach((name, value) -> notes.append(notes.isEmpty() ? "" : " ").append(name).append('=')
                .append(value instanceof Double d ? fixed(d, 2) : String.valueOf(value)));
        return notes.toString();
    }

    private static double[] points(Result r) {
        return new double[] {r.p50Ms(), r.p90Ms(), r.p99Ms(), r.p999Ms(), r.maxMs()};
    }

    private static double x(int percentile) {
        return CURVE_LEFT + 30 + percentile * (CURVE_RIGHT - CURVE_LEFT - 60) / (double) (PERCENTILES.size() - 1);
    }

    /** Log scale; a latency of 0 (no sample) sits on the lowest line. */
    private static double y(double ms, int lowDecade, int highDecade) {
        double decades = ms <= 0 ? lowDecade : Math.max(lowDecade, Math.log10(ms));
        return CURVE_TOP + CURVE_HEIGHT - (decades - lowDecade) / (highDecade - lowDecade) * CURVE_HEIGHT;
    }

    private static String decadeLabel(int decade) {
        double ms = Math.pow(10, decade);
        return (decade >= 0 ? grouped(ms) : fixed(ms, -decade)) + " ms";
    }

    private static Map<String, String> colours(List<Result> results) {
        var names = new LinkedHashSet<String>();
        results.forEach(r -> names.add(r.scenario()));
        Map<String, String> colours = new LinkedHashMap<>();
        int next = 0;
        for (String name : names) {
            colours.put(name, name.equals(Scenarios.FLOOR) ? FLOOR_COLOUR : PALETTE.get(next++ % PALETTE.size()));
        }
        return colours;
    }

    private static String seconds(Duration duration) {
        return fixed(duration.toMillis() / 1000.0, duration.toMillis() % 1000 == 0 ? 0 : 1) + " s";
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String grouped(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** Text and attribute values: the five XML specials. */
    static String esc(String text) {
        var out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String STYLE = """
            body{font:14px/1.4 system-ui,sans-serif;margin:2em auto;max-width:960px;color:#222}
            h1{font-size:1.5em;margin-bottom:.2em} h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}
            .lead{color:#555} figure{margin:1em 0} figcaption{font-weight:600;margin-bottom:.3em}
            svg text{font-size:12px;fill:#222} svg text.name{text-anchor:end} svg text.axis{fill:#666}
            svg text.failed{fill:#c00;font-weight:600} line.floor{stroke:#444;stroke-dasharray:4 3}
            line.grid{stroke:#e4e4e4} table{border-collapse:collapse;margin:.5em 0}
            th,td{padding:3px 9px;border-bottom:1px solid #eee;text-align:left}
            table.raw td{text-align:right;font-variant-numeric:tabular-nums}
            table.raw td:nth-child(-n+3){text-align:left}
            tr.failed td{color:#c00}
            """;
}
