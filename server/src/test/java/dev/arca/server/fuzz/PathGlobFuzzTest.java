package dev.arca.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.arca.server.policy.PathGlob;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@link PathGlob}: the input is a pattern, a newline, and a path. Compiling refuses only with the documented
 * {@link IllegalArgumentException}; a compiled pattern matches exactly when a plain reference matcher written from
 * the class's documentation says so, and never throws. The reference is the obvious recursion, memoised so that it
 * stays polynomial. A pattern with several {@code **} is also run against its path repeated to a thousand segments:
 * a backtracking matcher takes exponential time there, the documented one a few milliseconds.
 */
class PathGlobFuzzTest {
    private static final int LONG_PATH_SEGMENTS = 1_000;

    @FuzzTest
    @DictionaryEntries({"**", "*", "/", "app", "web-*", "_policies", "..", "."})
    void anyPatternAndPath_matchLikeTheReference(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String pattern = newline < 0 ? text : text.substring(0, newline);
        String path = newline < 0 ? "" : text.substring(newline + 1);
        PathGlob glob;
        try {
            glob = PathGlob.compile(pattern);
        } catch (IllegalArgumentException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        String[] parts = pattern.split("/", -1);
        String[] segments = referenceSegments(path);
        boolean expected = new Reference(parts, segments).matches(0, 0);
        assertThat(glob.matches(path)).as("'%s' ~ '%s'", pattern, path).isEqualTo(expected);
        assertThat(glob.matches(PathGlob.segments(path))).isEqualTo(expected);
        if (pattern.indexOf("**") != pattern.lastIndexOf("**")) {
            assertLinear(glob, segments);
        }
    }

    private static void assertLinear(PathGlob glob, String[] segments) {
        String[] longPath = new String[LONG_PATH_SEGMENTS];
        for (int i = 0; i < longPath.length; i++) {
            longPath[i] = segments.length == 0 ? "a" : segments[i % segments.length];
        }
        long started = System.nanoTime();
        glob.matches(longPath);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("matching %s against %d segments", glob,
                longPath.length).isLessThan(Duration.ofSeconds(2));
    }

    /** A request path's segments as documented: none for "" or "/", one trailing '/' ignored, empty ones kept. */
    private static String[] referenceSegments(String path) {
        if (path.isEmpty() || path.equals("/")) {
            return new String[0];
        }
        return (path.endsWith("/") ? path.substring(0, path.length() - 1) : path).split("/", -1);
    }

    /** Does parts[i..] match segments[j..]? {@code **} any number of segments, {@code *} one non-empty one. */
    private record Reference(String[] parts, String[] segments, Boolean[][] memo) {
        Reference(String[] parts, String[] segments) {
            this(parts, segments, new Boolean[parts.length + 1][segments.length + 1]);
        }

        boolean matches(int i, int j) {
            if (memo[i][j] == null) {
                memo[i][j] = compute(i, j);
            }
            return memo[i][j];
        }

        private boolean compute(int i, int j) {
            if (i == parts.length) {
                return j == segments.length;
            }
            String part = parts[i];
            if (part.equals("**")) {
                return matches(i + 1, j) || (j < segments.length && matches(i, j + 1));
            }
            return j < segments.length && matchesOne(part, segments[j]) && matches(i + 1, j + 1);
        }

        private static boolean matchesOne(String part, String segment) {
            if (part.equals("*")) {
                return !segment.isEmpty();
            }
            if (part.endsWith("*")) {
                return segment.startsWith(part.substring(0, part.length() - 1));
            }
            return part.equals(segment);
        }
    }
}
