package dev.arca.cli;

import dev.arca.sdk.ArcaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code arca secret metadata PATH_OR_ID}: everything about a secret but its value. */
@Command(name = "metadata", description = "Show a secret's metadata and versions (never its value).")
final class SecretMetadataCommand extends ClientCommand {
    @Parameters(paramLabel = "PATH_OR_ID", description = "project/name, or an sk_… id")
    String path;

    @Mixin
    FormatOption format;

    @Override
    int run(ArcaClient client) {
        var metadata = client.secrets().withVault(vault(client)).metadata(path);
        format.print(out(), metadata, out -> MetadataView.print(out, metadata));
        return 0;
    }
}
