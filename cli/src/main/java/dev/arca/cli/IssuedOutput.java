package dev.arca.cli;

import dev.arca.api.Pki;
import dev.arca.api.SecretText;
import java.io.PrintWriter;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * {@code --cert-out} and {@code --chain-out}: where a command that gets a certificate ({@code arca pki issue},
 * {@code sign}, {@code csr sign}, {@code issuer sign-intermediate}) puts it. What is not written to a file is printed;
 * a private key written with {@code --key-out} is readable by its owner only and never printed, not even in JSON.
 */
final class IssuedOutput {
    @Option(names = "--cert-out", paramLabel = "FILE", description = "Write the certificate (PEM) to FILE instead of "
            + "printing it.")
    String certOut;

    @Option(names = "--chain-out", paramLabel = "FILE", description = "Write the CA chain (PEM, the issuer first, up "
            + "to the root) to FILE.")
    String chainOut;

    /** Writes the files asked for, then prints the rest: the wire record, or the serial, expiry and PEM. */
    void print(PrintWriter out, FormatOption format, Pki.Issued issued, @Nullable String keyOut) {
        String key = SecretText.revealOrNull(issued.privateKey());
        if (certOut != null) {
            PkiFiles.writePublic(certOut, issued.certificate());
        }
        if (chainOut != null) {
            PkiFiles.writePublic(chainOut, PkiFiles.bundle(issued.caChain()));
        }
        if (keyOut != null && key != null) {
            PkiFiles.writePrivate(keyOut, key);
        }
        String keyShown = keyOut == null ? key : null;
        Pki.Issued shown = keyShown != null || key == null ? issued : new Pki.Issued(issued.certificate(), null,
                issued.privateKeyType(), issued.issuingCa(), issued.caChain(), issued.serialNumber(),
                issued.expiration(), issued.leaseId());
        format.print(out, shown, human -> {
            var table = new Table().row("SERIAL", issued.serialNumber()).row("EXPIRES", issued.expiration());
            if (issued.leaseId() != null) {
                table.row("LEASE", issued.leaseId());
            }
            table.print(human);
            wrote(human, "certificate", certOut);
            wrote(human, "CA chain", chainOut);
            wrote(human, "private key", keyOut != null && key != null ? keyOut : null);
            if (certOut == null) {
                PkiViews.pem(human, issued.certificate());
            }
            if (keyShown != null) {
                PkiViews.pem(human, keyShown);
            }
        });
    }

    private static void wrote(PrintWriter out, String what, @Nullable String file) {
        if (file != null) {
            out.println("Wrote " + what + " to " + file);
        }
    }
}
