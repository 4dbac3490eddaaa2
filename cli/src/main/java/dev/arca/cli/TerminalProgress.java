package dev.arca.cli;

import java.io.PrintWriter;

/**
 * A long operation's progress on stderr, one line redrawn in place, only when a person is watching (a terminal):
 * piped or redirected, nothing is printed, so scripts see only the result.
 */
final class TerminalProgress {
    private final PrintWriter err;
    private final boolean shown;
    private boolean drawn;

    TerminalProgress(ArcaCommand context, PrintWriter err) {
        this.err = err;
        this.shown = context.console() != null;
    }

    /** Redraws the line as {@code text}. */
    void show(String text) {
        if (shown) {
            err.print("\r" + text + "   ");
            err.flush();
            drawn = true;
        }
    }

    /** Ends the line, if one was drawn. */
    void done() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
