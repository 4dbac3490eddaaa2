package dev.arca.cli;

import org.jspecify.annotations.Nullable;

/** A command cannot do what it was asked for a reason the user can fix; reported as {@code error: <message>}. */
final class CommandFailure extends RuntimeException {
    private final int exitCode;

    CommandFailure(@Nullable String message) {
        this(message, 1);
    }

    /** A failure with its own exit code, such as a shell's 127 for a program that cannot be found. */
    CommandFailure(@Nullable String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
