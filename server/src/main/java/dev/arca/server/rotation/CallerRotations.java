package dev.arca.server.rotation;

import dev.arca.api.Rotation;
import dev.arca.server.error.ArcaException;
import dev.arca.server.secrets.RotationHooks;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The secrets side of rotation ({@link RotationHooks}): metadata shows a covered secret's policy and next
 * rotation; a caller's rotate counts as a finished run ({@code trigger: rotate}) and moves the next one on (the way
 * a push policy's value arrives); a secret whose rotation a database policy does, or that a run holds, refuses a
 * caller's value.
 */
final class CallerRotations implements RotationHooks {
    private final PolicyStore policies;
    private final CoverageStore coverage;
    private final RunStore runs;
    private final Clock clock;

    CallerRotations(Database db, Clock clock) {
        this.policies = new PolicyStore(db);
        this.coverage = new CoverageStore(db);
        this.runs = new RunStore(db);
        this.clock = clock;
    }

    @Override
    public Rotation.@Nullable State state(String secretId) {
        Optional<CoverageStore.Row> covered = coverage.find(secretId);
        if (covered.isEmpty()) {
            return null;
        }
        CoverageStore.Row row = covered.get();
        String policy = policies.byId(row.policyId()).map(PolicyStore.Row::name).orElse(row.policyId());
        return new Rotation.State(policy, row.nextRotationAt(), row.lastRotatedAt(), row.lastStatus(), row.runId());
    }

    @Override
    public void beforeCallerRotate(String secretId, String path) {
        Optional<CoverageStore.Row> covered = coverage.find(secretId);
        if (covered.isEmpty()) {
            return;
        }
        if (covered.get().runId() != null) {
            throw ArcaException.conflict("rotation run " + covered.get().runId() + " of secret " + path + " is in "
                    + "progress; rotate it once the run ended");
        }
        if (covered.get().kind().equals(Rotation.DATABASE)) {
            String policy = policies.byId(covered.get().policyId()).map(PolicyStore.Row::name).orElse("?");
            throw ArcaException.conflict("secret " + path + " holds a database password that rotation policy "
                    + policy + " sets; rotate it with: arca rotation trigger " + policy + " --secret " + path);
        }
    }

    @Override
    public void callerRotated(String vaultId, String secretId, String path, int version, String by) {
        Optional<CoverageStore.Row> covered = coverage.find(secretId);
        if (covered.isEmpty()) {
            return;
        }
        Optional<PolicyStore.Row> policy = policies.byId(covered.get().policyId());
        if (policy.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        runs.insert(new RunStore.Row(Ids.newId("rot_"), vaultId, policy.get().id(), policy.get().name(), secretId,
                path, Rotation.FINISHED, "rotate", 1, version - 1, version, null, null, null, now, now, null, null));
        Instant next = policy.get().schedule().next(now);
        coverage.rotatedByCaller(secretId, now, next, Rotator.warning(policy.get(), next, now));
    }
}
