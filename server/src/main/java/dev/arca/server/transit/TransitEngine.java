package dev.arca.server.transit;

import dev.arca.server.engine.Engine;
import dev.arca.server.jobs.PeriodicJob;
import dev.arca.server.route.Route;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.vaults.VaultService;
import java.time.Clock;
import java.util.List;

/**
 * Transit as an engine: mounted at {@code /v1/vaults/{vault}/transit/…}, where its keys are both managed and used
 * (encrypt, decrypt, rewrap), its keys in the key-material store under engine {@value TransitService#ENGINE}, no
 * background job.
 */
public final class TransitEngine implements Engine {
    private final TransitService service;
    private final List<Route> routes;

    private TransitEngine(TransitService service) {
        this.service = service;
        this.routes = TransitRoutes.routes(service);
    }

    /** The keys' operations, for a front door that reaches them other than by these routes (SanctumAI's use). */
    public TransitService service() {
        return service;
    }

    /** The engine, and the move of keys stored as secrets before schema version 14 at every unseal. */
    public static TransitEngine mount(Database db, VaultService vaults, SealService seal, Clock clock) {
        TransitKeyUpgrade.onEveryUnseal(db, seal);
        return new TransitEngine(new TransitService(db, vaults, seal, clock));
    }

    @Override
    public String mount() {
        return TransitService.ENGINE;
    }

    @Override
    public List<Route> routes() {
        return routes;
    }

    @Override
    public List<PeriodicJob> jobs() {
        return List.of();
    }
}
