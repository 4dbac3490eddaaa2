package dev.arca.server.rotation;

import dev.arca.api.ErrorCode;
import dev.arca.api.Rotation;
import dev.arca.api.Secret;
import dev.arca.api.WatchEvent;
import dev.arca.server.error.ArcaException;
import dev.arca.server.seal.SealService;
import dev.arca.server.secrets.SecretEvents;
import dev.arca.server.secrets.SecretRotation;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs, as a persisted state machine per secret: {@code pending} (candidate stored, encrypted, not served) →
 * {@code set} (applied to the target) → {@code tested} (it works there) → {@code finished} (the secret's current
 * version; the old one previous for the grace). Each step is committed before the next begins, so a node that dies
 * at any point leaves a run another node (or this one, restarted) takes over once its claim lapses: a pending or
 * set run applies and tests the same candidate again, a tested one finishes. A failed attempt drops its candidate
 * (kept aside only as "unconfirmed" when the target may hold it, to be settled by a login); after the policy's
 * attempts the run fails, the current value untouched, and the secret is due again one period later.
 */
final class Rotator {
    /**
     * How long a node holds a run it drives before another may take it over; renewed before each step, so only a
     * node that stopped (or one step longer than this) loses it — and a run ends once only ({@link RunStore#end}).
     */
    static final Duration CLAIM = Duration.ofSeconds(15);
    /** The wait after a failed attempt n: {@code RETRY · 2^(n-1)}. */
    static final Duration RETRY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(Rotator.class);

    private final Database db;
    private final SealService seal;
    private final SecretService secrets;
    private final SecretRotation rotation;
    private final SecretEvents events;
    private final PolicyStore policies;
    private final AssignmentStore assignments;
    private final CoverageStore coverage;
    private final RunStore runs;
    private final Function<PolicyStore.Row, RotationTarget> targets;
    private final Clock clock;

    Rotator(Database db, SealService seal, SecretService secrets, SecretEvents events,
            Function<PolicyStore.Row, RotationTarget> targets, Clock clock) {
        this.db = db;
        this.seal = seal;
        this.secrets = secrets;
        this.rotation = new SecretRotation(secrets);
        this.events = events;
        this.policies = new PolicyStore(db);
        this.assignments = new AssignmentStore(db);
        this.coverage = new CoverageStore(db);
        this.runs = new RunStore(db);
        this.targets = targets;
        this.clock = clock;
    }

    /**
     * Starts a run of a covered secret (joining the caller's transaction, if any): its candidate made and stored,
     * the secret claimed for it. Empty when another run holds the secret, when {@code seenDue} is no longer its
     * due time (another node rotated it), or when the secret is gone (it then leaves its policy).
     */
    Optional<RunStore.Row> start(CoverageStore.Row covered, PolicyStore.Row policy, String trigger,
            @Nullable Instant seenDue) {
        return db.inTransaction(() -> {
            Optional<Secret> current = currentOrForget(covered);
            if (current.isEmpty()) {
                return Optional.<RunStore.Row>empty();
            }
            String runId = Ids.newId("rot_");
            if (!coverage.claim(covered.secretId(), runId, seenDue)) {
                return Optional.<RunStore.Row>empty();
            }
            Instant now = clock.instant();
            Secret secret = current.get();
            Candidate candidate = null;
            RunFailure failure = null;
            try {
                candidate = targets.apply(policy).candidate(secret);
            } catch (RunFailure lasting) {
                failure = lasting;
            }
            var run = new RunStore.Row(runId, policy.vaultId(), policy.id(), policy.name(), secret.id(),
                    secret.path(), Rotation.PENDING, trigger, 1, secret.version(), null,
                    candidate == null ? null : candidate.seal(seal, policy.vaultId(), runId, secret.id()), null, null,
                    now, null, now, now.plus(CLAIM));
            runs.insert(run);
            if (failure != null) {
                fail(run, policy, String.valueOf(failure.getMessage()));
                return runs.byId(runId);
            }
            return Optional.of(run);
        });
    }

