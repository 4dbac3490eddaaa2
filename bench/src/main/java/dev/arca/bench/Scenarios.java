package dev.arca.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every scenario by name, in the order a full run takes them: {@code floor} and {@code baseline} first (every ratio
 * is taken to them), unseal last (it seals the server).
 */
final class Scenarios {
    static final String FLOOR = "floor";
    static final String BASELINE = "baseline";

    private Scenarios() {}

    static Map<String, Scenario> all() {
        Map<String, Scenario> all = new LinkedHashMap<>();
        for (Scenario scenario : List.of(new FloorScenario(), RequestScenarios.baseline(), RequestScenarios.readToken(),
                RequestScenarios.readSigned(), RequestScenarios.write(), RequestScenarios.mixed(),
                RequestScenarios.export(), PkiScenarios.signUnstored(), PkiScenarios.signStored(),
                PkiScenarios.issue(), PkiScenarios.revoke(), PkiScenarios.ocsp(), PkiScenarios.crlBuild(), AcmeScenarios.order(),
                new ListMillion(), new WatchFanout())) {
            all.put(scenario.name(), scenario);
        }
        DatabaseScenarios.creds().forEach(scenario -> all.put(scenario.name(), scenario));
        for (Scenario scenario : List.of(new RotationDue(), new RotationDatabaseStatic())) {
            all.put(scenario.name(), scenario);
        }
        // both restart or seal the server, so they come last
        for (Scenario scenario : List.of(new RestartWithLeases(), new UnsealWithLeases())) {
            all.put(scenario.name(), scenario);
        }
        return all;
    }

    /** A group name selects every scenario named {@code <group>-…}: {@code db-creds} is one per database. */
    private static boolean selects(String name, String scenario) {
        return name.equals(scenario) || (name.equals(DatabaseScenarios.CREDS_GROUP)
                && scenario.startsWith(DatabaseScenarios.CREDS_GROUP + "-"));
    }

    /**
     * The named scenarios in run order, {@code floor} and {@code baseline} always first (every ratio is taken to
     * them); all of them when none are named.
     */
    static List<Scenario> choose(List<String> names) {
        Map<String, Scenario> all = all();
        for (String name : names) {
            if (!all.containsKey(name) && !name.equals(DatabaseScenarios.CREDS_GROUP)) {
                throw new IllegalArgumentException("unknown scenario '" + name + "'; known: "
                        + String.join(", ", all.keySet()) + " (" + DatabaseScenarios.CREDS_GROUP + " selects every "
                        + DatabaseScenarios.CREDS_GROUP + "-…)");
            }
        }
        List<Scenario> chosen = new ArrayList<>();
        all.forEach((name, scenario) -> {
            boolean always = name.equals(FLOOR) || name.equals(BASELINE);
            if (names.isEmpty() || always || names.stream().anyMatch(n -> selects(n, name))) {
                chosen.add(scenario);
            }
        });
        return chosen;
    }
}
