package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.PkiOperations;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code arca pki …}: the vault's certificate authorities, roles, certificates, CSRs, validation, revocation and CRLs
 * ({@code /v1/vaults/{vault}/pki}, {@code docs/API-pki.md}).
 */
@Command(name = "pki", description = "Certificate authorities: issue and sign certificates, approve CSRs, validate, "
        + "revoke, CRLs, and an ACME server for certbot and lego.",
        subcommands = {PkiIssuerCommand.Root.class, PkiIssuerCommand.Intermediate.class, PkiIssuerCommand.class,
                PkiRoleCommand.class, PkiIssueCommand.Issue.class, PkiIssueCommand.Sign.class,
                PkiCertCommand.class, PkiCertCommand.Revoke.class, PkiCertCommand.Tidy.class, PkiCrlCommand.class,
                PkiCrlCommand.Ca.class, PkiCsrCommand.class, PkiValidateCommand.class, PkiAcmeCommand.class})
final class PkiCommand {
    @Mixin
    HelpOption help;

    /** A {@code pki} subcommand: the engine of the chosen vault and {@code --format}. */
    abstract static class PkiSubcommand extends ClientCommand {
        @Mixin
        FormatOption format;

        final PkiOperations pki(ArcaClient client) {
            return client.pki().withVault(vault(client));
        }

        /** The text of a PEM file option ({@code -} for stdin). */
        final String readFile(String option, String file) {
            return PkiFiles.read(context(), option, file);
        }

        /** Hands an option's value to a builder's setter when it was given: the rest is the server's default. */
        static <T> void ifGiven(@Nullable T value, Consumer<T> setter) {
            if (value != null) {
                setter.accept(value);
            }
        }

        /** A duration option, checked here so that a typo is a usage error before anything is sent; null stays null. */
        final @Nullable Duration duration(String option, @Nullable String text) {
            if (text == null) {
                return null;
            }
            try {
                return Durations.parse(text);
            } catch (IllegalArgumentException e) {
                throw usage(option + ": " + e.getMessage());
            }
        }
    }
}
