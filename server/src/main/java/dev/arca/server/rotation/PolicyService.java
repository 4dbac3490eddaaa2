package dev.arca.server.rotation;

import dev.arca.api.Rotation;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.vaults.VaultService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code …/rotation/policies/{name}}: policies written (checked by {@link PolicyRules}), read, listed and deleted.
 * Replacing a policy reschedules every secret it covers from its last rotation (or from now, if it never rotated).
 */
final class PolicyService {
    private final Database db;
    private final VaultService vaults;
    private final PolicyStore policies;
    private final AssignmentStore assignments;
    private final CoverageStore coverage;
    private final Clock clock;

    PolicyService(Database db, VaultService vaults, Clock clock) {
        this.db = db;
        this.vaults = vaults;
        this.policies = new PolicyStore(db);
        this.assignments = new AssignmentStore(db);
        this.coverage = new CoverageStore(db);
        this.clock = clock;
    }

    Rotation.Policy put(String vaultRef, String name, Rotation.PolicyWrite write) {
        PolicyRules.checkName(name);
        String vaultId = vaults.idOf(vaultRef);
        Rotation.PolicyWrite body = PolicyRules.completed(write);
        Instant now = clock.instant();
        var existing = policies.find(vaultId, name);
        if (existing.isEmpty()) {
            policies.insert(new PolicyStore.Row(Ids.newId("rotpol_"), vaultId, name, body, now, now));
        } else {
            policies.replace(existing.get().id(), body, now);
            var replaced = policies.byId(existing.get().id()).orElseThrow();
            Schedule schedule = replaced.schedule();
            for (CoverageStore.Row row : coverage.ofPolicy(replaced.id())) {
                Instant next = schedule.next(Objects.requireNonNullElse(row.lastRotatedAt(), now));
                coverage.reschedule(row.secretId(), replaced.kind(), next, Rotator.warning(replaced, next, now));
            }
        }
        return view(row(vaultId, name));
    }

    Rotation.Policy get(String vaultRef, String name) {
        return view(row(vaults.idOf(vaultRef), name));
    }

    List<Rotation.Policy> list(String vaultRef) {
        return policies.list(vaults.idOf(vaultRef)).stream().map(this::view).toList();
    }

    /** Deletes the policy and its assignments (the history stays); 409 while one of its runs is in progress. */
    void delete(String vaultRef, String name) {
        PolicyStore.Row policy = row(vaults.idOf(vaultRef), name);
        coverage.ofPolicy(policy.id()).stream().filter(row -> row.runId() != null).findFirst().ifPresent(row -> {
            throw ArcaException.conflict("rotation run " + row.runId() + " of policy " + name + " is in progress; "
                    + "delete the policy once it ended");
        });
        db.inTransaction(() -> {
            coverage.deleteOfPolicy(policy.id());
            assignments.deleteOfPolicy(policy.id());
            policies.delete(policy.id());
            return null;
        });
    }

    PolicyStore.Row row(String vaultId, String name) {
        return policies.find(vaultId, name).orElseThrow(() -> ArcaException.notFound("no rotation policy " + name
                + " in this vault"));
    }

    private Rotation.Policy view(PolicyStore.Row row) {
        var body = row.body();
        List<Rotation.Assignment> assigned = assignments.ofPolicy(row.id()).stream()
                .map(a -> AssignmentService.view(a, coverage)).toList();
        return new Rotation.Policy(row.id(), row.name(), body.interval(), body.schedule(), body.window(),
                body.grace(), Objects.requireNonNullElse(body.warnBefore(), List.of()), row.kind(), body.generate(),
                body.fields(), body.database(), row.maxAttempts(), assigned, coverage.countOfPolicy(row.id()),
                row.createdAt(), row.updatedAt());
    }
}
