package dev.arca.cli;

import dev.arca.api.Project;
import dev.arca.sdk.ArcaClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code arca project …}: the groups of secrets inside a vault. */
@Command(name = "project", description = "Create and list the projects of a vault.",
        subcommands = {ProjectCommand.CreateProject.class, ProjectCommand.ListProjects.class})
final class ProjectCommand {
    @Mixin
    HelpOption help;

    private static void print(PrintWriter out, Iterable<Project> projects) {
        var table = new Table("ID", "NAME", "CREATED");
        projects.forEach(project -> table.row(project.id(), project.name(), project.createdAt()));
        table.print(out);
    }

    @Command(name = "create", description = "Create a project; its name is the first segment of its secrets' paths.")
    static final class CreateProject extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var project = client.projects().withVault(vault(client)).create(name);
            format.print(out(), project, out -> print(out, List.of(project)));
            return 0;
        }
    }

    @Command(name = "list", description = "List the projects of the vault.")
    static final class ListProjects extends ClientCommand {
        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var page = client.projects().withVault(vault(client)).list();
            format.print(out(), page, out -> print(out, page.data()));
            return 0;
        }
    }
}
