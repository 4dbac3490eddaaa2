package dev.arca.cli;

import dev.arca.api.Acme;
import dev.arca.api.Durations;
import dev.arca.sdk.AcmeOperations;
import dev.arca.sdk.AcmeOrderTimeoutException;
import dev.arca.sdk.ArcaClient;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code arca acme …}: the vault as an ACME client of any CA: accounts, DNS providers for {@code dns-01}, orders and
 * the certificates it keeps as secrets and renews ({@code /v1/vaults/{vault}/acme}, {@code docs/API-acme.md}). The
 * vault's own ACME server is {@code arca pki acme}.
 */
@Command(name = "acme", description = "Obtain and renew certificates from an ACME CA (Let's Encrypt, another Arca, "
        + "an internal CA): accounts, DNS providers for dns-01, orders, and the certificates kept as secrets.",
        subcommands = {AcmeAccountCommand.class, AcmeDnsCommand.class, AcmeOrderCommand.Issue.class,
                AcmeOrderCommand.class, AcmeCertificatesCommand.class, AcmeOrderCommand.Renew.class})
final class AcmeCommand {
    @Mixin
    HelpOption help;

    /** An {@code acme} subcommand: the ACME client of the chosen vault, printing as {@code --format} says. */
    abstract static class AcmeSubcommand extends ClientCommand {
        @Mixin
        FormatOption format;

        final AcmeOperations acme(ArcaClient client) {
            return client.acme().withVault(vault(client));
        }
    }

    /** A subcommand that starts an order and, with {@code --wait}, follows it to its end. */
    abstract static class OrderingSubcommand extends AcmeSubcommand {
        private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

        @Option(names = "--wait", description = "Wait until the order is valid or invalid; exits 1 with the CA's "
                + "error if it is invalid.")
        boolean wait;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "With --wait: how long to wait (default "
                + "5m); the order goes on after it.")
        String timeout;

        /** Refuses {@code --timeout} without {@code --wait}, before anything is sent; the time to wait otherwise. */
        final Duration waitFor() {
            if (timeout != null && !wait) {
                throw usage("--timeout goes with --wait");
            }
            Duration parsed = LeaseCommand.duration(this, "--timeout", timeout);
            return parsed == null ? DEFAULT_TIMEOUT : parsed;
        }

        /** Prints the order started, or (with {@code --wait}) as it ended; fails unless it ended valid. */
        final int follow(AcmeOperations acme, Acme.Order started, Duration waitFor) {
            if (!wait) {
                format.print(out(), started, out -> {
                    AcmeViews.order(out, started);
                    out.println("Follow it with arca acme order show " + started.id() + " (or pass --wait)");
                });
                return 0;
            }
            if (!format.json()) {
                out().println("Order " + started.id() + " started; waiting up to " + Durations.format(waitFor)
                        + " for the CA…");
                out().flush();
            }
            Acme.Order ended;
            try {
                ended = acme.awaitOrder(started.id(), waitFor);
            } catch (AcmeOrderTimeoutException e) {
                format.print(out(), e.order(), out -> AcmeViews.order(out, e.order()));
                throw new CommandFailure("order " + started.id() + " is still " + e.order().status() + " after "
                        + Durations.format(waitFor) + " (it goes on: arca acme order show " + started.id() + ")");
            }
            format.print(out(), ended, out -> AcmeViews.order(out, ended));
            if (Acme.INVALID.equals(ended.status())) {
                throw new CommandFailure("order " + ended.id() + " is invalid: "
                        + (ended.error() == null ? "the CA gave no reason" : ended.error()));
            }
            return 0;
        }
    }
}
