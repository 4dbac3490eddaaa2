package dev.arca.cli;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** A command that talks to the server as a token holder or, with {@code --identity}, as a machine. */
abstract class ClientCommand extends ConnectedCommand {
    @Option(names = "--identity", paramLabel = "PATH|VAULT_ID", description = "Act as an enrolled machine: its "
            + "identity.json, or a vault id for $ARCA_HOME/vaults/<id>/identity.json (else ARCA_IDENTITY).")
    String identity;

    @Override
    final @Nullable String identityOption() {
        return identity;
    }
}
