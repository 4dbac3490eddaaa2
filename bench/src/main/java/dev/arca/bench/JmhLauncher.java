package dev.arca.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code arca-bench --jmh [REGEX] [JMH options]}: the micro-benchmarks of {@code dev.arca.bench.jmh} through JMH's
 * own command line. With no JMH option, a short default run: one fork, 3 warm-up and 5 measured iterations of one
 * second each. Any option ({@code -f 3 -i 10}, {@code -h} for all of them) replaces those defaults.
 */
final class JmhLauncher {
    private static final List<String> DEFAULTS = List.of("-f", "1", "-wi", "3", "-w", "1s", "-i", "5", "-r", "1s");

    private JmhLauncher() {}

    static void run(String[] args) throws Exception {
        List<String> jmh = new ArrayList<>(Arrays.asList(args));
        boolean regexGiven = !jmh.isEmpty() && !jmh.getFirst().startsWith("-");
        if (!regexGiven) {
            jmh.addFirst("dev\\.arca\\.bench\\.jmh\\..*");
        }
        if (jmh.stream().noneMatch(arg -> arg.startsWith("-"))) {
            jmh.addAll(DEFAULTS);
        }
        org.openjdk.jmh.Main.main(jmh.toArray(String[]::new));
    }
}
