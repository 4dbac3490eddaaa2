package dev.arca.server.rotation;

import dev.arca.api.Rotation;
import dev.arca.server.database.DatabaseUsers;
import dev.arca.server.engine.Engine;
import dev.arca.server.jobs.PeriodicJob;
import dev.arca.server.route.Route;
import dev.arca.server.seal.SealService;
import dev.arca.server.seal.SealedColumn;
import dev.arca.server.secrets.PasswordGenerator;
import dev.arca.server.secrets.RotationHooks;
import dev.arca.server.secrets.SecretEvents;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.storage.Database;
import dev.arca.server.vaults.VaultService;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Rotation policies as an engine, mounted at {@code /v1/vaults/{vault}/rotation/…} ({@code docs/API-rotation.md}):
 * policies, their assignments, the runs and their history, what is due, and the scheduler that rotates. It
 * rotates the secrets engine's secrets through {@link dev.arca.server.secrets.SecretRotation} and database users'
 * passwords through {@link DatabaseUsers}; it keeps no key material of its own (a run's candidate is encrypted with
 * the vault's key, bound to the run).
 */
public final class RotationEngine implements Engine {
    public static final String MOUNT = "rotation";
    /** The runs' candidate values, and those kept unconfirmed, for the keyring rewrap. */
    public static final List<SealedColumn> SEALED_CANDIDATES = List.of(Candidate.sealedColumn("candidate"),
            Candidate.sealedColumn("unconfirmed"));
    static final String PREFIX = "/v1/vaults/{vault}/" + MOUNT;
    static final Duration ROUND = Duration.ofSeconds(1);

    private final List<Route> routes;
    private final List<PeriodicJob> jobs;
    private final RotationHooks hooks;

    private RotationEngine(List<Route> routes, List<PeriodicJob> jobs, RotationHooks hooks) {
        this.routes = List.copyOf(routes);
        this.jobs = List.copyOf(jobs);
        this.hooks = hooks;
    }

    /**
     * @param events where {@code rotated}, {@code rotation_due} and {@code rotation_failed} are announced (the
     *     change bus the secrets announce on)
     */
    public static RotationEngine mount(Database db, VaultService vaults, SealService seal, Clock clock,
            SecretService secrets, SecretEvents events, DatabaseUsers users) {
        Function<PolicyStore.Row, RotationTarget> targets = targets(users);
        var rotator = new Rotator(db, seal, secrets, events, targets, clock);
        var policies = new PolicyService(db, vaults, clock);
        var assignments = new AssignmentService(db, vaults, secrets, policies, targets, seal, clock);
        var runs = new RunService(db, vaults, secrets, policies, rotator, clock);
        var scheduler = new RotationScheduler(db, seal, rotator, assignments, events, clock);
        return new RotationEngine(RotationRoutes.routes(policies, assignments, runs),
                List.of(new PeriodicJob("arca-rotation", ROUND, scheduler::round)), new CallerRotations(db, clock));
    }

    /** The targets of the policy kinds that run: generated values and database passwords. */
    static Function<PolicyStore.Row, RotationTarget> targets(DatabaseUsers users) {
        var generator = new PasswordGenerator(new SecureRandom());
        return policy -> switch (policy.kind()) {
            case Rotation.DATABASE -> new DatabaseTarget(policy.vaultId(),
                    Objects.requireNonNull(policy.body().database(), "a database policy has its database"),
                    policy.body().generate(), users);
            case Rotation.GENERATE -> new GenerateTarget(policy.body().generate(),
                    Objects.requireNonNullElse(policy.body().fields(), PolicyRules.DEFAULT_FIELDS), generator);
            default -> throw new IllegalStateException("a " + policy.kind() + " policy has no runs");
        };
    }

    /** What the secrets engine asks of rotation; give it to {@link SecretService#useRotationHooks}. */
    public RotationHooks hooks() {
        return hooks;
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
}
