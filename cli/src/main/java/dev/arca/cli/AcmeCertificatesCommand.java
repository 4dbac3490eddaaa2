package dev.arca.cli;

import dev.arca.sdk.ArcaClient;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code arca acme certificates …}: the certificates the vault keeps as secrets and renews. */
@Command(name = "certificates", aliases = "certs", description = "List, show and stop managing the certificates "
        + "obtained through ACME.",
        subcommands = {AcmeCertificatesCommand.ListCertificates.class, AcmeCertificatesCommand.Show.class,
                AcmeCertificatesCommand.Delete.class})
final class AcmeCertificatesCommand {
    @Mixin
    HelpOption help;

    /** A subcommand about one certificate. */
    abstract static class OneCertificate extends AcmeCommand.AcmeSubcommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The certificate's id (arca acme certificates "
                + "list).")
        String id;
    }

    @Command(name = "list", description = "List the managed certificates: their secret, names, expiry and when they "
            + "renew.")
    static final class ListCertificates extends AcmeCommand.AcmeSubcommand {
        @Override
        int run(ArcaClient client) {
            var page = acme(client).certificates();
            format.print(out(), page, out -> AcmeViews.certificates(out, page.data()));
            return 0;
        }
    }

    @Command(name = "show", aliases = "get", description = "Show a managed certificate (read its chain and key from "
            + "its secret).")
    static final class Show extends OneCertificate {
        @Override
        int run(ArcaClient client) {
            var certificate = acme(client).certificate(id);
            format.print(out(), certificate, out -> AcmeViews.certificate(out, certificate));
            return 0;
        }
    }

    @Command(name = "delete", description = "Stop managing a certificate: Arca renews it no more; its secret and its "
            + "versions stay.")
    static final class Delete extends OneCertificate {
        @Override
        int run(ArcaClient client) {
            acme(client).stopManaging(id);
            format.print(out(), Map.of("deleted", id), out -> out.println("Stopped managing certificate " + id
                    + "; its secret stays"));
            return 0;
        }
    }
}
