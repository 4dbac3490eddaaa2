package dev.arca.cli;

import dev.arca.api.Pki;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.PkiOperations;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca pki csr …}: CSRs held by the vault. One generated in the vault is approved at once; an imported one
 * waits until a principal other than its importer approves it ({@code pki:approve}), then is signed by id.
 */
@Command(name = "csr", description = "Generate or import CSRs, approve or reject them, sign approved ones.",
        subcommands = {PkiCsrCommand.Generate.class, PkiCsrCommand.Import.class, PkiCsrCommand.ListCsrs.class,
                PkiCsrCommand.Show.class, PkiCsrCommand.Approve.class, PkiCsrCommand.Reject.class,
                PkiCsrCommand.SignCsr.class, PkiCsrCommand.Key.class})
final class PkiCsrCommand {
    @Mixin
    HelpOption help;

    /** A subcommand about one CSR, by its {@code csr_…} id. */
    abstract static class OneCsr extends PkiCommand.PkiSubcommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The CSR's csr_… id.")
        String id;

        final void printCsr(Pki.Csr csr) {
            format.print(out(), csr, out -> PkiViews.csr(out, csr));
        }
    }

    /** A CSR that was made or read, shown with its PEM unless written to {@code --csr-out}. */
    abstract static class ShowsPem extends PkiCommand.PkiSubcommand {
        @Option(names = "--csr-out", paramLabel = "FILE", description = "Write the CSR (PEM) to FILE instead of "
                + "printing it.")
        String csrOut;

        final void printWithPem(Pki.Csr csr) {
            if (csrOut != null) {
                PkiFiles.writePublic(csrOut, csr.csr());
            }
            format.print(out(), csr, out -> {
                PkiViews.csr(out, csr);
                if (csrOut != null) {
                    out.println("Wrote CSR to " + csrOut);
                } else {
                    PkiViews.pem(out, csr.csr());
                }
            });
        }
    }

    @Command(name = "generate", description = "Make a key in the vault (it stays there) and a CSR for it; approved "
            + "at once.")
    static final class Generate extends ShowsPem {
        @Option(names = "--common-name", required = true, paramLabel = "CN", description = "Subject common name.")
        String commonName;

        @Option(names = "--dns-name", paramLabel = "NAME", description = "A DNS SAN; repeat.")
        List<String> dnsNames;

        @Option(names = "--ip-address", paramLabel = "IP", description = "An IP SAN; repeat.")
        List<String> ipAddresses;

        @Mixin
        PkiOptions.KeyOptions key;

        @Option(names = "--exportable", description = "Allow pki csr key to read the key back.")
        boolean exportable;

        @Mixin
        PkiOptions.SubjectOptions subject;

        @Override
        int run(ArcaClient client) {
            var request = Pki.GenerateCsr.builder(commonName);
            ifGiven(dnsNames, request::dnsNames);
            ifGiven(ipAddresses, request::ipAddresses);
            if (key.given()) {
                request.key(key.type, key.bits);
            }
            if (exportable) {
                request.exportable(true);
            }
            ifGiven(subject.subject(), request::subject);
            printWithPem(pki(client).generateCsr(request.build()));
            return 0;
        }
    }

    @Command(name = "import", description = "Import an outside CSR; it is pending until someone else approves it.")
    static final class Import extends PkiCommand.PkiSubcommand {
        @Option(names = "--csr", required = true, paramLabel = "FILE", description = "A PKCS#10 CSR (PEM); - reads "
                + "stdin.")
        String csr;

        @Option(names = "--comment", paramLabel = "TEXT", description = "Why it is asked for, for the approver.")
        String comment;

        @Override
        int run(ArcaClient client) {
            Pki.Csr imported = pki(client).importCsr(new Pki.ImportCsr(readFile("--csr", csr), comment));
            format.print(out(), imported, out -> PkiViews.csr(out, imported));
            return 0;
        }
    }

    @Command(name = "list", description = "List the vault's CSRs.")
    static final class ListCsrs extends PkiCommand.PkiSubcommand {
        @Option(names = "--state", paramLabel = "STATE", description = "pending, approved, rejected or signed.")
        String state;

        @Override
        int run(ArcaClient client) {
            var page = pki(client).listCsrs(state);
            format.print(out(), page, out -> PkiViews.csrs(out, page.data()));
            return 0;
        }
    }

    @Command(name = "show", aliases = "get", description = "Show a CSR and print it (PEM).")
    static final class Show extends ShowsPem {
        @Parameters(index = "0", paramLabel = "ID", description = "The CSR's csr_… id.")
        String id;

        @Override
        int run(ArcaClient client) {
            printWithPem(pki(client).getCsr(id));
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve a pending CSR (needs pki:approve; not your own).")
    static final class Approve extends OneCsr {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Kept with the CSR.")
        String reason;

        @Override
        int run(ArcaClient client) {
            printCsr(pki(client).approveCsr(id, new Pki.Decision(reason)));
            return 0;
        }
    }

    @Command(name = "reject", description = "Reject a pending CSR (needs pki:approve; not your own).")
    static final class Reject extends OneCsr {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Kept with the CSR.")
        String reason;

        @Override
        int run(ArcaClient client) {
            printCsr(pki(client).rejectCsr(id, new Pki.Decision(reason)));
            return 0;
        }
    }

    @Command(name = "sign", description = "Sign an approved CSR into an end-entity certificate for its names.")
    static final class SignCsr extends OneCsr {
        @Option(names = "--issuer", paramLabel = "ISSUER", description = "The issuer that signs (default: the "
                + "vault's default).")
        String issuer;

        @Option(names = "--ttl", paramLabel = "DURATION", description = "Validity (default 30d).")
        String ttl;

        @Option(names = "--ext-key-usage", paramLabel = "USAGE", split = ",", description = "server_auth (default), "
                + "client_auth, code_signing, email_protection.")
        List<String> extKeyUsage;

        @Mixin
        IssuedOutput output;

        @Override
        int run(ArcaClient client) {
            var request = Pki.SignCsr.defaults();
            var validity = duration("--ttl", ttl);
            if (issuer != null) {
                request = request.withIssuer(issuer);
            }
            if (validity != null) {
                request = request.withTtl(validity);
            }
            if (extKeyUsage != null) {
                request = request.withExtKeyUsage(extKeyUsage);
            }
            output.print(out(), format, pki(client).signCsr(id, request), null);
            return 0;
        }
    }

    @Command(name = "key", description = "Print or write the key of a CSR generated --exportable.")
    static final class Key extends OneCsr {
        @Option(names = "--key-out", paramLabel = "FILE", description = "Write the key (PEM) to FILE, readable by "
                + "you only (0600), instead of printing it.")
        String keyOut;

        @Override
        int run(ArcaClient client) {
            PkiOperations pki = pki(client);
            Pki.CsrKey key = pki.csrKey(id);
            if (keyOut != null) {
                PkiFiles.writePrivate(keyOut, key.privateKey().reveal());
                format.print(out(), Map.of("id", key.id(), "key_out", keyOut),
                        out -> out.println("Wrote the key of " + id + " to " + keyOut));
            } else {
                format.print(out(), key, out -> PkiViews.pem(out, key.privateKey().reveal()));
            }
            return 0;
        }
    }
}
