package dev.arca.cli;

/** A command cannot do what it was asked for a reason the user can fix; reported as {@code error: <message>}. */
final class CommandFailure extends RuntimeException {
    CommandFailure(String message) {
        super(message);
    }
}