    /** Takes over the open runs that are due a step and that no node holds, and drives each. */
    int resumeReady(int limit) {
        int driven = 0;
        Instant now = clock.instant();
        for (RunStore.Row run : runs.ready(now, limit)) {
            if (runs.claim(run.id(), now, now.plus(CLAIM))) {
                drive(run.id());
                driven++;
            }
        }
        return driven;
    }

    /** Moves a run this node holds through its remaining steps, or to its next attempt, or to its end. */
    void drive(String runId) {
        RunStore.Row run = runs.byId(runId).orElseThrow();
        if (!run.open()) {
            return;
        }
        Optional<PolicyStore.Row> policy = policies.byId(run.policyId());
        if (policy.isEmpty()) {
            db.inTransaction(() -> {
                fail(run, null, "its rotation policy was deleted");
                return null;
            });
            return;
        }
        RotationTarget target = targets.apply(policy.get());
        // whether the target may hold the candidate (it was set, now or before a crash): a failure then keeps it
        boolean targetMayHold = false;
        try {
            Secret current = current(run);
            Candidate candidate;
            String status = run.status();
            int attempts = run.candidate() == null ? run.attempts() + 1 : run.attempts();
            if (run.candidate() == null) {
                candidate = nextAttempt(run, attempts, target, current);
                status = Rotation.PENDING;
            } else {
                candidate = open(run, run.candidate());
            }
            if (Rotation.PENDING.equals(status)) {
                Candidate lingering = run.unconfirmed() == null ? null : open(run, run.unconfirmed());
                if (lingering != null && target.holds(current, lingering)) {
                    // an earlier attempt's change reached the target after all: that is what it holds now
                    candidate = lingering;
                    runs.attempt(runId, attempts, lingering.seal(seal, run.vaultId(), runId, run.secretId()), null,
                            current.version());
                } else {
                    targetMayHold = true;
                    hold(runId);
                    target.set(current, candidate);
                }
                runs.step(runId, Rotation.SET);
                status = Rotation.SET;
            }
            if (Rotation.SET.equals(status)) {
                hold(runId);
                if (!target.test(current, candidate)) {
                    targetMayHold = true;
                    throw RunFailure.retry("the new value was set but did not work where it is used (the login "
                            + "with it failed)");
                }
                runs.step(runId, Rotation.TESTED);
            }
            hold(runId);
            finish(runId, policy.get(), target, candidate);
        } catch (RunFailure failure) {
            attemptFailed(runs.byId(runId).orElseThrow(), policy.get(), failure,
                    targetMayHold && target.setMayLinger());
        } catch (ArcaException e) {
            // sealed or the database down mid-run: the run stays claimed and is taken over when the claim lapses
            LOG.warn("rotation run {} paused ({}); it resumes once its claim lapses", runId, e.getMessage());
        } catch (RuntimeException e) {
            // anything else is a failed attempt, counted like the others: never a run retried forever
            LOG.warn("rotation run {} attempt failed unexpectedly ({}: {})", runId, e.getClass().getSimpleName(),
                    e.getMessage());
            attemptFailed(runs.byId(runId).orElseThrow(), policy.get(), RunFailure.retry("unexpected failure ("
                    + e.getClass().getSimpleName() + "); see the server log"),
                    targetMayHold && target.setMayLinger());
        }
    }

    /** Renews this node's claim before a step; a run another node took meanwhile is left to it. */
    private void hold(String runId) {
        Instant now = clock.instant();
        if (!runs.extend(runId, now, now.plus(CLAIM))) {
            throw new ArcaException(ErrorCode.CONFLICT, "another node took the run over");
        }
    }

    private Candidate nextAttempt(RunStore.Row run, int attempts, RotationTarget target, Secret current) {
        Candidate candidate = target.candidate(current);
        runs.attempt(run.id(), attempts, candidate.seal(seal, run.vaultId(), run.id(), run.secretId()),
                run.unconfirmed(), current.version());
        return candidate;
    }

