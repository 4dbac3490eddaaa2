package dev.arca.cli;

import dev.arca.api.Rekey;
import dev.arca.sdk.ArcaClient;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca operator rekey}: new unseal keys from a quorum of the current ones, as {@code vault operator rekey}
 * does. {@code --init} starts one and prints its nonce; each key holder then runs {@code --nonce N} with their key
 * (read without echo when omitted); the last one prints the new keys. {@code --status} and {@code --cancel} see and
 * end the one in progress.
 */
@Command(name = "rekey", description = "Make new unseal keys (and a new share count or threshold) from a quorum of "
        + "the current ones (root token). --init starts, then each key holder gives a key with --nonce.")
final class OperatorRekeyCommand extends ClientCommand {
    /** What this run does; giving a key (with --nonce) when none of the others is chosen. */
    static final class Action {
        @Option(names = "--init", description = "Start a rekey and print its nonce.")
        boolean init;

        @Option(names = "--status", description = "Show the rekey in progress.")
        boolean status;

        @Option(names = "--cancel", description = "Cancel the rekey in progress; the keys given to it are forgotten.")
        boolean cancel;

        @Option(names = "--nonce", paramLabel = "NONCE", description = "Give one current unseal key to this rekey.")
        String nonce;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    @Option(names = "--shares", paramLabel = "N", description = "With --init: how many new unseal keys (default: as "
            + "now).")
    Integer shares;

    @Option(names = "--threshold", paramLabel = "N", description = "With --init: how many of them unseal (default: as "
            + "now, at most --shares).")
    Integer threshold;

    @Parameters(arity = "0..1", paramLabel = "KEY", description = "With --nonce: a current unseal key; omitted: read "
            + "from the terminal without echo, or from stdin.")
    String key;

    @Mixin
    FormatOption format;

    @Override
    int run(ArcaClient client) throws IOException {
        if (!action.init && (shares != null || threshold != null)) {
            throw new CommandFailure("--shares and --threshold go with --init");
        }
        if (action.nonce == null && key != null) {
            throw new CommandFailure("an unseal key goes with --nonce NONCE (arca operator rekey --status shows it)");
        }
        Rekey.Status status;
        if (action.init) {
            status = client.sys().rekeyStart(shares, threshold);
        } else if (action.status) {
            status = client.sys().rekeyStatus();
        } else if (action.cancel) {
            status = client.sys().rekeyCancel();
        } else {
            status = client.sys().rekeyUpdate(key != null ? key : OperatorCommand.readUnsealKey(context()), action.nonce);
        }
        format.print(out(), status, text -> print(text, status));
        return 0;
    }

    private void print(PrintWriter out, Rekey.Status status) {
        if (status.complete()) {
            for (int i = 0; i < status.keys().size(); i++) {
                out.println("New unseal key " + (i + 1) + ": " + status.keys().get(i).reveal());
            }
            out.println();
            out.println("Rekeyed: the previous unseal keys no longer work. Store these " + status.shares()
                    + " keys safely now: Arca keeps no copy. Unsealing takes " + status.threshold() + " of them.");
            return;
        }
        if (!status.started()) {
            out.println("No rekey is in progress.");
            return;
        }
        new Table()
                .row("nonce", status.nonce())
                .row("progress", status.progress() + "/" + status.required())
                .row("new_shares", status.shares())
                .row("new_threshold", status.threshold())
                .print(out);
        if (action.init) {
            out.println("Each key holder now runs: arca operator rekey --nonce " + status.nonce());
        }
    }
}
