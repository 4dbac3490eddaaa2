package dev.arca.bench;

import java.util.Locale;

/**
 * What sends a request scenario's load. {@code JAVA}: the bench's own closed-loop virtual-thread clients
 * ({@link LoadRunner}), which on a small machine take about as much CPU as the server they measure. {@code WRK}:
 * {@code wrk -t1} with the scripts of {@code bench/wrk} ({@link WrkDriver}), a C client that takes a fraction of
 * it, as a user's load would. Scenarios with no wrk script run with the Java clients either way.
 */
enum LoadDriver {
    JAVA, WRK;

    /** {@code wrk} or {@code java}; none named: wrk when it is on the PATH, else java. */
    static LoadDriver choose(String option) {
        if (option == null) {
            return WrkDriver.executable().isPresent() ? WRK : JAVA;
        }
        return switch (option.toLowerCase(Locale.ROOT)) {
            case "java" -> JAVA;
            case "wrk" -> {
                if (WrkDriver.executable().isEmpty()) {
                    throw new IllegalArgumentException("--load wrk: no wrk on the PATH (install it, e.g. apt-get "
                            + "install wrk, or use --load java)");
                }
                yield WRK;
            }
            default -> throw new IllegalArgumentException("--load must be wrk or java, got '" + option + "'");
        };
    }

    /** As the JSON and the table name it. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
