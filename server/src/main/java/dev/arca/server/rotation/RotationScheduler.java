package dev.arca.server.rotation;

import dev.arca.api.Rotation;
import dev.arca.api.WatchEvent;
import dev.arca.server.seal.SealService;
import dev.arca.server.secrets.SecretEvents;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The rotation job's round, every second on each node: covers what prefix and tag assignments gained (every
 * {@link #RECONCILE_EVERY} rounds), tells the warnings due, starts the rotations due and takes over runs whose
 * node stopped. It reads only what is due (both times are indexed), and every take is a conditional update, so
 * nodes sharing one database rotate each due secret once between them. Nothing runs while sealed.
 */
final class RotationScheduler {
    static final int RECONCILE_EVERY = 10;
    static final int BATCH = 100;

    private final SealService seal;
    private final Rotator rotator;
    private final AssignmentService assignments;
    private final SecretEvents events;
    private final PolicyStore policies;
    private final CoverageStore coverage;
    private final Clock clock;
    private int rounds;

    RotationScheduler(Database db, SealService seal, Rotator rotator, AssignmentService assignments,
            SecretEvents events, Clock clock) {
        this.seal = seal;
        this.rotator = rotator;
        this.assignments = assignments;
        this.events = events;
        this.policies = new PolicyStore(db);
        this.coverage = new CoverageStore(db);
        this.clock = clock;
    }

    void round() {
        if (seal.isSealed()) {
            return;
        }
        if (rounds++ % RECONCILE_EVERY == 0) {
            assignments.reconcile();
        }
        warn();
        rotateDue();
        rotator.resumeReady(BATCH);
    }

    /** Starts and drives a run of every secret due now; returns how many this node started. */
    int rotateDue() {
        Map<String, Optional<PolicyStore.Row>> known = new HashMap<>();
        int started = 0;
        for (CoverageStore.Row row : coverage.due(clock.instant(), BATCH)) {
            Optional<PolicyStore.Row> policy = known.computeIfAbsent(row.policyId(), policies::byId);
            if (policy.isEmpty()) {
                continue;
            }
            Optional<RunStore.Row> run = rotator.start(row, policy.get(), "schedule", row.nextRotationAt());
            if (run.isPresent()) {
                started++;
                if (run.get().open()) {
                    rotator.drive(run.get().id());
                }
            }
        }
        return started;
    }

    /** Tells every warning due now once ({@code rotation_due}); returns how many this node told. */
    int warn() {
        Instant now = clock.instant();
        int told = 0;
        for (CoverageStore.Row row : coverage.warningsDue(now, BATCH)) {
            Optional<PolicyStore.Row> policy = policies.byId(row.policyId());
            Instant seen = row.nextWarningAt();
            if (policy.isEmpty() || seen == null) {
                continue;
            }
            Instant next = Rotator.warning(policy.get(), row.nextRotationAt(), now);
            if (coverage.moveWarning(row.secretId(), seen, next)) {
                String path = coverage.path(row.secretId()).orElse(row.secretId());
                events.rotationNotice(row.vaultId(), row.secretId(), path, WatchEvent.ROTATION_DUE,
                        new Rotation.Notice(policy.get().name(), row.runId(), row.nextRotationAt(), null));
                told++;
            }
        }
        return told;
    }
}
