package dev.arca.cli;

import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.AuthenticationException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A command that talks to the server: it gets the connection options and a client that is closed afterwards. Almost
 * every command is a {@link ClientCommand}, which adds {@code --identity}; this base exists for the one command
 * whose {@code --identity} means something else ({@code policy test}).
 */
abstract class ConnectedCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Mixin
    ClientOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        try (var client = connection.connect(context(), identityOption(), timeout())) {
            return run(client);
        } catch (AuthenticationException e) {
            if (connection.credential() != ClientOptions.Credential.NONE) {
                throw e;
            }
            throw new CommandFailure(e.getMessage() + "; no credential was given: log in with arca login, set "
                    + "ARCA_TOKEN (or ARCA_CLIENT_ID and ARCA_CLIENT_SECRET), or act as an enrolled machine with "
                    + "--identity");
        }
    }

    /** Does the command's work; returns the exit code. */
    abstract int run(ArcaClient client) throws Exception;

    /** How long the request may take; longer for a command whose server call waits on something else. */
    java.time.Duration timeout() {
        return ArcaClient.DEFAULT_TIMEOUT;
    }

    /** The {@code --identity} option (a path or a vault id), or null to use {@code ARCA_IDENTITY} only. */
    abstract @Nullable String identityOption();

    final ArcaCommand context() {
        return (ArcaCommand) spec.root().userObject();
    }

    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    final PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A usage error (exit code 2) naming what is wrong with the options. */
    final ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** The vault for this command, resolved once from the options, the environment, the identity or the server. */
    final String vault(ArcaClient client) {
        return connection.vault(client, context());
    }
}
