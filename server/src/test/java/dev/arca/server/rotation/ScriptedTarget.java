package dev.arca.server.rotation;

import dev.arca.api.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * A target that holds one value, as a database user holds one password, and fails or "dies" on cue: what the run
 * state machine is tested against, step by step. {@link Crash} stands for the node's process ending at that point:
 * nothing after it runs on that node.
 */
final class ScriptedTarget implements RotationTarget {
    /** The node died here. */
    static final class Crash extends Error {
        Crash(String where) {
            super("the node died " + where);
        }
    }

    enum Cue { NONE, CRASH_AFTER_SET, CRASH_IN_TEST, REFUSE_SET, SET_THEN_FAIL }

    private final AtomicInteger made = new AtomicInteger();
    @Nullable String held;
    /** What the next {@link #set} does, {@link #times} times over (then NONE). */
    Cue cue = Cue.NONE;
    int times = 1;
    private boolean crashInTest;
    final List<String> setCalls = new ArrayList<>();

    ScriptedTarget(@Nullable String held) {
        this.held = held;
    }

    /** Numbers candidates from 1 again: the one an assignment makes to check the secret is rotatable is not a run's. */
    void renumber() {
        made.set(0);
    }

    @Override
    public Candidate candidate(Secret current) {
        return Candidate.single(current.type(), "candidate-" + made.incrementAndGet());
    }

    @Override
    public synchronized void set(Secret current, Candidate candidate) {
        String value = candidate.value().text();
        setCalls.add(value);
        Cue now = times > 0 ? cue : Cue.NONE;
        if (now != Cue.NONE && --times == 0) {
            cue = Cue.NONE;
        }
        switch (now) {
            case REFUSE_SET -> throw RunFailure.retry("the target refused it");
            case SET_THEN_FAIL -> {
                held = value;
                throw RunFailure.retry("the connection dropped after the change");
            }
            case CRASH_AFTER_SET -> {
                held = value;
                throw new Crash("after the target took the value");
            }
            case CRASH_IN_TEST -> {
                held = value;
                crashInTest = true;
            }
            default -> held = value;
        }
    }

    @Override
    public synchronized boolean test(Secret current, Candidate candidate) {
        if (crashInTest) {
            crashInTest = false;
            throw new Crash("while testing the value the target took");
        }
        return candidate.value().text().equals(held);
    }

    @Override
    public synchronized boolean holds(Secret current, Candidate candidate) {
        return !current.value().reveal().equals(held) && candidate.value().text().equals(held);
    }

    @Override
    public boolean finishesFromBase() {
        return false;
    }

    @Override
    public boolean setMayLinger() {
        return true;
    }
}
