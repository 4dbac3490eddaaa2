package dev.arca.cli;

import dev.arca.sdk.ArcaClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca secret destroy PATH --version N…}. */
@Command(name = "destroy", description = "Erase the values of versions for good (they cannot be restored).")
final class SecretDestroyCommand extends ClientCommand {
    @Parameters(paramLabel = "PATH_OR_ID", description = "project/name, or an sk_… id")
    String path;

    @Option(names = "--version", paramLabel = "N", required = true, description = "A version to destroy; repeat for "
            + "more.")
    List<Integer> versions;

    @Mixin
    FormatOption format;

    @Override
    int run(ArcaClient client) {
        var metadata = client.secrets().withVault(vault(client)).destroy(path, versions);
        format.print(out(), metadata, out -> {
            out.println("Destroyed versions " + versions + " of " + path);
            MetadataView.print(out, metadata);
        });
        return 0;
    }
}
