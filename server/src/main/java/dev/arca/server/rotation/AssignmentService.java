package dev.arca.server.rotation;

import dev.arca.api.ErrorCode;
import dev.arca.api.Rotation;
import dev.arca.api.Secret;
import dev.arca.api.SecretMetadata;
import dev.arca.server.error.ArcaException;
import dev.arca.server.keymaterial.KeyMaterialStore;
import dev.arca.server.seal.SealService;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import dev.arca.server.transit.TransitService;
import dev.arca.server.vaults.VaultService;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * {@code …/policies/{name}/assign} and {@code …/unassign}: a policy covers a secret (by path or id), the secrets
 * under a prefix or those with a tag — those made or tagged later too, which {@link #reconcile} adds. A secret is
 * covered by one policy at most; an assignment that would cover one another policy covers is refused, naming it.
 */
final class AssignmentService {
    private static final int NAMED_IN_CONFLICT = 5;

    private final Database db;
    private final VaultService vaults;
    private final SecretService secrets;
    private final PolicyService policyService;
    private final PolicyStore policies;
    private final AssignmentStore assignments;
    private final CoverageStore coverage;
    private final Function<PolicyStore.Row, RotationTarget> targets;
    /** Transit keys, which live beside secrets under paths of their own and rotate in the transit engine. */
    private final KeyMaterialStore transitKeys;
    private final Clock clock;

    AssignmentService(Database db, VaultService vaults, SecretService secrets, PolicyService policyService,
            Function<PolicyStore.Row, RotationTarget> targets, SealService seal, Clock clock) {
        this.db = db;
        this.vaults = vaults;
        this.secrets = secrets;
        this.policyService = policyService;
        this.policies = new PolicyStore(db);
        this.assignments = new AssignmentStore(db);
        this.coverage = new CoverageStore(db);
        this.targets = targets;
        this.transitKeys = new KeyMaterialStore(db, seal, TransitService.ENGINE);
        this.clock = clock;
    }

    Rotation.Assignment assign(String vaultRef, String policyName, Rotation.Assign request) {
        String vaultId = vaults.idOf(vaultRef);
        PolicyStore.Row policy = policyService.row(vaultId, policyName);
        Target target = target(vaultRef, request);
        if (assignments.find(vaultId, target.type(), target.value()).isPresent()) {
            throw ArcaException.conflict(target.described() + " is assigned already" + coveringPolicy(vaultId,
                    target));
        }
        Instant now = clock.instant();
        var row = new AssignmentStore.Row(Ids.newId("rotasg_"), vaultId, policy.id(), target.type(), target.value(),
                now);
        Instant next = policy.schedule().next(now);
        Instant warning = Rotator.warning(policy, next, now);
        db.inTransaction(() -> {
            if (target.type().equals(AssignmentStore.SECRET)) {
                coverage.find(target.value()).ifPresent(covered -> {
                    throw ArcaException.conflict("secret " + target.path() + " is covered by rotation policy "
                            + policyNameOf(covered.policyId()) + " already; a secret has one policy at most");
                });
                refuseIfUnrotatable(policy, target);
                assignments.insert(row);
                coverage.insert(new CoverageStore.Row(target.value(), vaultId, policy.id(), row.id(), policy.kind(),
                        next, warning, null, null, null));
            } else {
                refuseOverlaps(policy, row);
                assignments.insert(row);
                coverage.coverMatching(row, policy.kind(), next, warning);
            }
            return null;
        });
        return view(row, coverage);
    }

    void unassign(String vaultRef, String policyName, Rotation.Assign request) {
        String vaultId = vaults.idOf(vaultRef);
        PolicyStore.Row policy = policyService.row(vaultId, policyName);
        Target target = target(vaultRef, request);
        AssignmentStore.Row row = assignments.find(vaultId, target.type(), target.value())
                .filter(found -> found.policyId().equals(policy.id()))
                .orElseThrow(() -> ArcaException.notFound(target.described() + " is not assigned to rotation policy "
                        + policyName));
        coverage.ofPolicy(policy.id()).stream()
                .filter(covered -> covered.assignmentId().equals(row.id()) && covered.runId() != null)
                .findFirst().ifPresent(covered -> {
                    throw ArcaException.conflict("rotation run " + covered.runId() + " is in progress; unassign "
                            + "once it ended");
                });
        db.inTransaction(() -> {
            coverage.deleteOfAssignment(row.id());
            assignments.delete(row.id());
            return null;
        });
    }

    /** Covers the secrets made, undeleted or tagged since the last pass under every prefix and tag assignment. */
    int reconcile() {
        int covered = 0;
        Instant now = clock.instant();
        for (AssignmentStore.Row row : assignments.covering()) {
            Optional<PolicyStore.Row> policy = policies.byId(row.policyId());
            if (policy.isPresent()) {
                Instant next = policy.get().schedule().next(now);
                covered += coverage.coverMatching(row, policy.get().kind(), next,
                        Rotator.warning(policy.get(), next, now));
            }
        }
        return covered;
    }

    static Rotation.Assignment view(AssignmentStore.Row row, CoverageStore coverage) {
        String path = row.type().equals(AssignmentStore.SECRET) ? coverage.path(row.target()).orElse(null) : null;
        return new Rotation.Assignment(row.id(), row.type(), row.target(), path, row.createdAt());
    }

    /** What an assign or unassign request names: a secret (its id, resolved from a path), a prefix or a tag. */
    private record Target(String type, String value, @Nullable String path) {
        String described() {
            return switch (type) {
                case AssignmentStore.SECRET -> "secret " + path;
                case AssignmentStore.PREFIX -> "prefix " + value;
                default -> "tag " + value;
            };
        }
    }

    private Target target(String vaultRef, Rotation.Assign request) {
        int given = (request.secret() != null ? 1 : 0) + (request.prefix() != null ? 1 : 0)
                + (request.tag() != null ? 1 : 0);
        if (given != 1) {
            throw ArcaException.invalid("secret", "give exactly one of 'secret' (a path or an id), 'prefix' and "
                    + "'tag'");
        }
        if (request.prefix() != null) {
            String prefix = request.prefix().strip();
            if (prefix.isEmpty() || prefix.startsWith("/") || prefix.length() > 512) {
                throw ArcaException.invalid("prefix", "prefix is the start of secret paths, e.g. app/ (not empty, "
                        + "no leading '/')");
            }
            return new Target(AssignmentStore.PREFIX, prefix, null);
        }
        if (request.tag() != null) {
            if (request.tag().isBlank() || request.tag().length() > 128) {
                throw ArcaException.invalid("tag", "tag is a secret tag of 1-128 characters");
            }
            return new Target(AssignmentStore.TAG, request.tag(), null);
        }
        SecretMetadata secret;
        try {
            secret = SecretRefs.metadata(secrets, vaults, vaultRef, request.secret());
        } catch (ArcaException e) {
            if (e.code() == ErrorCode.NOT_FOUND && transitKeys.byName(vaults.idOf(vaultRef),
                    request.secret()).isPresent()) {
                throw ArcaException.conflict(request.secret() + " is a transit key: rotate it with arca transit "
                        + "rotate, not a rotation policy");
            }
            throw e;
        }
        if (secret.destroyed()) {
            throw ArcaException.conflict("secret " + secret.path() + " was destroyed; it cannot rotate");
        }
        if (secret.deleted()) {
            throw ArcaException.conflict("secret " + secret.path() + " is deleted; undelete it to rotate it");
        }
        if (secret.type().equals("transit_key")) {
            throw ArcaException.conflict("secret " + secret.path() + " is a transit key: rotate it with arca "
                    + "transit rotate, not a rotation policy");
        }
        return new Target(AssignmentStore.SECRET, secret.id(), secret.path());
    }

    /** 409 when the policy cannot rotate the secret: a field it generates is missing, its user does not exist. */
    private void refuseIfUnrotatable(PolicyStore.Row policy, Target target) {
        if (policy.kind().equals(Rotation.PUSH)) {
            return;
        }
        RotationTarget rotates = targets.apply(policy);
        Secret current = secrets.readById(target.value(), Optional.empty());
        try {
            rotates.candidate(current);
        } catch (RunFailure e) {
            throw ArcaException.conflict(e.getMessage());
        }
        if (rotates instanceof DatabaseTarget database) {
            database.checkAssignable(current);
        }
    }

    private void refuseOverlaps(PolicyStore.Row policy, AssignmentStore.Row row) {
        if (row.type().equals(AssignmentStore.PREFIX)) {
            for (AssignmentStore.Row other : assignments.prefixes(row.vaultId())) {
                boolean overlaps = other.target().startsWith(row.target()) || row.target().startsWith(other.target());
                if (overlaps && !other.policyId().equals(policy.id())) {
                    throw ArcaException.conflict("prefix " + row.target() + " overlaps prefix " + other.target()
                            + " of rotation policy " + policyNameOf(other.policyId()) + "; a secret has one policy "
                            + "at most");
                }
            }
        }
        List<String> elsewhere = coverage.coveredElsewhere(row, NAMED_IN_CONFLICT);
        if (!elsewhere.isEmpty()) {
            throw ArcaException.conflict((row.type().equals(AssignmentStore.PREFIX) ? "prefix " : "tag ")
                    + row.target() + " would cover secrets another rotation policy covers: "
                    + String.join(", ", elsewhere) + "; a secret has one policy at most");
        }
    }

    private String coveringPolicy(String vaultId, Target target) {
        return assignments.find(vaultId, target.type(), target.value())
                .map(row -> " (to rotation policy " + policyNameOf(row.policyId()) + ")").orElse("");
    }

    private String policyNameOf(String policyId) {
        return policies.byId(policyId).map(PolicyStore.Row::name).orElse(policyId);
    }
}
