package dev.arca.sdk;

import dev.arca.api.Page;
import dev.arca.api.Rotation;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@link RotationOperations} without blocking ({@code /v1/vaults/{vault}/rotation/…}): the same requests, answers
 * and exceptions, in a future; {@link #awaitRun} waits between its reads on a timer, not on a thread. Reached by
 * {@link AsyncArcaClient#rotation()}; immutable.
 */
public final class AsyncRotationOperations {
    private final HttpTransport transport;
    private final @Nullable String vault;
    private final RotationTargets targets;

    AsyncRotationOperations(HttpTransport transport, @Nullable String vault) {
        this.transport = transport;
        this.vault = vault;
        this.targets = new RotationTargets(vault);
    }

    /** The same operations in another vault (a name or a {@code vault_…} id). */
    public AsyncRotationOperations withVault(String vault) {
        return new AsyncRotationOperations(transport, Objects.requireNonNull(vault, "vault"));
    }

    /** {@code PUT …/rotation/policies/{name}}: as {@link RotationOperations#putPolicy}. */
    public CompletableFuture<Rotation.Policy> putPolicy(String name, Rotation.PolicyWrite write) {
        return transport.callAsync("PUT", targets.policy(name), Objects.requireNonNull(write, "write"),
                Rotation.Policy.class);
    }

    /** {@code GET …/rotation/policies/{name}}: as {@link RotationOperations#policy}. */
    public CompletableFuture<Rotation.Policy> policy(String name) {
        return transport.callAsync("GET", targets.policy(name), null, Rotation.Policy.class);
    }

    /** {@code GET …/rotation/policies}: as {@link RotationOperations#policies}. */
    public CompletableFuture<Page<Rotation.Policy>> policies() {
        return transport.callAsync("GET", targets.at("policies"), null, RotationOperations.POLICIES);
    }

    /** {@code DELETE …/rotation/policies/{name}}: as {@link RotationOperations#deletePolicy}. */
    public CompletableFuture<Void> deletePolicy(String name) {
        return transport.callAsync("DELETE", targets.policy(name), null);
    }

    /** {@code POST …/rotation/policies/{name}/assign}: as {@link RotationOperations#assign}. */
    public CompletableFuture<Rotation.Assignment> assign(String policy, Rotation.Assign target) {
        return transport.callAsync("POST", targets.policy(policy, "assign"), Objects.requireNonNull(target, "target"),
                Rotation.Assignment.class);
    }

    /** {@code POST …/rotation/policies/{name}/unassign}: as {@link RotationOperations#unassign}. */
    public CompletableFuture<Void> unassign(String policy, Rotation.Assign target) {
        return transport.callAsync("POST", targets.policy(policy, "unassign"),
                Objects.requireNonNull(target, "target"));
    }

    /** {@code POST …/rotation/policies/{name}/trigger}: as {@link RotationOperations#trigger}. */
    public CompletableFuture<Rotation.Triggered> trigger(String policy, Rotation.Trigger trigger) {
        return transport.callAsync("POST", targets.policy(policy, "trigger"),
                Objects.requireNonNull(trigger, "trigger"), Rotation.Triggered.class);
    }

    /** {@code GET …/rotation/runs}: as {@link RotationOperations#history()}. */
    public CompletableFuture<Page<Rotation.Run>> history() {
        return history(RotationRunQuery.all());
    }

    /** {@code GET …/rotation/runs?…}: as {@link RotationOperations#history(RotationRunQuery)}. */
    public CompletableFuture<Page<Rotation.Run>> history(RotationRunQuery query) {
        return transport.callAsync("GET", targets.runs(Objects.requireNonNull(query, "query")), null,
                RotationOperations.RUNS);
    }

    /** {@code GET …/rotation/runs/{id}}: as {@link RotationOperations#run}. */
    public CompletableFuture<Rotation.Run> run(String id) {
        return transport.callAsync("GET", targets.run(id), null, Rotation.Run.class);
    }

    /**
     * As {@link RotationOperations#awaitRun}: completes with the run once finished or failed, or fails with
     * {@link RotationTimeoutException} after {@code timeout}.
     */
    public CompletableFuture<Rotation.Run> awaitRun(String id, Duration timeout) {
        RotationOperations.requirePositive(timeout);
        return poll(id, timeout, System.nanoTime() + timeout.toNanos(), RotationOperations.FIRST_POLL);
    }

    private CompletableFuture<Rotation.Run> poll(String id, Duration timeout, long deadline, Duration pause) {
        return run(id).thenCompose(run -> {
            if (RotationOperations.ended(run)) {
                return CompletableFuture.completedFuture(run);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return CompletableFuture.failedFuture(new RotationTimeoutException(run, timeout));
            }
            Duration wait = Duration.ofNanos(Math.min(pause.toNanos(), left));
            return transport.later(wait, () -> poll(id, timeout, deadline, RotationOperations.nextPause(pause)));
        });
    }

    /** {@code GET …/rotation/due?within=…}: as {@link RotationOperations#due(Duration)}. */
    public CompletableFuture<Page<Rotation.Due>> due(Duration within) {
        return transport.callAsync("GET", targets.due(Objects.requireNonNull(within, "within"), null), null,
                RotationOperations.DUE);
    }

    /** {@code GET …/rotation/due?within=…&limit=…}: as {@link RotationOperations#due(Duration, int)}. */
    public CompletableFuture<Page<Rotation.Due>> due(Duration within, int limit) {
        return transport.callAsync("GET", targets.due(Objects.requireNonNull(within, "within"), limit), null,
                RotationOperations.DUE);
    }

    @Override
    public String toString() {
        return "AsyncRotationOperations[vault=" + vault + "]";
    }
}
