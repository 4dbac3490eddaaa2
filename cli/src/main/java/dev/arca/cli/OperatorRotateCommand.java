package dev.arca.cli;

import dev.arca.api.KeyRotation;
import dev.arca.sdk.ArcaClient;
import java.io.PrintWriter;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code arca operator rotate}: a new version of every vault's data key, as {@code vault operator rotate} does, and a
 * background rewrap of the stored values under it; {@code --wait} follows the rewrap to its end.
 * {@link KeyStatus} ({@code arca operator key-status}) shows the term and the rewrap's progress.
 */
@Command(name = "rotate", description = "Rotate the keyring: a new version of every vault's data key for new values, "
        + "and a background rewrap of the stored ones under it (root token). A rewrap still running starts over.")
final class OperatorRotateCommand extends ClientCommand {
    private static final Duration POLL = Duration.ofSeconds(1);

    @Option(names = "--batch-size", paramLabel = "N", description = "Values the rewrap re-encrypts per transaction, "
            + "1..1000 (default: 100).")
    Integer batchSize;

    @Option(names = "--wait", description = "Wait until the rewrap is complete (progress shown on a terminal).")
    boolean await;

    @Mixin
    FormatOption format;

    @Override
    int run(ArcaClient client) throws InterruptedException {
        KeyRotation.Status status = client.sys().rotate(batchSize);
        if (await) {
            status = awaitRewrap(client, status, context(), err());
        }
        KeyRotation.Status shown = status;
        format.print(out(), shown, out -> print(out, shown));
        return 0;
    }

    /** Asks for the key status every second until the rewrap is complete; progress redrawn on a terminal only. */
    static KeyRotation.Status awaitRewrap(ArcaClient client, KeyRotation.Status status, ArcaCommand context,
            PrintWriter err) throws InterruptedException {
        var progress = new TerminalProgress(context, err);
        KeyRotation.Status current = status;
        while (current.rewrap() != null && !"complete".equals(current.rewrap().state())) {
            progress.show("rewrapping " + progress(current.rewrap()));
            Thread.sleep(POLL);
            current = client.sys().keyStatus();
        }
        progress.done();
        return current;
    }

    static void print(PrintWriter out, KeyRotation.Status status) {
        var table = new Table().row("term", status.term()).row("installed_at", status.installedAt());
        KeyRotation.Rewrap rewrap = status.rewrap();
        if (rewrap == null) {
            table.row("rewrap", "none (the keyring was never rotated)").print(out);
            return;
        }
        table.row("rewrap", rewrap.state() + ", " + progress(rewrap))
                .row("batch_size", rewrap.batchSize())
                .row("started_at", rewrap.startedAt());
        if (rewrap.finishedAt() != null) {
            table.row("finished_at", rewrap.finishedAt());
        }
        if (rewrap.skipped() > 0) {
            table.row("skipped", rewrap.skipped() + " values did not decrypt and were left as they were (see the "
                    + "server's log)");
        }
        for (KeyRotation.Column column : rewrap.columns()) {
            table.row("  " + column.name(), column.done() + "/" + column.total());
        }
        table.print(out);
    }

    private static String progress(KeyRotation.Rewrap rewrap) {
        return rewrap.done() + "/" + rewrap.total() + " values";
    }

    /** {@code arca operator key-status}: the keyring's term and the rewrap's progress. */
    @Command(name = "key-status", description = "Show the keyring's term, when it was installed, and the rewrap's "
            + "progress (root token).")
    static final class KeyStatus extends ClientCommand {
        @Option(names = "--wait", description = "Wait until a running rewrap is complete (progress shown on a "
                + "terminal).")
        boolean await;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) throws InterruptedException {
            KeyRotation.Status status = client.sys().keyStatus();
            if (await) {
                status = awaitRewrap(client, status, context(), err());
            }
            KeyRotation.Status shown = status;
            format.print(out(), shown, out -> print(out, shown));
            return 0;
        }
    }
}
