package dev.arca.cli;

import dev.arca.sdk.ArcaClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca secret undelete PATH [--version N]…}. */
@Command(name = "undelete", description = "Restore a soft-deleted secret, or soft-deleted versions of it.")
final class SecretUndeleteCommand extends ClientCommand {
    @Parameters(paramLabel = "PATH_OR_ID", description = "project/name, or an sk_… id")
    String path;

    @Option(names = "--version", paramLabel = "N", description = "A version to restore; repeat for more (default: "
            + "the secret itself).")
    List<Integer> versions;

    @Mixin
    FormatOption format;

    @Override
    int run(ArcaClient client) {
        var secrets = client.secrets().withVault(vault(client));
        var metadata = versions == null ? secrets.undelete(path) : secrets.undelete(path, versions);
        format.print(out(), metadata, out -> {
            out.println(versions == null ? "Restored " + path : "Restored versions " + versions + " of " + path);
            MetadataView.print(out, metadata);
        });
        return 0;
    }
}
