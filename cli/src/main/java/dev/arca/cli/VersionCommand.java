package dev.arca.cli;

import dev.arca.server.ArcaServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code arca version}: this CLI's version and the Java it runs on; the server's is in {@code arca status}. */
@Command(name = "version", description = "Print this CLI's version (the server's: arca status).")
final class VersionCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("arca " + ArcaServer.VERSION + " (Java " + Runtime.version() + ")");
        return 0;
    }
}
