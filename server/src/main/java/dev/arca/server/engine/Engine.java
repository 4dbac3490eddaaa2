package dev.arca.server.engine;

import dev.arca.server.jobs.PeriodicJob;
import dev.arca.server.route.Route;
import java.util.List;

/**
 * A feature mounted in every vault at {@code /v1/vaults/{vault}/{mount}/…} (transit today; PKI, database
 * credentials, rotation and ACME next): its routes, its background jobs, and its key material, which it keeps in
 * the key-material store under its mount name ({@link dev.arca.server.keymaterial.KeyMaterialStore}, a view of its
 * own rows only), never as secrets. {@code Wiring} lists the engines; {@link Engines} checks that each route lies
 * under its engine's mount and hands them to the router, whose order comes from the paths, not from the list.
 */
public interface Engine {
    /** The mount segment, e.g. {@code transit}; also the engine name its key material is bound to. */
    String mount();

    /** Every route of the engine, each under {@code /v1/vaults/{vault}/{mount}/}. */
    List<Route> routes();

    /** The engine's background jobs, started with the server and stopped after the HTTP drain. */
    List<PeriodicJob> jobs();
}
