package dev.arca.cli;

import dev.arca.api.Project;
import dev.arca.sdk.ArcaClient;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca project …}: the groups of secrets inside a vault. */
@Command(name = "project", description = "Create, list, rename, update and delete the projects of a vault.",
        subcommands = {ProjectCommand.CreateProject.class, ProjectCommand.ListProjects.class,
                ProjectCommand.Rename.class, ProjectCommand.Update.class, ProjectCommand.Delete.class})
final class ProjectCommand {
    @Mixin
    HelpOption help;

    private static void print(PrintWriter out, Iterable<Project> projects) {
        var table = new Table("ID", "NAME", "MAX VERSIONS", "CREATED");
        projects.forEach(project -> table.row(project.id(), project.name(), project.maxVersions(), project.createdAt()));
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

    @Command(name = "rename", description = "Rename a project; the paths of its secrets follow, their ids and values "
            + "stay.")
    static final class Rename extends ClientCommand {
        @Parameters(index = "0", paramLabel = "OLD")
        String name;

        @Parameters(index = "1", paramLabel = "NEW")
        String newName;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var project = client.projects().withVault(vault(client)).rename(name, newName);
            format.print(out(), project, out -> out.println("Renamed project " + name + " to " + project.name()));
            return 0;
        }
    }

    @Command(name = "update", description = "Change how many versions the project's secrets keep.")
    static final class Update extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--max-versions", required = true, paramLabel = "N", description = "Versions each secret keeps "
                + "unless it sets its own (1..1000).")
        int maxVersions;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var project = client.projects().withVault(vault(client)).setMaxVersions(name, maxVersions);
            format.print(out(), project, out -> print(out, List.of(project)));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete an empty project; --force soft-deletes its secrets too.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--force", description = "Delete it even if it has secrets (they are soft-deleted).")
        boolean force;

        @Override
        int run(ArcaClient client) {
            client.projects().withVault(vault(client)).delete(name, force);
            out().println("Deleted project " + name);
            return 0;
        }
    }
}
