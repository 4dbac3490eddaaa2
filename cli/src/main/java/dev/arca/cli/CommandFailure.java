package dev.arca.cli;

import org.jspecify.annotations.Nullable;

/** A command cannot do what it was asked for a reason the user can fix; reported as {@code error: <message>}. */
final class CommandFailure extends RuntimeException {
    CommandFailure(@Nullable String message) {
        super(message);
    }
}
