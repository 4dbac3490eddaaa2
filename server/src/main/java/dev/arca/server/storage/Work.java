package dev.arca.server.storage;

import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * One caller's share of an open transaction: the handle its reads and writes join, and the actions it asked to run
 * around the commit. In a combined transaction ({@link WriteCombiner}) several callers share one handle, each with a
 * {@code Work} of its own, so the actions of a caller whose part was rolled back to its savepoint never run as if it
 * had committed.
 */
final class Work {
    /** The work of the transaction the current thread is inside, if any. */
    static final ScopedValue<Work> CURRENT = ScopedValue.newInstance();

    final Handle handle;
    private final List<Runnable> beforeCommit = new ArrayList<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final List<Runnable> afterRollback = new ArrayList<>();

    Work(Handle handle) {
        this.handle = handle;
    }

    /** Runs {@code body} with this work as the current transaction. */
    <T, X extends Exception> T call(ScopedValue.CallableOp<T, X> body) throws X {
        return ScopedValue.where(CURRENT, this).call(body);
    }

    void beforeCommit(Runnable action) {
        beforeCommit.add(action);
    }

    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    void afterRollback(Runnable action) {
        afterRollback.add(action);
    }

    /** Runs the actions due just before the commit, inside the transaction (they may write). */
    void runBeforeCommit() {
        ScopedValue.where(CURRENT, this).run(() -> {
            for (int i = 0; i < beforeCommit.size(); i++) { // an action may add another
                beforeCommit.get(i).run();
            }
        });
    }

    void runAfterCommit() {
        afterCommit.forEach(Runnable::run);
    }

    void runAfterRollback() {
        afterRollback.forEach(Runnable::run);
    }
}
