package dev.arca.cli;

import dev.arca.api.DatabaseSecrets;
import dev.arca.sdk.ArcaClient;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca database role …}: dynamic roles, which say how the users handed out are made and dropped. */
@Command(name = "role", description = "Write, show, list and delete dynamic roles: the statements that make and "
        + "drop a user, its name, password and lifetime.",
        subcommands = {DatabaseRoleCommand.Put.class, DatabaseRoleCommand.Show.class,
                DatabaseRoleCommand.ListRoles.class, DatabaseRoleCommand.Delete.class})
final class DatabaseRoleCommand {
    @Mixin
    HelpOption help;

    /** A subcommand about one role. */
    abstract static class OneRole extends DatabaseCommand.FormattedSubcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The role's name, e.g. readonly.")
        String name;

        final void printRole(DatabaseSecrets.Role role) {
            format.print(out(), role, out -> DatabaseViews.role(out, role));
        }
    }

    @Command(name = "put", description = "Create or replace a role; a statement list left out takes the plugin's "
            + "default. Placeholders: {{name}}, {{password}}, {{expiration}}; for Redis, ACL rules such as ~* +@read.")
    static final class Put extends OneRole {
        @Option(names = "--connection", required = true, paramLabel = "CONNECTION", description = "The connection "
                + "its users are made through (it must list the role in --allowed-role).")
        String connectionName;

        @Option(names = "--creation-statement", paramLabel = "SQL", description = "A statement that makes the user; "
                + "repeat, in order.")
        List<String> creation;

        @Option(names = "--creation-file", paramLabel = "FILE", description = "The creation statements, one per "
                + "line (blank lines and lines starting with -- or # skipped); - reads stdin.")
        String creationFile;

        @Option(names = "--revocation-statement", paramLabel = "SQL", description = "A statement that drops the user; "
                + "repeat.")
        List<String> revocation;

        @Option(names = "--renew-statement", paramLabel = "SQL", description = "A statement that moves the user's "
                + "expiry on renewal; repeat.")
        List<String> renew;

        @Option(names = "--rollback-statement", paramLabel = "SQL", description = "A statement that undoes a "
                + "creation that failed halfway; repeat.")
        List<String> rollback;

        @Option(names = "--username-template", paramLabel = "TEMPLATE", description = "How user names are made "
                + "(default v_{{role}}_{{random 10}}_{{unix_time}}).")
        String usernameTemplate;

        @Option(names = "--password-length", paramLabel = "N", description = "Generated password length, 16 to 128 "
                + "(default 24).")
        Integer passwordLength;

        @Option(names = "--default-ttl", paramLabel = "DURATION", description = "How long credentials live when the "
                + "request does not say, e.g. 1h.")
        String defaultTtl;

        @Option(names = "--max-ttl", paramLabel = "DURATION", description = "The longest a credential may live, "
                + "renewals included, e.g. 24h.")
        String maxTtl;

        @Override
        int run(ArcaClient client) {
            var write = DatabaseSecrets.RoleWrite.builder(connectionName);
            ifGiven(creationStatements(), write::creationStatements);
            ifGiven(revocation, write::revocationStatements);
            ifGiven(renew, write::renewStatements);
            ifGiven(rollback, write::rollbackStatements);
            ifGiven(usernameTemplate, write::usernameTemplate);
            ifGiven(passwordLength, write::passwordLength);
            ifGiven(duration("--default-ttl", defaultTtl), write::defaultTtl);
            ifGiven(duration("--max-ttl", maxTtl), write::maxTtl);
            printRole(database(client).putRole(name, write.build()));
            return 0;
        }

        /** From the options or the file, not both: mixing them would leave their order to guesswork. */
        private @Nullable List<String> creationStatements() {
            if (creationFile == null) {
                return creation;
            }
            if (creation != null) {
                throw usage("give --creation-statement or --creation-file, not both");
            }
            List<String> statements = statementLines(PkiFiles.read(context(), "--creation-file", creationFile));
            if (statements.isEmpty()) {
                throw new CommandFailure("--creation-file: " + creationFile + " holds no statement");
            }
            return statements;
        }
    }

    /**
     * A statement file's statements: one per line, trimmed, without blank lines and comment lines ({@code --} as in
     * SQL, {@code #}). One per line rather than split at {@code ;}, so Redis ACL rules and SQL read alike and a
     * {@code ;} inside a quoted string is never a split.
     */
    static List<String> statementLines(String text) {
        return text.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("--") && !line.startsWith("#")).toList();
    }

    @Command(name = "show", aliases = "get", description = "Show a role.")
    static final class Show extends OneRole {
        @Override
        int run(ArcaClient client) {
            printRole(database(client).role(name));
            return 0;
        }
    }

    @Command(name = "list", description = "List the vault's dynamic roles.")
    static final class ListRoles extends DatabaseCommand.FormattedSubcommand {
        @Override
        int run(ArcaClient client) {
            var page = database(client).roles();
            format.print(out(), page, out -> DatabaseViews.roles(out, page.data()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a role; the credentials it handed out still end as they were "
            + "made.")
    static final class Delete extends OneRole {
        @Override
        int run(ArcaClient client) {
            database(client).deleteRole(name);
            format.print(out(), Map.of("deleted", name), out -> out.println("Deleted role " + name));
            return 0;
        }
    }
}
