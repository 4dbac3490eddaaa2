package dev.arca.sdk;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.arca.api.Page;
import dev.arca.api.Rotation;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Rotation policies of one vault ({@code /v1/vaults/{vault}/rotation/…}, {@code docs/API-rotation.md}): when
 * secrets rotate (an interval or a cron schedule), what a rotation produces (a generated value, a database user's
 * new password, or a value a caller pushes), how long the replaced version stays readable, and the history of runs.
 * Writes are the records of {@link Rotation}, with builders:
 *
 * <pre>{@code
 * var rotation = client.rotation();
 * rotation.putPolicy("api-keys", Rotation.PolicyWrite.every(Duration.ofDays(90)).grace(Duration.ofHours(48))
 *         .warnBefore(Duration.ofDays(7), Duration.ofDays(1)).generate(null).build());
 * rotation.assign("api-keys", Rotation.Assign.prefix("app/"));
 * for (Rotation.Run run : rotation.trigger("api-keys", Rotation.Trigger.all()).runs()) {
 *     Rotation.Run done = rotation.awaitRun(run.id(), Duration.ofSeconds(60));
 * }
 * }</pre>
 *
 * <p>A run's value never comes back here: read the secret for it. Reached by {@link ArcaClient#rotation()};
 * immutable.
 */
public final class RotationOperations {
    static final TypeReference<Page<Rotation.Policy>> POLICIES = new TypeReference<>() {};
    static final TypeReference<Page<Rotation.Run>> RUNS = new TypeReference<>() {};
    static final TypeReference<Page<Rotation.Due>> DUE = new TypeReference<>() {};
    /** The first pause of {@link #awaitRun}; each next one doubles, up to {@link #LONGEST_POLL}. */
    static final Duration FIRST_POLL = Duration.ofMillis(200);
    static final Duration LONGEST_POLL = Duration.ofSeconds(1);

    private final HttpTransport transport;
    private final @Nullable String vault;
    private final RotationTargets targets;

    RotationOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
        this.targets = new RotationTargets(vault);
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public RotationOperations withVault(String vault) {
        return new RotationOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    // Policies

    /**
     * {@code PUT /v1/vaults/{vault}/rotation/policies/{name}}: creates or replaces a policy; a replaced one keeps its
     * assignments, and every covered secret's next rotation is computed again from its last one.
     *
     * @throws ValidationException naming the field: an interval under {@code 1h}, a schedule that is not 5-field
     *     cron, a window or warn-before point not shorter than the period, a database policy without a connection
     */
    public Rotation.Policy putPolicy(String name, Rotation.PolicyWrite write) {
        return transport.call("PUT", targets.policy(name), Objects.requireNonNull(write, "write"),
                Rotation.Policy.class);
    }

    /** {@code GET /v1/vaults/{vault}/rotation/policies/{name}}: one policy, its assignments and what it covers. */
    public Rotation.Policy policy(String name) {
        return transport.call("GET", targets.policy(name), null, Rotation.Policy.class);
    }

    /** {@code GET /v1/vaults/{vault}/rotation/policies}: the vault's policies. */
    public Page<Rotation.Policy> policies() {
        return transport.call("GET", targets.at("policies"), null, POLICIES);
    }

    /**
     * {@code DELETE /v1/vaults/{vault}/rotation/policies/{name}}: the policy and its assignments; its secrets keep
     * their values and rotate no more.
     *
     * @throws ConflictException while one of its runs is in progress
     */
    public void deletePolicy(String name) {
        transport.call("DELETE", targets.policy(name), null);
    }

    // Assignments

    /**
     * {@code POST …/rotation/policies/{name}/assign}: the policy covers a secret (path or id), the secrets under a
     * prefix or those with a tag, now and later. A newly covered secret first rotates one period from now.
     *
     * @throws ConflictException when a secret is already covered by another policy (the message names it), a
     *     prefix overlaps another policy's, the secret is a transit key or deleted, or a database policy's secret
     *     lacks its username or password field
     */
    public Rotation.Assignment assign(String policy, Rotation.Assign target) {
        return transport.call("POST", targets.policy(policy, "assign"), Objects.requireNonNull(target, "target"),
                Rotation.Assignment.class);
    }

    /**
     * {@code POST …/rotation/policies/{name}/unassign}: removes the assignment made with the same target.
     *
     * @throws NotFoundException when the policy has no such assignment
     */
    public void unassign(String policy, Rotation.Assign target) {
        transport.call("POST", targets.policy(policy, "unassign"), Objects.requireNonNull(target, "target"));
    }

    // Runs

    /**
     * {@code POST …/rotation/policies/{name}/trigger}: rotates now every secret the policy covers, or only those
     * named. Answers at once with the runs started (202); each moves on in the background: {@link #awaitRun}.
     *
     * @throws ConflictException when a secret has a run in progress (the message names it)
     */
    public Rotation.Triggered trigger(String policy, Rotation.Trigger trigger) {
        return transport.call("POST", targets.policy(policy, "trigger"), Objects.requireNonNull(trigger, "trigger"),
                Rotation.Triggered.class);
    }

    /** {@code GET /v1/vaults/{vault}/rotation/runs}: the newest runs of every policy, first page. */
    public Page<Rotation.Run> history() {
        return history(RotationRunQuery.all());
    }

    /** {@code GET /v1/vaults/{vault}/rotation/runs?policy=&secret=&status=&limit=&cursor=}: runs, newest first. */
    public Page<Rotation.Run> history(RotationRunQuery query) {
        return transport.call("GET", targets.runs(Objects.requireNonNull(query, "query")), null, RUNS);
    }

    /** {@code GET /v1/vaults/{vault}/rotation/runs/{id}}: one run as it stands now. */
    public Rotation.Run run(String id) {
        return transport.call("GET", targets.run(id), null, Rotation.Run.class);
    }

    /**
     * Reads the run again and again (after 200 ms, then doubling up to 1 s) until it is
     * {@link Rotation#FINISHED} or {@link Rotation#FAILED}, and returns it as it ended. A failed run is returned,
     * not thrown: its {@link Rotation.Run#error()} says why.
     *
     * @throws RotationTimeoutException when it has not ended within {@code timeout} (it goes on in the background)
     */
    public Rotation.Run awaitRun(String id, Duration timeout) {
        requirePositive(timeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration pause = FIRST_POLL;
        while (true) {
            Rotation.Run run = run(id);
            if (ended(run)) {
                return run;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new RotationTimeoutException(run, timeout);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pause.toMillis(), left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ArcaException("interrupted while waiting for rotation run " + id, e);
            }
            pause = nextPause(pause);
        }
    }

    /** {@code GET /v1/vaults/{vault}/rotation/due?within=…}: covered secrets due within the window, overdue first. */
    public Page<Rotation.Due> due(Duration within) {
        return transport.call("GET", targets.due(Objects.requireNonNull(within, "within"), null), null, DUE);
    }

    /** {@code GET /v1/vaults/{vault}/rotation/due?within=…&limit=…}: as {@link #due(Duration)}, at most limit. */
    public Page<Rotation.Due> due(Duration within, int limit) {
        return transport.call("GET", targets.due(Objects.requireNonNull(within, "within"), limit), null, DUE);
    }

    /** Whether a run has reached its end: finished, or failed after its last attempt. */
    static boolean ended(Rotation.Run run) {
        return Rotation.FINISHED.equals(run.status()) || Rotation.FAILED.equals(run.status());
    }

    static Duration nextPause(Duration pause) {
        Duration doubled = pause.multipliedBy(2);
        return doubled.compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : doubled;
    }

    static void requirePositive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be more than 0, not " + timeout);
        }
    }

    @Override
    public String toString() {
        return "RotationOperations[vault=" + vault + "]";
    }
}
