package dev.arca.server.rotation;

import dev.arca.api.Secret;
import dev.arca.server.TestClock;
import dev.arca.server.identity.Principal;
import dev.arca.server.seal.SealService;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.vaults.VaultService;
import dev.arca.server.watch.ChangeBus;
import java.util.List;
import java.util.function.Function;

/**
 * One Arca node's rotation engine, in-process, on a real database: what a test drives by hand (the scheduler's
 * round, a run) to stop a node at a chosen step and let another take over. Two nodes over one PostgreSQL database
 * are two instances.
 */
final class RotationNode implements AutoCloseable {
    static final Principal ROOT = Principal.token(null, "root", null, List.of(Principal.ROOT_POLICY));

    final Database db;
    final SealService seal;
    final VaultService vaults;
    final SecretService secrets;
    final ChangeBus bus = new ChangeBus();
    final Rotator rotator;
    final PolicyService policies;
    final AssignmentService assignments;
    final RunService runs;
    final RotationScheduler scheduler;
    private final List<String> keys;

    private RotationNode(StorageUrl url, List<String> keys, TestClock clock,
            Function<PolicyStore.Row, RotationTarget> targets) {
        this.keys = keys;
        db = Database.open(url);
        seal = new SealService(db, "test");
        seal.unsealWith(keys);
        vaults = new VaultService(db, seal, clock);
        secrets = new SecretService(db, vaults, seal, bus, clock);
        secrets.useRotationHooks(new CallerRotations(db, clock));
        rotator = new Rotator(db, seal, secrets, bus, targets, clock);
        policies = new PolicyService(db, vaults, clock);
        assignments = new AssignmentService(db, vaults, secrets, policies, targets, seal, clock);
        runs = new RunService(db, vaults, secrets, policies, rotator, clock);
        scheduler = new RotationScheduler(db, seal, rotator, assignments, bus, clock);
    }

    /** The first node of a new database: initialised, unsealed, with vault {@code default} and project {@code app}. */
    static RotationNode first(StorageUrl url, TestClock clock, Function<PolicyStore.Row, RotationTarget> targets) {
        try (Database db = Database.open(url)) {
            var seal = new SealService(db, "test");
            List<String> keys = seal.init(1, 1).unsealKeys();
            seal.unsealWith(keys);
            var vaults = new VaultService(db, seal, clock);
            vaults.create("default");
            vaults.createProject("default", "app");
            return new RotationNode(url, keys, clock, targets);
        }
    }

    /** Another node (or this one restarted) over the same database. */
    RotationNode another(TestClock clock, Function<PolicyStore.Row, RotationTarget> targets) {
        return new RotationNode(db.url(), keys, clock, targets);
    }

    void put(String path, String value) {
        secrets.put("default", path, Secret.Put.value(value).build(), ROOT);
    }

    String value(String path) {
        return secrets.read("default", path, java.util.Optional.empty(), java.util.Optional.empty()).value()
                .reveal();
    }

    int version(String path) {
        return secrets.read("default", path, java.util.Optional.empty(), java.util.Optional.empty()).version();
    }

    @Override
    public void close() {
        bus.close();
        db.close();
    }
}
