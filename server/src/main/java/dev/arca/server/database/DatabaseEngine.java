package dev.arca.server.database;

import dev.arca.server.database.plugin.DatabasePlugin;
import dev.arca.server.engine.Engine;
import dev.arca.server.jobs.PeriodicJob;
import dev.arca.server.keymaterial.KeyMaterialStore;
import dev.arca.server.lease.DynamicLeases;
import dev.arca.server.lease.LeaseBackend;
import dev.arca.server.route.Route;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.vaults.VaultService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Dynamic database credentials as an engine, mounted at {@code /v1/vaults/{vault}/database/…}
 * ({@code docs/API-database.md}): connections whose root passwords are key material of engine {@value #MOUNT},
 * roles, credentials on leases that the lease subsystem revokes through {@link #leaseBackend}, the sweep of users
 * whose creation was interrupted, and static roles whose users' passwords it rotates.
 */
public final class DatabaseEngine implements Engine, AutoCloseable {
    public static final String MOUNT = "database";
    static final String PREFIX = "/v1/vaults/{vault}/" + MOUNT;
    /** How often due static-role rotations are looked for. */
    static final Duration STATIC_ROTATION_INTERVAL = Duration.ofSeconds(5);

    private final List<Route> routes;
    private final List<PeriodicJob> jobs;
    private final DatabaseLeaseBackend backend;
    private final Clients clients;
    private final DatabaseUsers users;

    private DatabaseEngine(List<Route> routes, List<PeriodicJob> jobs, DatabaseLeaseBackend backend,
            Clients clients, DatabaseUsers users) {
        this.routes = List.copyOf(routes);
        this.jobs = List.copyOf(jobs);
        this.backend = backend;
        this.clients = clients;
        this.users = users;
    }

    public static DatabaseEngine mount(Database db, VaultService vaults, SealService seal, Clock clock,
            List<DatabasePlugin> plugins) {
        var known = new Plugins(plugins);
        var passwords = new RootPasswords(new KeyMaterialStore(db, seal, MOUNT), clock);
        var clients = new Clients(known, passwords);
        var connections = new ConnectionService(db, vaults, passwords, clients, clock);
        var roles = new RoleService(db, connections, clients, known, clock);
        var credentials = new CredentialService(db, connections, roles, clients, known, new DynamicLeases(db, clock),
                clock);
        var backend = new DatabaseLeaseBackend(connections, clients);
        var routes = new ArrayList<Route>();
        routes.addAll(ConnectionRoutes.routes(connections));
        routes.addAll(RoleRoutes.routes(roles));
        routes.addAll(CredsRoutes.routes(credentials));
        var staticRoles = new StaticRoleService(db, connections, passwords, clients, clock);
        routes.addAll(StaticRoleRoutes.routes(staticRoles));
        seal.onChange(clients::close);
        var jobs = List.of(new IntentSweep(db, backend, clock).job(),
                new PeriodicJob("arca-database-static-rotation", STATIC_ROTATION_INTERVAL, staticRoles::rotateDue));
        return new DatabaseEngine(routes, jobs, backend, clients, new DatabaseUsers(connections, clients));
    }

    /** The users of the vaults' connections, for the rotation engine's database policies. */
    public DatabaseUsers users() {
        return users;
    }

    /** What the lease subsystem revokes and renews this engine's credentials through. */
    public LeaseBackend leaseBackend() {
        return backend;
    }

    @Override
    public String mount() {
        return MOUNT;
    }

    @Override
    public List<Route> routes() {
        return routes;
    }

    @Override
    public List<PeriodicJob> jobs() {
        return jobs;
    }

    /** Closes every database client (after the jobs stopped). */
    @Override
    public void close() {
        clients.close();
    }
}
