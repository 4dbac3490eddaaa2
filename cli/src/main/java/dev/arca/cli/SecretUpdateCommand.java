package dev.arca.cli;

import dev.arca.api.SecretMetadata;
import dev.arca.sdk.ArcaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code arca secret update PATH …}: changes metadata without writing a new version. */
@Command(name = "update", description = "Change a secret's description, tags, custom pairs or version limit; the "
        + "value and its versions stay as they are.")
final class SecretUpdateCommand extends ClientCommand {
    @Parameters(paramLabel = "PATH_OR_ID", description = "project/name, or an sk_… id")
    String path;

    @Mixin
    MetadataOptions metadata;

    @Mixin
    FormatOption format;

    @Override
    int run(ArcaClient client) {
        if (!metadata.any()) {
            throw usage("name something to change: --description, --tag, --custom or --max-versions");
        }
        var update = new SecretMetadata.Update(metadata.description, metadata.tags, metadata.custom,
                metadata.maxVersions);
        var updated = client.secrets().withVault(vault(client)).updateMetadata(path, update);
        format.print(out(), updated, out -> MetadataView.print(out, updated));
        return 0;
    }
}
