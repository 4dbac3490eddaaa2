package dev.arca.cli;

import dev.arca.api.Pki;
import dev.arca.sdk.ArcaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code arca pki validate}: whether a certificate is valid with its chain, for a purpose and host name, and not
 * revoked. Exit code 0 when valid, 1 when not, with each error a person can act on.
 */
@Command(name = "validate", description = "Check a certificate: chain, validity window, key usage, name "
        + "constraints, host name and revocation. Exit code 0 when valid, 1 when not.")
final class PkiValidateCommand extends PkiCommand.PkiSubcommand {
    @Option(names = "--certificate", required = true, paramLabel = "FILE", description = "The certificate (PEM); - "
            + "reads stdin.")
    String certificate;

    @Option(names = "--chain", paramLabel = "FILE", description = "Its chain (PEM, its issuer first; default: the "
            + "vault's issuers as trust anchors).")
    String chain;

    @Option(names = "--purpose", paramLabel = "PURPOSE", description = "server_auth, client_auth, code_signing or any "
            + "(default).")
    String purpose;

    @Option(names = "--hostname", paramLabel = "HOST", description = "A host name it must be valid for.")
    String hostname;

    @Option(names = "--crl", paramLabel = "FILE", description = "A CRL (PEM) to check against, for an issuer that is "
            + "not the vault's.")
    String crl;

    @Option(names = "--no-revocation-check", description = "Do not check revocation.")
    boolean skipRevocation;

    @Override
    int run(ArcaClient client) {
        var request = Pki.Validate.builder(readFile("--certificate", certificate));
        if (chain != null) {
            request.chain(PkiFiles.certificates("--chain", chain, readFile("--chain", chain)));
        }
        ifGiven(purpose, request::purpose);
        ifGiven(hostname, request::hostname);
        if (crl != null) {
            request.crl(readFile("--crl", crl));
        }
        if (skipRevocation) {
            request.checkRevocation(false);
        }
        Pki.Validation validation = pki(client).validate(request.build());
        format.print(out(), validation, out -> {
            out.println(validation.valid() ? "valid" : "invalid");
            new Table().row("SUBJECT", validation.subject()).row("SERIAL", validation.serialNumber())
                    .row("ISSUER", validation.issuer()).row("NOT BEFORE", validation.notBefore())
                    .row("NOT AFTER", validation.notAfter()).print(out);
            validation.errors().forEach(problem -> out.println("error: " + problem.code() + ": " + problem.message()));
        });
        return validation.valid() && validation.errors().isEmpty() ? 0 : 1;
    }
}
