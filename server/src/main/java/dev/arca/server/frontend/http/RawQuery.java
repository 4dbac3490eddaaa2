package dev.arca.server.frontend.http;

import dev.arca.server.error.ArcaException;
import dev.arca.server.pipeline.UrlEncoded;
import java.util.HashSet;
import java.util.Set;

/**
 * The query string as sent, before anyone decodes it. Each parameter may be given once: with
 * {@code ?version=1&version=2} one reader would take the first and a proxy or a log the last, so which one was
 * meant is not guessed. Names and values must be UTF-8 once their escapes are decoded ({@code %FF} and
 * {@code %ED%A0%80} would otherwise become U+FFFD, a value other than the one sent).
 */
final class RawQuery {
    private RawQuery() {}

    static void check(String raw) {
        if (raw == null || raw.isEmpty()) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = UrlEncoded.decode(eq < 0 ? pair : pair.substring(0, eq), "query", "the query string");
            if (eq >= 0) {
                UrlEncoded.decode(pair.substring(eq + 1), name, "query parameter '" + name + "'");
            }
            if (!seen.add(name)) {
                throw ArcaException.invalid(name, "query parameter '" + name + "' is given more than once; give it "
                        + "once");
            }
        }
    }
}
