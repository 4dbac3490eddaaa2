package dev.arca.sdk;

import dev.arca.api.Rotation;
import java.time.Duration;

/**
 * {@link RotationOperations#awaitRun} gave up: the run had neither finished nor failed within the time allowed. It
 * goes on in the server's background; {@link #run()} is where it stood when the wait ended.
 */
public class RotationTimeoutException extends ArcaException {
    private final transient Rotation.Run run;

    public RotationTimeoutException(Rotation.Run run, Duration waited) {
        super("rotation run " + run.id() + " of " + run.path() + " is still " + run.status() + " after "
                + (waited.getNano() == 0 ? dev.arca.api.Durations.format(waited) : waited.toMillis() + " ms")
                + " (attempt " + run.attempts() + "); it goes on in the background: follow it with run(\""
                + run.id() + "\")");
        this.run = run;
    }

    /** The run as last read: its status, attempts and last error. */
    public Rotation.Run run() {
        return run;
    }
}
