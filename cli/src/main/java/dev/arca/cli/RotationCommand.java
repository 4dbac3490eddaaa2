package dev.arca.cli;

import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.RotationOperations;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code arca rotation …}: rotation policies, their assignments to secrets, runs started now, the history of runs
 * and what is due ({@code /v1/vaults/{vault}/rotation}, {@code docs/API-rotation.md}).
 */
@Command(name = "rotation", description = "Rotation policies: when secrets rotate (every --interval or on a cron "
        + "--schedule), what a rotation makes (a generated value, a database user's new password, or a value pushed "
        + "with arca secret rotate), how long the replaced version stays readable, and when to warn before.",
        subcommands = {RotationPolicyCommand.Create.class, RotationPolicyCommand.Update.class,
                RotationPolicyCommand.Show.class, RotationPolicyCommand.ListPolicies.class,
                RotationPolicyCommand.Delete.class, RotationAssignCommand.Assign.class,
                RotationAssignCommand.Unassign.class, RotationTriggerCommand.class, RotationRunsCommand.History.class,
                RotationRunsCommand.Due.class})
final class RotationCommand {
    @Mixin
    HelpOption help;

    /** A {@code rotation} subcommand: the rotation engine of the chosen vault, printing as {@code --format} says. */
    abstract static class RotationSubcommand extends ClientCommand {
        @Mixin
        FormatOption format;

        final RotationOperations rotation(ArcaClient client) {
            return client.rotation().withVault(vault(client));
        }

        /** A duration option, a usage error before anything is sent when it is not one; null stays null. */
        final @Nullable Duration duration(String option, @Nullable String text) {
            return LeaseCommand.duration(this, option, text);
        }

        /** A duration option, or {@code otherwise} when it was not given. */
        final Duration duration(String option, @Nullable String text, Duration otherwise) {
            Duration parsed = duration(option, text);
            return parsed == null ? otherwise : parsed;
        }
    }
}