    private void finish(String runId, PolicyStore.Row policy, RotationTarget target, Candidate candidate) {
        Instant now = clock.instant();
        Schedule schedule = policy.schedule();
        db.inTransaction(() -> {
            RunStore.Row run = runs.byId(runId).orElseThrow();
            Integer expected = target.finishesFromBase() ? run.baseVersion() : null;
            if (!runs.end(runId, Rotation.FINISHED, null, null, now)) {
                return null;
            }
            var notice = new Rotation.Notice(policy.name(), runId, null, null);
            int version = rotation.finishRun(run.secretId(), expected, candidate.value(), policy.grace(),
                    "rotation:" + policy.name(), "rotation policy " + policy.name(), notice)
                    .orElseThrow(() -> RunFailure.retry("the secret was written or deleted during the rotation; "
                            + "the next attempt starts from its new current value"));
            runs.finished(runId, version);
            Instant next = schedule.next(now);
            coverage.release(run.secretId(), runId, Rotation.FINISHED, now, next, warning(policy, next, now));
            return null;
        });
    }

    private void attemptFailed(RunStore.Row run, PolicyStore.Row policy, RunFailure failure, boolean mayLinger) {
        String message = String.valueOf(failure.getMessage());
        db.inTransaction(() -> {
            if (failure.lasting() || run.attempts() >= policy.maxAttempts()) {
                fail(run, policy, message);
            } else {
                Duration wait = RETRY.multipliedBy(1L << Math.min(run.attempts() - 1, 10));
                runs.retryLater(run.id(), message, clock.instant().plus(wait), mayLinger);
                LOG.warn("rotation run {} of {} failed attempt {} of {}, tried again in {}s: {}", run.id(),
                        run.path(), run.attempts(), policy.maxAttempts(), wait.toSeconds(), message);
            }
            return null;
        });
    }

    /** Ends a run as failed (inside a transaction): the current value stays, the secret is due again later. */
    private void fail(RunStore.Row run, PolicyStore.@Nullable Row policy, String message) {
        Instant now = clock.instant();
        if (!runs.end(run.id(), Rotation.FAILED, null, message, now)) {
            return;
        }
        if (policy != null) {
            Instant next = policy.schedule().next(now);
            coverage.release(run.secretId(), run.id(), Rotation.FAILED, null, next, warning(policy, next, now));
        }
        LOG.warn("rotation run {} of {} failed: {}", run.id(), run.path(), message);
        String policyName = run.policyName();
        db.afterCommit(() -> events.rotationNotice(run.vaultId(), run.secretId(), run.path(),
                WatchEvent.ROTATION_FAILED, new Rotation.Notice(policyName, run.id(), null, message)));
    }

    static @Nullable Instant warning(PolicyStore.Row policy, Instant due, Instant now) {
        return Warnings.next(policy.warnings(), Rotation.PUSH.equals(policy.kind()), due, now);
    }

    private Secret current(RunStore.Row run) {
        try {
            return secrets.readById(run.secretId(), Optional.empty());
        } catch (ArcaException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw RunFailure.lasting("secret " + run.path() + " was deleted");
            }
            throw e;
        }
    }

    /** The secret's current value; a deleted one leaves its policy (a prefix or tag covers it again if undeleted). */
    private Optional<Secret> currentOrForget(CoverageStore.Row covered) {
        try {
            return Optional.of(secrets.readById(covered.secretId(), Optional.empty()));
        } catch (ArcaException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            coverage.delete(covered.secretId());
            assignments.deleteSecret(covered.assignmentId());
            return Optional.empty();
        }
    }

    private Candidate open(RunStore.Row run, byte[] ciphertext) {
        return Candidate.open(seal, run.vaultId(), run.id(), run.secretId(), ciphertext);
    }
}
