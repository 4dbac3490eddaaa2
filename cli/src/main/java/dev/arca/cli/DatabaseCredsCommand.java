package dev.arca.cli;

import dev.arca.api.DatabaseSecrets;
import dev.arca.sdk.ArcaClient;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca database creds ROLE}: a new database user on a lease. Its password is stored nowhere, so this is the
 * one time it is shown; the lease is renewed with {@code arca lease renew} and ended with {@code arca lease release}.
 */
@Command(name = "creds", description = "Make a database user of a role, on a lease; its password is shown this once.")
final class DatabaseCredsCommand extends DatabaseCommand.DatabaseSubcommand {
    /** {@code env}: {@code NAME="value"} lines a shell can {@code source} and {@code arca run --env-file} reads. */
    enum Format { table, json, env }

    @Parameters(index = "0", paramLabel = "ROLE", description = "The dynamic role, e.g. readonly.")
    String role;

    @Option(names = "--ttl", paramLabel = "DURATION", description = "How long the user lives unless renewed "
            + "(default: the role's; at most its max ttl).")
    String ttl;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "Output: "
            + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); env prints DB_USERNAME, DB_PASSWORD, DB_URL and "
            + "LEASE_ID.")
    Format format;

    @Override
    int run(ArcaClient client) {
        var credentials = database(client).credentials(role, duration("--ttl", ttl));
        switch (format) {
            case json -> FormatOption.printJson(out(), credentials);
            case env -> variables(credentials).forEach((name, value) ->
                    out().println(ExportFormat.dotenvLine(name, value)));
            case table -> table(out(), credentials);
        }
        credentials.warnings().forEach(warning -> err().println("warning: " + warning));
        return 0;
    }

    static Map<String, String> variables(DatabaseSecrets.Credentials credentials) {
        var variables = new LinkedHashMap<String, String>();
        variables.put("DB_USERNAME", credentials.data().username());
        variables.put("DB_PASSWORD", credentials.data().password().reveal());
        variables.put("DB_URL", credentials.data().connectionUrl());
        variables.put("LEASE_ID", credentials.leaseId());
        return variables;
    }

    private static void table(PrintWriter out, DatabaseSecrets.Credentials credentials) {
        new Table().row("LEASE", credentials.leaseId()).row("USERNAME", credentials.data().username())
                .row("PASSWORD", credentials.data().password().reveal())
                .row("URL", credentials.data().connectionUrl()).row("EXPIRES", credentials.expiresAt())
                .row("MAX EXPIRES", credentials.maxExpiresAt())
                .row("RENEWABLE", DatabaseViews.yesNo(credentials.renewable())).print(out);
        out.println("The password is shown this once: Arca keeps no copy. Renew with arca lease renew "
                + credentials.leaseId() + "; end it (the user is dropped) with arca lease release "
                + credentials.leaseId() + ".");
    }
}
