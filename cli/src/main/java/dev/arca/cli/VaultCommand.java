package dev.arca.cli;

import dev.arca.api.Vault;
import dev.arca.sdk.ArcaClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code arca vault …}: the tenant boundaries. */
@Command(name = "vault", description = "Create and list vaults.",
        subcommands = {VaultCommand.CreateVault.class, VaultCommand.ListVaults.class})
final class VaultCommand {
    @Mixin
    HelpOption help;

    private static void print(PrintWriter out, Iterable<Vault> vaults) {
        var table = new Table("ID", "NAME", "CREATED");
        vaults.forEach(vault -> table.row(vault.id(), vault.name(), vault.createdAt()));
        table.print(out);
    }

    @Command(name = "create", description = "Create a vault.")
    static final class CreateVault extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var vault = client.vaults().create(name);
            format.print(out(), vault, out -> print(out, List.of(vault)));
            return 0;
        }
    }

    @Command(name = "list", description = "List the vaults.")
    static final class ListVaults extends ClientCommand {
        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var page = client.vaults().list();
            format.print(out(), page, out -> print(out, page.data()));
            return 0;
        }
    }
}
