package dev.arca.cli;

import dev.arca.api.Export;
import dev.arca.api.SecretText;
import dev.arca.sdk.ArcaClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code arca export}: a project's secrets as environment variables, for a shell, a dotenv file or JSON. */
@Command(name = "export", description = "Print a project's secrets as environment variables: db/main becomes "
        + "DB_MAIN, a field user of it DB_MAIN_USER. Names that several secrets share are left out, with a warning "
        + "on stderr.")
final class ExportCommand extends ClientCommand {
    @Option(names = "--project", paramLabel = "P", description = "The project to export (default: every project "
            + "the caller may read).")
    String project;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "env", description = "env (export NAME='value', "
            + "for eval), dotenv (NAME=\"value\") or json (default: ${DEFAULT-VALUE}).")
    ExportFormat format;

    @Override
    int run(ArcaClient client) {
        var secrets = client.secrets().withVault(vault(client));
        var export = project == null ? secrets.export() : secrets.export(project);
        warnAboutCollisions(export.collisions(), err());
        // revealAll keeps null only for a null map; an export always has its variables
        out().print(format.render(Objects.requireNonNull(SecretText.revealAll(export.variables()))));
        return 0;
    }

    /** One warning line per name left out, naming the paths that share it. */
    static void warnAboutCollisions(List<Export.Collision> collisions, PrintWriter err) {
        for (Export.Collision collision : collisions) {
            err.println("warning: " + collision.name() + " left out: " + String.join(", ", collision.paths())
                    + " all become " + collision.name());
        }
        err.flush();
    }
}
