package dev.arca.cli;

import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.DatabaseOperations;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code arca database …}: connections to database servers, dynamic roles and the credentials they make, static
 * roles whose password Arca rotates ({@code /v1/vaults/{vault}/database}, {@code docs/API-database.md}). A
 * credential's lease is renewed and ended with {@code arca lease renew} and {@code arca lease release}.
 */
@Command(name = "database", description = "Dynamic database credentials: connections (PostgreSQL, MariaDB/MySQL, "
        + "Redis), roles, and users made on request that are dropped when their lease ends; static roles, existing "
        + "users whose password Arca keeps and rotates.",
        subcommands = {DatabaseConfigCommand.class, DatabaseConfigCommand.RotateRoot.class, DatabaseRoleCommand.class,
                DatabaseCredsCommand.class, DatabaseStaticRoleCommand.class,
                DatabaseStaticRoleCommand.RotateRole.class, DatabaseStaticCredsCommand.class})
final class DatabaseCommand {
    @Mixin
    HelpOption help;

    /** A {@code database} subcommand: the engine of the chosen vault. */
    abstract static class DatabaseSubcommand extends ClientCommand {
        final DatabaseOperations database(ArcaClient client) {
            return client.database().withVault(vault(client));
        }

        /** Hands an option's value to a builder's setter when it was given: the rest is the server's default. */
        static <T> void ifGiven(@Nullable T value, Consumer<T> setter) {
            if (value != null) {
                setter.accept(value);
            }
        }

        /** A duration option, a usage error before anything is sent when it is not one; null stays null. */
        final @Nullable Duration duration(String option, @Nullable String text) {
            return LeaseCommand.duration(this, option, text);
        }
    }

    /** A subcommand printing a record as a table or as its wire JSON ({@code --format}). */
    abstract static class FormattedSubcommand extends DatabaseSubcommand {
        @Mixin
        FormatOption format;
    }
}
