package dev.arca.cli;

import dev.arca.api.Pki;
import dev.arca.sdk.ArcaClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca pki issue ROLE} and {@code arca pki sign ROLE}: certificates against a role. */
final class PkiIssueCommand {
    private PkiIssueCommand() {}

    @Command(name = "issue", description = "Make a key in the vault and a certificate for it, against a role; prints "
            + "(or writes) the certificate and the key.")
    static final class Issue extends PkiCommand.PkiSubcommand {
        @Parameters(index = "0", paramLabel = "ROLE", description = "The role to issue against.")
        String role;

        @Option(names = "--common-name", required = true, paramLabel = "CN", description = "Subject common name, "
                + "e.g. www.example.com.")
        String commonName;

        @Mixin
        PkiOptions.NameOptions names;

        @Option(names = "--key-out", paramLabel = "FILE", description = "Write the private key (PEM) to FILE, "
                + "readable by you only (0600), instead of printing it.")
        String keyOut;

        @Mixin
        IssuedOutput output;

        @Override
        int run(ArcaClient client) {
            var request = Pki.Issue.builder(commonName);
            names.applyTo(request, duration("--ttl", names.ttl));
            output.print(out(), format, pki(client).issue(role, request.build()), keyOut);
            return 0;
        }
    }

    @Command(name = "sign", description = "Sign a CSR against a role: the key stays with you; prints (or writes) the "
            + "certificate.")
    static final class Sign extends PkiCommand.PkiSubcommand {
        @Parameters(index = "0", paramLabel = "ROLE", description = "The role to sign against.")
        String role;

        @Option(names = "--csr", required = true, paramLabel = "FILE", description = "A PKCS#10 CSR (PEM), e.g. from "
                + "openssl req; - reads stdin.")
        String csr;

        @Option(names = "--common-name", paramLabel = "CN", description = "When the role does not take the CSR's.")
        String commonName;

        @Mixin
        PkiOptions.NameOptions names;

        @Mixin
        IssuedOutput output;

        @Override
        int run(ArcaClient client) {
            var request = Pki.Sign.builder(readFile("--csr", csr));
            ifGiven(commonName, request::commonName);
            names.applyTo(request, duration("--ttl", names.ttl));
            output.print(out(), format, pki(client).sign(role, request.build()), null);
            return 0;
        }
    }
}
