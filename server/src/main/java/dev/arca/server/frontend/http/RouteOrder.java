package dev.arca.server.frontend.http;

import dev.arca.server.route.Route;
import java.util.Comparator;
import java.util.List;

/**
 * The order routes are matched in, from their paths alone, so that no route depends on the order features declare
 * them in. The router takes the first route whose path matches, and a greedy {@code <path>} would swallow a suffix
 * ({@code POST …/secrets/app/db/use} would be a secret named {@code app/db/use}); sorted most specific first, a
 * literal segment comes before a {@code {param}}, a {@code {param}} before a greedy {@code <path>}, and a path that
 * goes on after a segment before one that ends there. Paths that still compare equal segment by segment cannot match
 * the same request, and are ordered by their text, so any order of declaration gives the same table.
 */
public final class RouteOrder {
    /** Most specific first; a total order (ties broken by the text), so the sort is the same for any input order. */
    static final Comparator<String> MOST_SPECIFIC_FIRST = RouteOrder::compare;

    private RouteOrder() {}

    /** {@code routes} in matching order: the same list whichever order they were given in. */
    public static List<Route> ordered(List<Route> routes) {
        return ordered(routes, route -> route);
    }

    /** {@code items} in the matching order of the route each carries. */
    static <T> List<T> ordered(List<T> items, java.util.function.Function<T, Route> route) {
        return items.stream().sorted(Comparator.comparing((T item) -> route.apply(item).path(), MOST_SPECIFIC_FIRST)
                .thenComparing(item -> route.apply(item).method().name())).toList();
    }

    private static int compare(String a, String b) {
        String[] left = a.split("/", -1);
        String[] right = b.split("/", -1);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            int byKind = Integer.compare(kind(left[i]), kind(right[i]));
            if (byKind != 0) {
                return byKind;
            }
        }
        int byLength = Integer.compare(right.length, left.length);
        return byLength != 0 ? byLength : a.compareTo(b);
    }

    /** 0 a literal segment, 1 a {@code {param}} (one segment), 2 a greedy {@code <param>} (one or more). */
    private static int kind(String segment) {
        if (segment.startsWith("<")) {
            return 2;
        }
        return segment.startsWith("{") ? 1 : 0;
    }
}
