package dev.arca.server.engine;

import dev.arca.server.jobs.PeriodicJob;
import dev.arca.server.route.Route;
import java.util.HashSet;
import java.util.List;

/** The engines of a server, as {@code Wiring} lists them: their routes, checked against their mounts, and jobs. */
public final class Engines {
    private static final String VAULT_PREFIX = "/v1/vaults/{vault}/";

    private final List<Engine> engines;

    /** @throws IllegalArgumentException when two engines share a mount or a route lies outside its engine's mount */
    public Engines(List<Engine> engines) {
        var mounts = new HashSet<String>();
        for (Engine engine : engines) {
            if (!mounts.add(engine.mount())) {
                throw new IllegalArgumentException("two engines are mounted at " + engine.mount());
            }
            String prefix = VAULT_PREFIX + engine.mount() + "/";
            for (Route route : engine.routes()) {
                if (!route.path().startsWith(prefix)) {
                    throw new IllegalArgumentException("engine " + engine.mount() + " declares " + route.path()
                            + ", outside its mount " + prefix);
                }
            }
        }
        this.engines = List.copyOf(engines);
    }

    public List<Route> routes() {
        return engines.stream().flatMap(engine -> engine.routes().stream()).toList();
    }

    public void startJobs() {
        jobs().forEach(PeriodicJob::start);
    }

    public void stopJobs() {
        jobs().forEach(PeriodicJob::close);
    }

    private List<PeriodicJob> jobs() {
        return engines.stream().flatMap(engine -> engine.jobs().stream()).toList();
    }
}
