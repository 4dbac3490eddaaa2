package dev.arca.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures of one {@code wrk --latency} run, read from what it printed: the request count and time, requests a
 * second, the latency distribution (50, 75, 90, 99 %), the non-2xx answers and socket errors, and from the line
 * {@code bench/wrk/common.lua}'s {@code done()} adds, p99.9 and the exact maximum. Latencies in milliseconds.
 *
 * @param statusErrors answers wrk counts as errors: status 400 or more
 * @param socketErrors connect, read and write errors and timeouts
 */
record WrkOutput(long requests, double seconds, double requestsPerSecond, double p50Ms, double p75Ms, double p90Ms,
        double p99Ms, double p999Ms, double maxMs, long statusErrors, long socketErrors) {

    static final String DONE_LINE = "arca-bench-wrk ";

    private static final String TIME = "([0-9.]+)(us|ms|s|m|h)";
    private static final Pattern REQUESTS = Pattern.compile("(?m)^\\s*(\\d+) requests in " + TIME + ",");
    private static final Pattern PER_SECOND = Pattern.compile("(?m)^Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PERCENTILE = Pattern.compile("(?m)^\\s+(50|75|90|99)%\\s+" + TIME + "\\s*$");
    private static final Pattern SOCKET_ERRORS = Pattern.compile(
            "(?m)^\\s*Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern NON_2XX = Pattern.compile("(?m)^\\s*Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern DONE = Pattern.compile("(?m)^" + DONE_LINE + "(.*)$");
    private static final Pattern PAIR = Pattern.compile("(\\w+)=(\\d+)");

    /** Reads wrk's output; a part missing (wrk failed, or ran a script without common.lua's done) is an error. */
    static WrkOutput parse(String text) {
        Matcher requests = find(REQUESTS, text, "the 'N requests in T' line");
        Matcher perSecond = find(PER_SECOND, text, "'Requests/sec:'");
        Map<String, Double> percentiles = new HashMap<>();
        Matcher percentile = PERCENTILE.matcher(text);
        while (percentile.find()) {
            percentiles.put(percentile.group(1), millis(percentile.group(2), percentile.group(3)));
        }
        for (String p : new String[] {"50", "75", "90", "99"}) {
            if (!percentiles.containsKey(p)) {
                throw unreadable(text, "the " + p + "% latency (was --latency given?)");
            }
        }
        Map<String, Long> done = new HashMap<>();
        Matcher pair = PAIR.matcher(find(DONE, text, "the '" + DONE_LINE.strip() + "' line of common.lua's done()")
                .group(1));
        while (pair.find()) {
            done.put(pair.group(1), Long.parseLong(pair.group(2)));
        }
        if (!done.containsKey("p999_us") || !done.containsKey("max_us")) {
            throw unreadable(text, "p999_us and max_us on the '" + DONE_LINE.strip() + "' line");
        }
        long socketErrors = 0;
        Matcher socket = SOCKET_ERRORS.matcher(text);
        if (socket.find()) {
            for (int group = 1; group <= 4; group++) {
                socketErrors += Long.parseLong(socket.group(group));
            }
        }
        Matcher non2xx = NON_2XX.matcher(text);
        long statusErrors = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
        return new WrkOutput(Long.parseLong(requests.group(1)), millis(requests.group(2), requests.group(3)) / 1000,
                Double.parseDouble(perSecond.group(1)), percentiles.get("50"), percentiles.get("75"),
                percentiles.get("90"), percentiles.get("99"), done.get("p999_us") / 1000.0,
                done.get("max_us") / 1000.0, statusErrors, socketErrors);
    }

    long errors() {
        return statusErrors + socketErrors;
    }

    private static Matcher find(Pattern pattern, String text, String what) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            throw unreadable(text, what);
        }
        return matcher;
    }

    private static IllegalStateException unreadable(String text, String what) {
        return new IllegalStateException("wrk printed no " + what + "; it said:\n" + text.strip());
    }

    /** wrk's times: {@code 812.00us}, {@code 1.23ms}, {@code 2.05s}, {@code 1.00m}, {@code 1.00h}. */
    private static double millis(String number, String unit) {
        double value = Double.parseDouble(number);
        return switch (unit) {
            case "us" -> value / 1000;
            case "ms" -> value;
            case "s" -> value * 1000;
            case "m" -> value * 60_000;
            case "h" -> value * 3_600_000;
            default -> throw new IllegalArgumentException("unit " + unit);
        };
    }
}
