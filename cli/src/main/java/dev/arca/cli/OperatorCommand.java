package dev.arca.cli;

import dev.arca.api.SealStatus;
import dev.arca.sdk.ArcaClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca operator …}: initialize the server, manage its seal and rotate its keyring. */
@Command(name = "operator", description = "Initialize the server, manage its seal and rotate its keyring.",
        subcommands = {OperatorCommand.Init.class, OperatorCommand.Unseal.class, OperatorCommand.Seal.class,
                OperatorCommand.Status.class, OperatorRekeyCommand.class,
                OperatorGenerateRootCommand.class, OperatorRotateCommand.class,
                OperatorRotateCommand.KeyStatus.class, OperatorSnapshotCommand.class})
final class OperatorCommand {
    @Mixin
    HelpOption help;

    static void printStatus(PrintWriter out, SealStatus status) {
        new Table()
                .row("initialized", status.initialized())
                .row("sealed", status.sealed())
                .row("unseal_progress", status.progress() + "/" + status.threshold())
                .row("shares", status.shares())
                .row("threshold", status.threshold())
                .row("version", status.version())
                .print(out);
    }

    @Command(name = "init", description = "Create the root key, split into unseal keys, and the root token.")
    static final class Init extends ClientCommand {
        @Option(names = "--shares", defaultValue = "5", description = "Unseal keys to make (default: ${DEFAULT-VALUE}).")
        int shares;

        @Option(names = "--threshold", defaultValue = "3", description = "Keys it takes to unseal (default: ${DEFAULT-VALUE}).")
        int threshold;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var init = client.sys().init(shares, threshold);
            format.print(out(), init, out -> {
                for (int i = 0; i < init.unsealKeys().size(); i++) {
                    out.println("Unseal key " + (i + 1) + ": " + init.unsealKeys().get(i).reveal());
                }
                out.println("Root token: " + init.rootToken().reveal());
                out.println();
                out.println("Store the unseal keys and the root token safely now: Arca keeps no copy and will not "
                        + "show them again.");
                out.println("Unsealing takes " + threshold + " of the " + shares + " keys: arca operator unseal");
            });
            return 0;
        }
    }

    @Command(name = "unseal", description = "Give one unseal key (read without echo when KEY is omitted).")
    static final class Unseal extends ClientCommand {
        @Parameters(arity = "0..1", paramLabel = "KEY", description = "An unseal key; omitted: read from the terminal "
                + "without echo, or from stdin.")
        String key;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) throws IOException {
            var status = client.sys().unseal(key != null ? key : readKey());
            format.print(out(), status, out -> printStatus(out, status));
            return 0;
        }

        private String readKey() throws IOException {
            return readUnsealKey(context());
        }
    }

    /** One unseal key from the terminal without echo, or the first line of stdin when there is no terminal. */
    static String readUnsealKey(ArcaCommand context) throws IOException {
        var console = context.console();
        String line;
        if (console != null) {
            char[] typed = console.readPassword("Unseal key: ");
            line = typed == null ? null : new String(typed);
        } else {
            line = new BufferedReader(new InputStreamReader(context.stdin(), StandardCharsets.UTF_8)).readLine();
        }
        if (line == null || line.isBlank()) {
            throw new CommandFailure("no unseal key given");
        }
        return line.strip();
    }

    @Command(name = "seal", description = "Wipe the keys from the server's memory (root token).")
    static final class Seal extends ClientCommand {
        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var status = client.sys().seal();
            format.print(out(), status, out -> printStatus(out, status));
            return 0;
        }
    }

    @Command(name = "status", description = "Show whether the server is initialized and sealed; exit 0 either way.")
    static final class Status extends ClientCommand {
        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var status = client.sys().sealStatus();
            format.print(out(), status, out -> printStatus(out, status));
            return 0;
        }
    }
}
