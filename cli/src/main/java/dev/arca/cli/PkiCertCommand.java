package dev.arca.cli;

import dev.arca.api.Pki;
import dev.arca.sdk.ArcaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca pki cert list|show}, {@code arca pki revoke} and {@code arca pki tidy}: stored certificates. */
@Command(name = "cert", description = "List and show the certificates the vault keeps.",
        subcommands = {PkiCertCommand.ListCertificates.class, PkiCertCommand.Show.class})
final class PkiCertCommand {
    @Mixin
    HelpOption help;

    @Command(name = "list", description = "List stored certificates, newest first.")
    static final class ListCertificates extends PkiCommand.PkiSubcommand {
        @Option(names = "--revoked", description = "Only revoked ones.")
        boolean revoked;

        @Option(names = "--limit", paramLabel = "N", description = "At most N per page.")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "C", description = "Continue after a previous page.")
        String cursor;

        @Override
        int run(ArcaClient client) {
            if (limit != null && limit < 1) {
                throw usage("--limit must be 1 or more");
            }
            var page = pki(client).listCertificates(revoked, limit, cursor);
            format.print(out(), page, out -> {
                var table = new Table("SERIAL", "COMMON NAME", "ISSUER", "NOT AFTER", "REVOKED");
                page.data().forEach(c -> table.row(c.serialNumber(), c.commonName(), c.issuerId(), c.notAfter(),
                        c.revokedAt()));
                table.print(out);
                if (page.hasMore()) {
                    out.println("More: --cursor " + page.cursor());
                }
            });
            return 0;
        }
    }

    @Command(name = "show", aliases = "get", description = "Show a stored certificate and print it (PEM).")
    static final class Show extends PkiCommand.PkiSubcommand {
        @Parameters(index = "0", paramLabel = "SERIAL", description = "Colon or plain hex, e.g. 3a:1f:….")
        String serial;

        @Option(names = "--cert-out", paramLabel = "FILE", description = "Write it (PEM) to FILE instead of printing "
                + "it.")
        String certOut;

        @Override
        int run(ArcaClient client) {
            Pki.Certificate certificate = pki(client).getCertificate(serial);
            if (certOut != null) {
                PkiFiles.writePublic(certOut, certificate.certificate());
            }
            format.print(out(), certificate, out -> {
                PkiViews.certificate(out, certificate);
                if (certOut == null) {
                    PkiViews.pem(out, certificate.certificate());
                }
            });
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a certificate by serial, or by presenting it (also one never "
            + "stored); revoking again answers the first revocation.")
    static final class Revoke extends PkiCommand.PkiSubcommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "SERIAL", description = "Colon or plain hex.")
        String serial;

        @Option(names = "--certificate", paramLabel = "FILE", description = "The certificate (PEM) instead of a "
                + "serial; - reads stdin.")
        String certificate;

        @Option(names = "--reason", paramLabel = "REASON", description = "unspecified (default), key_compromise, "
                + "ca_compromise, affiliation_changed, superseded, cessation_of_operation, certificate_hold, "
                + "privilege_withdrawn.")
        String reason;

        @Override
        int run(ArcaClient client) {
            if ((serial == null) == (certificate == null)) {
                throw usage("give a SERIAL or --certificate FILE, not both or neither");
            }
            var request = serial != null ? Pki.Revoke.serial(serial)
                    : Pki.Revoke.certificate(readFile("--certificate", certificate));
            if (reason != null) {
                request = request.withReason(reason);
            }
            Pki.Revoked revoked = pki(client).revoke(request);
            format.print(out(), revoked, out -> out.println("Revoked " + revoked.serialNumber() + " at "
                    + Table.show(revoked.revocationTime()) + " (" + revoked.reason() + ")"));
            return 0;
        }
    }

    @Command(name = "tidy", description = "Remove stored certificates and revocation entries expired longer than the "
            + "safety buffer ago.")
    static final class Tidy extends PkiCommand.PkiSubcommand {
        @Option(names = "--safety-buffer", paramLabel = "DURATION", description = "How long past not-after they are "
                + "kept (default 72h).")
        String safetyBuffer;

        @Option(names = "--certificates", negatable = true, description = "Remove expired stored certificates "
                + "(default: on).")
        Boolean certificates;

        @Option(names = "--revoked-certificates", negatable = true, description = "Remove expired revocation "
                + "entries (default: on).")
        Boolean revokedCertificates;

        @Override
        int run(ArcaClient client) {
            var buffer = duration("--safety-buffer", safetyBuffer);
            var request = new Pki.Tidy(certificates, revokedCertificates,
                    buffer == null ? null : dev.arca.api.Durations.format(buffer));
            Pki.Tidied tidied = pki(client).tidy(request);
            format.print(out(), tidied, out -> out.println("Removed " + tidied.certificatesRemoved()
                    + " certificates and " + tidied.revocationsRemoved() + " revocation entries"));
            return 0;
        }
    }
}
