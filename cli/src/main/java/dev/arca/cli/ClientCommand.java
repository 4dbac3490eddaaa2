package dev.arca.cli;

import dev.arca.sdk.ArcaClient;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the server: it gets the connection options and a client that is closed afterwards. */
abstract class ClientCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    ClientOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try (var client = connection.connect(context())) {
            return run(client);
        }
    }

    /** Does the command's work; returns the exit code. */
    abstract int run(ArcaClient client) throws Exception;

    final ArcaCommand context() {
        return (ArcaCommand) spec.root().userObject();
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** The vault for this command, resolved once from the options, the environment or the server's vaults. */
    final String vault(ArcaClient client) {
        return connection.vault(client, context());
    }
}
