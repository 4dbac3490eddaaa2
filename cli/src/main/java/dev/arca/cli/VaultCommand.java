package dev.arca.cli;

import dev.arca.api.Vault;
import dev.arca.sdk.ArcaClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca vault …}: the tenant boundaries. */
@Command(name = "vault", description = "Create, list, configure, rename and delete vaults.",
        subcommands = {VaultCommand.CreateVault.class, VaultCommand.ListVaults.class, VaultCommand.Update.class,
                VaultCommand.Rename.class, VaultCommand.Delete.class})
final class VaultCommand {
    @Mixin
    HelpOption help;

    private static void print(PrintWriter out, Iterable<Vault> vaults) {
        var table = new Table("ID", "NAME", "ALLOWED CIDRS", "CREATED");
        vaults.forEach(vault -> table.row(vault.id(), vault.name(),
                vault.allowedCidrs().isEmpty() ? "any" : String.join(",", vault.allowedCidrs()), vault.createdAt()));
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

    @Command(name = "update", description = "Set the addresses the vault's principals may call (and enroll) from.")
    static final class Update extends ClientCommand {
        @Parameters(paramLabel = "VAULT", description = "Vault name or id.")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Cidrs cidrs;

        static final class Cidrs {
            @Option(names = "--allow-cidr", paramLabel = "CIDR", description = "An allowed range; repeat for more. "
                    + "Replaces the list.")
            List<String> allowed;

            @Option(names = "--clear-cidrs", description = "Allow any address again.")
            boolean clear;
        }

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var vault = client.vaults().update(name, cidrs.clear ? List.of() : cidrs.allowed);
            format.print(out(), vault, out -> print(out, List.of(vault)));
            return 0;
        }
    }

    @Command(name = "rename", description = "Rename a vault; its id and everything in it stay.")
    static final class Rename extends ClientCommand {
        @Parameters(index = "0", paramLabel = "VAULT", description = "Vault name or id.")
        String name;

        @Parameters(index = "1", paramLabel = "NEW_NAME")
        String newName;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var vault = client.vaults().rename(name, newName);
            format.print(out(), vault, out -> print(out, List.of(vault)));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete an empty vault and destroy its data key; --force deletes "
            + "everything in it.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "VAULT", description = "Vault name or id.")
        String name;

        @Option(names = "--force", description = "Delete it with its projects, secrets, identities, policies and "
                + "engine state, for good (also needed for the vault named default).")
        boolean force;

        @Override
        int run(ArcaClient client) {
            client.vaults().delete(name, force);
            out().println("Deleted vault " + name);
            return 0;
        }
    }
}
