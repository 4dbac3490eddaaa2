package dev.arca.cli;

import dev.arca.api.DatabaseSecrets;
import dev.arca.sdk.ArcaClient;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca database static-role …} and {@code arca database rotate-role}: existing database users whose password
 * Arca sets, keeps and rotates, so that nobody else needs to know it.
 */
@Command(name = "static-role", description = "Write, show, list and delete static roles: existing database users "
        + "whose password Arca keeps and rotates.",
        subcommands = {DatabaseStaticRoleCommand.Put.class, DatabaseStaticRoleCommand.Show.class,
                DatabaseStaticRoleCommand.ListStaticRoles.class, DatabaseStaticRoleCommand.Delete.class})
final class DatabaseStaticRoleCommand {
    @Mixin
    HelpOption help;

    /** A subcommand about one static role. */
    abstract static class OneStaticRole extends DatabaseCommand.FormattedSubcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The static role's name, e.g. app.")
        String name;

        final void printStaticRole(DatabaseSecrets.StaticRole role) {
            format.print(out(), role, out -> DatabaseViews.staticRole(out, role));
        }
    }

    @Command(name = "put", description = "Create a static role (to change one, delete it first). Arca gives the "
            + "existing user a new password at once, then every rotation period; from then on only Arca knows it "
            + "(read it with static-creds).")
    static final class Put extends OneStaticRole {
        @Option(names = "--connection", required = true, paramLabel = "CONNECTION", description = "The connection "
                + "the user is in.")
        String connectionName;

        @Option(names = "--username", required = true, paramLabel = "USER", description = "The existing user whose "
                + "password Arca keeps.")
        String username;

        @Option(names = "--rotation-period", paramLabel = "DURATION", description = "How often the password "
                + "changes, at least 1m (default 24h).")
        String rotationPeriod;

        @Option(names = "--rotation-statement", paramLabel = "SQL", description = "A statement that changes the "
                + "password ({{name}}, {{password}}); repeat, in order. Default: the plugin's.")
        List<String> rotationStatements;

        @Override
        int run(ArcaClient client) {
            var write = DatabaseSecrets.StaticRoleWrite.builder(connectionName, username);
            ifGiven(duration("--rotation-period", rotationPeriod), write::rotationPeriod);
            ifGiven(rotationStatements, write::rotationStatements);
            var role = database(client).putStaticRole(name, write.build());
            printStaticRole(role);
            if (!format.json()) {
                out().println("The password of " + role.username() + " was changed: only Arca knows it now. Read it "
                        + "with arca database static-creds " + role.name() + ".");
            }
            return 0;
        }
    }

    @Command(name = "show", aliases = "get", description = "Show a static role (never its password).")
    static final class Show extends OneStaticRole {
        @Override
        int run(ArcaClient client) {
            printStaticRole(database(client).staticRole(name));
            return 0;
        }
    }

    @Command(name = "list", description = "List the vault's static roles.")
    static final class ListStaticRoles extends DatabaseCommand.FormattedSubcommand {
        @Override
        int run(ArcaClient client) {
            var page = database(client).staticRoles();
            format.print(out(), page, out -> DatabaseViews.staticRoles(out, page.data()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a static role: Arca forgets the password and stops rotating it; "
            + "the user stays in the database with the password it has now.")
    static final class Delete extends OneStaticRole {
        @Override
        int run(ArcaClient client) {
            database(client).deleteStaticRole(name);
            format.print(out(), Map.of("deleted", name), out -> out.println("Deleted static role " + name
                    + "; its user stays in the database, with the password Arca set last"));
            return 0;
        }
    }

    @Command(name = "rotate-role", description = "Give a static role's user a new password now; the previous one "
            + "stops working.")
    static final class RotateRole extends OneStaticRole {
        @Override
        int run(ArcaClient client) {
            var role = database(client).rotateStaticRole(name);
            format.print(out(), role, out -> out.println("Rotated the password of " + role.username() + " (static "
                    + "role " + role.name() + ") at " + Table.show(role.lastRotatedAt()) + "; next rotation at "
                    + Table.show(role.nextRotationAt())));
            return 0;
        }
    }
}
