package dev.arca.cli;

import dev.arca.api.Group;
import dev.arca.sdk.ArcaClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code arca group …}: groups of users, so one binding serves them all. */
@Command(name = "group", description = "Create, list and delete groups; add and remove members.",
        subcommands = {GroupCommand.Create.class, GroupCommand.ListGroups.class, GroupCommand.Delete.class,
                GroupCommand.Add.class, GroupCommand.Remove.class})
final class GroupCommand {
    @Mixin
    HelpOption help;

    private static void print(PrintWriter out, Iterable<Group> groups) {
        var table = new Table("NAME", "MEMBERS");
        groups.forEach(g -> table.row(g.name(), String.join(",", g.members())));
        table.print(out);
    }

    @Command(name = "create", description = "Create a group.")
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var group = client.groups().withVault(vault(client)).create(name);
            format.print(out(), group, out -> print(out, List.of(group)));
            return 0;
        }
    }

    @Command(name = "list", description = "List the vault's groups and their members.")
    static final class ListGroups extends ClientCommand {
        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var page = client.groups().withVault(vault(client)).list();
            format.print(out(), page, out -> print(out, page.data()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a group.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int run(ArcaClient client) {
            client.groups().withVault(vault(client)).delete(name);
            out().println("Deleted group " + name);
            return 0;
        }
    }

    @Command(name = "add", description = "Add a user to a group.")
    static final class Add extends ClientCommand {
        @Parameters(index = "0", paramLabel = "GROUP")
        String group;

        @Parameters(index = "1", paramLabel = "USER")
        String username;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var updated = client.groups().withVault(vault(client)).addMember(group, username);
            format.print(out(), updated, out -> print(out, List.of(updated)));
            return 0;
        }
    }

    @Command(name = "remove", description = "Remove a user from a group.")
    static final class Remove extends ClientCommand {
        @Parameters(index = "0", paramLabel = "GROUP")
        String group;

        @Parameters(index = "1", paramLabel = "USER")
        String username;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var updated = client.groups().withVault(vault(client)).removeMember(group, username);
            format.print(out(), updated, out -> print(out, List.of(updated)));
            return 0;
        }
    }
}
