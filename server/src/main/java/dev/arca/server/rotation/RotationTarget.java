package dev.arca.server.rotation;

import dev.arca.api.Secret;

/**
 * Where a policy's rotation is applied: what the candidate is made of, how it is set and tested. A method that
 * cannot do its part throws {@link RunFailure} with a message that names no value.
 */
interface RotationTarget {
    /** The candidate made from the secret's current value. */
    Candidate candidate(Secret current);

    /** Applies the candidate where it is used (a database user's password); nothing for a generated value. */
    void set(Secret current, Candidate candidate);

    /** Whether the candidate works where it is used (a login). */
    boolean test(Secret current, Candidate candidate);

    /**
     * Whether the target holds {@code candidate} rather than the current value: a change that may have reached it
     * although its answer was an error.
     */
    boolean holds(Secret current, Candidate candidate);

    /**
     * Whether the run must finish from the version its candidate was made from: a generated value keeps fields of
     * that version, so a write in between fails the attempt; a value already set on a target finishes whatever was
     * written meanwhile.
     */
    boolean finishesFromBase();

    /** Whether an attempt that failed after {@link #set} may have left the candidate on the target. */
    boolean setMayLinger();
}
