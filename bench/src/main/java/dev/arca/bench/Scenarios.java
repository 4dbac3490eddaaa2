package dev.arca.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every scenario by name, in the order a full run takes them (unseal last: it seals the server). */
final class Scenarios {
    static final String BASELINE = "baseline";

    private Scenarios() {}

    static Map<String, Scenario> all() {
        Map<String, Scenario> all = new LinkedHashMap<>();
        for (Scenario scenario : List.of(RequestScenarios.baseline(), RequestScenarios.readToken(),
                RequestScenarios.readSigned(), RequestScenarios.write(), RequestScenarios.mixed(),
                RequestScenarios.export(), PkiScenarios.signUnstored(), PkiScenarios.signStored(),
                PkiScenarios.issue(), PkiScenarios.revoke(), PkiScenarios.ocsp(), PkiScenarios.crlBuild(),
                new ListMillion(), new WatchFanout(), new UnsealWithLeases())) {
            all.put(scenario.name(), scenario);
        }
        return all;
    }

    /**
     * The named scenarios in run order, {@code baseline} always first (every ratio is taken to it); all of them
     * when none are named.
     */
    static List<Scenario> choose(List<String> names) {
        Map<String, Scenario> all = all();
        for (String name : names) {
            if (!all.containsKey(name)) {
                throw new IllegalArgumentException("unknown scenario '" + name + "'; known: "
                        + String.join(", ", all.keySet()));
            }
        }
        List<Scenario> chosen = new ArrayList<>();
        all.forEach((name, scenario) -> {
            if (names.isEmpty() || names.contains(name) || name.equals(BASELINE)) {
                chosen.add(scenario);
            }
        });
        return chosen;
    }
}
