package dev.arca.server.frontend.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The route table resolves the suffix routes of the greedy {@code <path>} the same way whichever order the features
 * declared them in: the order is computed from the paths. Matching here is the router's: the first route (in table
 * order) whose pattern matches wins, a {@code {param}} one segment, a {@code <param>} one or more.
 */
class RouteOrderTest {
    private static final String SECRETS = "/v1/vaults/{vault}/secrets";
    private static final String TRANSIT = "/v1/vaults/{vault}/transit";
    /** Method and path of every route sharing the greedy secret and transit paths, as Wiring declares them. */
    private static final List<String> DECLARED = List.of(
            "POST " + SECRETS + "/<path>/use", "GET " + SECRETS + "/<path>/egress",
            "PUT " + SECRETS + "/<path>/egress", "POST " + SECRETS + "/<path>/retrieve",
            "PUT " + SECRETS + "/<path>", "GET " + SECRETS + "/<path>/metadata",
            "PATCH " + SECRETS + "/<path>/metadata", "POST " + SECRETS + "/<path>/rotate",
            "POST " + SECRETS + "/<path>/undelete", "POST " + SECRETS + "/<path>/destroy",
            "GET " + SECRETS + "/<path>", "DELETE " + SECRETS + "/<path>", "GET /v1/secrets/{secret_id}",
            "GET /v1/secrets/{secret_id}/watch", "GET " + SECRETS, "POST " + SECRETS + "/batch",
            "POST " + TRANSIT + "/<path>/rotate", "GET " + TRANSIT + "/<path>/export",
            "POST " + TRANSIT + "/<path>/encrypt", "POST " + TRANSIT + "/<path>/decrypt",
            "POST " + TRANSIT + "/<path>/rewrap", "POST " + TRANSIT + "/<path>",
            "GET " + TRANSIT + "/<path>", "PATCH " + TRANSIT + "/<path>", "DELETE " + TRANSIT + "/<path>",
            "POST /v1/leases/renew", "GET /v1/leases/{lease_id}", "POST /v1/leases/{lease_id}");

    @Test
    void reversedAndShuffledDeclarations_giveTheSameTable() {
        List<String> table = ordered(DECLARED);
        List<String> reversed = new ArrayList<>(DECLARED);
        Collections.reverse(reversed);
        assertThat(ordered(reversed)).isEqualTo(table);
        var random = new Random(13);
        for (int round = 0; round < 50; round++) {
            List<String> shuffled = new ArrayList<>(DECLARED);
            Collections.shuffle(shuffled, random);
            assertThat(ordered(shuffled)).isEqualTo(table);
        }
    }

    @Test
    void eachSuffix_reachesItsOwnRoute_whicheverOrderTheyWereDeclaredIn() {
        List<String> reversed = new ArrayList<>(DECLARED);
        Collections.reverse(reversed);
        for (List<String> declared : List.of(DECLARED, reversed)) {
            List<String> table = ordered(declared);
            String v = "/v1/vaults/default";
            assertThat(route(table, "POST", v + "/secrets/app/db/use")).hasValue("POST " + SECRETS + "/<path>/use");
            assertThat(route(table, "POST", v + "/secrets/app/db/retrieve"))
                    .hasValue("POST " + SECRETS + "/<path>/retrieve");
            assertThat(route(table, "GET", v + "/secrets/app/db/egress"))
                    .hasValue("GET " + SECRETS + "/<path>/egress");
            assertThat(route(table, "PUT", v + "/secrets/app/db/egress"))
                    .hasValue("PUT " + SECRETS + "/<path>/egress");
            assertThat(route(table, "GET", v + "/secrets/app/db/metadata"))
                    .hasValue("GET " + SECRETS + "/<path>/metadata");
            assertThat(route(table, "POST", v + "/secrets/app/a/b/rotate"))
                    .hasValue("POST " + SECRETS + "/<path>/rotate");
            assertThat(route(table, "POST", v + "/secrets/app/db/undelete"))
                    .hasValue("POST " + SECRETS + "/<path>/undelete");
            assertThat(route(table, "POST", v + "/secrets/app/db/destroy"))
                    .hasValue("POST " + SECRETS + "/<path>/destroy");
            assertThat(route(table, "GET", v + "/secrets/app/a/b")).hasValue("GET " + SECRETS + "/<path>");
            assertThat(route(table, "PUT", v + "/secrets/app/use")).hasValue("PUT " + SECRETS + "/<path>");
            assertThat(route(table, "POST", v + "/secrets/batch")).hasValue("POST " + SECRETS + "/batch");
            assertThat(route(table, "GET", "/v1/secrets/sk_1/watch")).hasValue("GET /v1/secrets/{secret_id}/watch");
            assertThat(route(table, "POST", v + "/transit/app/k/rotate"))
                    .hasValue("POST " + TRANSIT + "/<path>/rotate");
            assertThat(route(table, "GET", v + "/transit/app/k/export")).hasValue("GET " + TRANSIT + "/<path>/export");
            assertThat(route(table, "POST", v + "/transit/app/k/encrypt"))
                    .hasValue("POST " + TRANSIT + "/<path>/encrypt");
            assertThat(route(table, "POST", v + "/transit/app/a/b/rewrap"))
                    .hasValue("POST " + TRANSIT + "/<path>/rewrap");
            assertThat(route(table, "POST", v + "/transit/app/k")).hasValue("POST " + TRANSIT + "/<path>");
            assertThat(route(table, "POST", "/v1/leases/renew")).hasValue("POST /v1/leases/renew");
            assertThat(route(table, "POST", "/v1/leases/l_1")).hasValue("POST /v1/leases/{lease_id}");
        }
    }

    /** Sorted by path as {@link RouteOrder#ordered} sorts routes, then by method. */
    private static List<String> ordered(List<String> routes) {
        return routes.stream().sorted((a, b) -> {
            int byPath = RouteOrder.MOST_SPECIFIC_FIRST.compare(path(a), path(b));
            return byPath != 0 ? byPath : method(a).compareTo(method(b));
        }).toList();
    }

    private static Optional<String> route(List<String> table, String method, String target) {
        return table.stream().filter(route -> method(route).equals(method)
                && Pattern.matches(regex(path(route)), target)).findFirst();
    }

    private static String regex(String path) {
        return path.replaceAll("\\{[^/]+}", "[^/]+").replaceAll("<[^/]+>", ".+");
    }

    private static String method(String route) {
        return route.substring(0, route.indexOf(' '));
    }

    private static String path(String route) {
        return route.substring(route.indexOf(' ') + 1);
    }
}
