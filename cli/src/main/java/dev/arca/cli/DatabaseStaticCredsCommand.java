package dev.arca.cli;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.Durations;
import dev.arca.sdk.ArcaClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca database static-creds NAME}: a static role's user and its current password. Unlike a dynamic
 * credential it is on no lease and may be read again; it stops working at the next rotation.
 */
@Command(name = "static-creds", description = "Show a static role's user and its current password, good until the "
        + "next rotation.")
final class DatabaseStaticCredsCommand extends DatabaseCommand.DatabaseSubcommand {
    /** {@code env}: {@code NAME="value"} lines a shell can {@code source} and {@code arca run --env-file} reads. */
    enum Format { table, json, env }

    @Parameters(index = "0", paramLabel = "NAME", description = "The static role, e.g. app.")
    String name;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "Output: "
            + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); env prints DB_USERNAME, DB_PASSWORD and DB_URL.")
    Format format;

    @Override
    int run(ArcaClient client) {
        var credentials = database(client).staticCredentials(name);
        switch (format) {
            case json -> FormatOption.printJson(out(), credentials);
            case env -> variables(credentials).forEach((variable, value) ->
                    out().println(ExportFormat.dotenvLine(variable, value)));
            case table -> table(out(), credentials);
        }
        return 0;
    }

    static Map<String, String> variables(DatabaseSecrets.StaticCredentials credentials) {
        var variables = new LinkedHashMap<String, String>();
        variables.put("DB_USERNAME", credentials.username());
        variables.put("DB_PASSWORD", credentials.password().reveal());
        variables.put("DB_URL", credentials.connectionUrl());
        return variables;
    }

    private void table(PrintWriter out, DatabaseSecrets.StaticCredentials credentials) {
        new Table().row("USERNAME", credentials.username()).row("PASSWORD", credentials.password().reveal())
                .row("URL", credentials.connectionUrl()).row("LAST ROTATED", credentials.lastRotatedAt())
                .row("NEXT ROTATION", credentials.nextRotationAt())
                .row("TTL", Durations.format(Duration.ofSeconds(credentials.ttl()))).print(out);
        out.println("The password stops working at the next rotation; read it again then with arca database "
                + "static-creds " + name + ".");
    }
}
