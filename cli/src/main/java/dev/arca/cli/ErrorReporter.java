package dev.arca.cli;

import dev.arca.sdk.ArcaException;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns a failed command into one line on stderr and exit code 1 (or the failure's own, such as 127 for a program
 * {@code arca run} cannot find): {@code error: <message> (<code>, request req_…)}. A stack trace only with
 * {@code ARCA_DEBUG=1}.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    private final boolean debug;

    ErrorReporter(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception failure, CommandLine command, ParseResult parsed) {
        var err = command.getErr();
        if (debug) {
            failure.printStackTrace(err);
        }
        err.println("error: " + describe(failure));
        return failure instanceof CommandFailure commandFailure ? commandFailure.exitCode() : 1;
    }

    private @Nullable String describe(Exception failure) {
        // An ApiException's message already ends with its code and request id: "… (not_found, request req_…)".
        if (failure instanceof ArcaException || failure instanceof CommandFailure) {
            return failure.getMessage();
        }
        // A bug: its message could quote anything, so name only the type.
        return "unexpected " + failure.getClass().getName() + (debug ? "" : " (run with ARCA_DEBUG=1 for details)");
    }
}
