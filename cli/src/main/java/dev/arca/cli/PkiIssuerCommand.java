package dev.arca.cli;

import dev.arca.api.Pki;
import dev.arca.api.SecretText;
import dev.arca.sdk.ArcaClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca pki issuer …} and the two ways a CA is made in the vault, {@code arca pki root generate} and
 * {@code arca pki intermediate generate}.
 */
@Command(name = "issuer", description = "Sign intermediates, set their certificates, import, list, show, update, "
        + "delete and export CAs.",
        subcommands = {PkiIssuerCommand.SignIntermediate.class, PkiIssuerCommand.SetSigned.class,
                PkiIssuerCommand.Import.class, PkiIssuerCommand.ListIssuers.class, PkiIssuerCommand.Show.class,
                PkiIssuerCommand.Update.class, PkiIssuerCommand.Delete.class, PkiIssuerCommand.Export.class})
final class PkiIssuerCommand {
    @Mixin
    HelpOption help;

    /** A subcommand about one issuer, named by its name or {@code iss_…} id. */
    abstract static class OneIssuer extends PkiCommand.PkiSubcommand {
        @Parameters(index = "0", paramLabel = "ISSUER", description = "The issuer's name or iss_… id.")
        String issuer;

        final void printIssuer(Pki.Issuer described) {
            format.print(out(), described, out -> PkiViews.issuer(out, described));
        }
    }

    @Command(name = "root", description = "Make a root CA in the vault.", subcommands = Root.Generate.class)
    static final class Root {
        @Mixin
        HelpOption help;

        @Command(name = "generate", description = "Make a self-signed root CA whose key is made, and stays, in the "
                + "vault; the vault's default issuer when it has none.")
        static final class Generate extends PkiCommand.PkiSubcommand {
            @Parameters(index = "0", paramLabel = "NAME", description = "The issuer's name, e.g. root-2026.")
            String name;

            @Option(names = "--common-name", required = true, paramLabel = "CN", description = "Subject common name.")
            String commonName;

            @Mixin
            PkiOptions.KeyOptions key;

            @Option(names = "--ttl", paramLabel = "DURATION", description = "Validity (default 3650d).")
            String ttl;

            @Option(names = "--max-path-length", paramLabel = "N", description = "How many intermediates may follow "
                    + "(default: no limit).")
            Integer maxPathLength;

            @Option(names = "--exportable", description = "Allow pki issuer export of its key, now and forever.")
            boolean exportable;

            @Option(names = "--permitted-dns-domain", paramLabel = "DOMAIN", description = "A name constraint: "
                    + "certificates under it may only name this domain; repeat.")
            List<String> permittedDnsDomains;

            @Option(names = "--leaf-not-after", paramLabel = "err|truncate", description = "A TTL past the CA's "
                    + "not-after is refused (err, default) or clamped (truncate).")
            String leafNotAfterBehavior;

            @Mixin
            PkiOptions.SubjectOptions subject;

            @Mixin
            PkiOptions.UrlOptions urls;

            @Option(names = "--cert-out", paramLabel = "FILE", description = "Also write its certificate (PEM) to "
                    + "FILE.")
            String certOut;

            @Override
            int run(ArcaClient client) {
                var request = Pki.GenerateRoot.builder(name, commonName);
                if (key.given()) {
                    request.key(key.type, key.bits);
                }
                ifGiven(duration("--ttl", ttl), request::ttl);
                ifGiven(maxPathLength, request::maxPathLength);
                if (exportable) {
                    request.exportable(true);
                }
                ifGiven(permittedDnsDomains, request::permittedDnsDomains);
                ifGiven(leafNotAfterBehavior, request::leafNotAfterBehavior);
                ifGiven(subject.subject(), request::subject);
                ifGiven(urls.urls(), request::urls);
                Pki.Issuer root = pki(client).generateRoot(request.build());
                if (certOut != null && root.certificate() != null) {
                    PkiFiles.writePublic(certOut, root.certificate());
                }
                format.print(out(), root, out -> PkiViews.issuer(out, root));
                return 0;
            }
        }
    }

    @Command(name = "intermediate", description = "Make an intermediate CA in the vault.",
            subcommands = Intermediate.Generate.class)
    static final class Intermediate {
        @Mixin
        HelpOption help;

        @Command(name = "generate", description = "Make a pending intermediate CA whose key stays in the vault and "
                + "print its CSR: sign it (pki issuer sign-intermediate ROOT, or outside), then pki issuer set-signed.")
        static final class Generate extends PkiCommand.PkiSubcommand {
            @Parameters(index = "0", paramLabel = "NAME", description = "The issuer's name, e.g. int-2026.")
            String name;

            @Option(names = "--common-name", required = true, paramLabel = "CN", description = "Subject common name.")
            String commonName;

            @Mixin
            PkiOptions.KeyOptions key;

            @Option(names = "--exportable", description = "Allow pki issuer export of its key, now and forever.")
            boolean exportable;

            @Option(names = "--leaf-not-after", paramLabel = "err|truncate", description = "A TTL past the CA's "
                    + "not-after is refused (err, default) or clamped (truncate).")
            String leafNotAfterBehavior;

            @Mixin
            PkiOptions.SubjectOptions subject;

            @Mixin
            PkiOptions.UrlOptions urls;

            @Option(names = "--csr-out", paramLabel = "FILE", description = "Write the CSR (PEM) to FILE instead of "
                    + "printing it.")
            String csrOut;

            @Override
            int run(ArcaClient client) {
                var request = Pki.GenerateIntermediate.builder(name, commonName);
                if (key.given()) {
                    request.key(key.type, key.bits);
                }
                if (exportable) {
                    request.exportable(true);
                }
                ifGiven(leafNotAfterBehavior, request::leafNotAfterBehavior);
                ifGiven(subject.subject(), request::subject);
                ifGiven(urls.urls(), request::urls);
                Pki.IntermediateRequest pending = pki(client).generateIntermediate(request.build());
                if (csrOut != null) {
                    PkiFiles.writePublic(csrOut, pending.csr());
                }
                format.print(out(), pending, out -> {
                    PkiViews.issuer(out, pending.issuer());
                    if (csrOut != null) {
                        out.println("Wrote CSR to " + csrOut);
                    } else {
                        PkiViews.pem(out, pending.csr());
                    }
                });
                return 0;
            }
        }
    }

    @Command(name = "sign-intermediate", description = "Sign another CA's CSR with this issuer (its key stays with "
            + "it); prints the certificate for pki issuer set-signed.")
    static final class SignIntermediate extends OneIssuer {
        @Option(names = "--csr", required = true, paramLabel = "FILE", description = "The CSR (PEM); - reads stdin.")
        String csr;

        @Option(names = "--common-name", paramLabel = "CN", description = "Instead of the CSR's common name.")
        String commonName;

        @Option(names = "--ttl", paramLabel = "DURATION", description = "Validity (default 1825d, clamped to this "
                + "issuer's).")
        String ttl;

        @Option(names = "--max-path-length", paramLabel = "N", description = "How many CAs may follow it (default: "
                + "one less than this issuer's).")
        Integer maxPathLength;

        @Option(names = "--permitted-dns-domain", paramLabel = "DOMAIN", description = "A name constraint; repeat.")
        List<String> permittedDnsDomains;

        @Mixin
        IssuedOutput output;

        @Override
        int run(ArcaClient client) {
            var request = Pki.SignIntermediate.of(readFile("--csr", csr));
            var validity = duration("--ttl", ttl);
            if (validity != null) {
                request = request.withTtl(validity);
            }
            if (commonName != null) {
                request = request.withCommonName(commonName);
            }
            if (maxPathLength != null) {
                request = request.withMaxPathLength(maxPathLength);
            }
            if (permittedDnsDomains != null) {
                request = request.withPermittedDnsDomains(permittedDnsDomains);
            }
            output.print(out(), format, pki(client).signIntermediate(issuer, request), null);
            return 0;
        }
    }

    @Command(name = "set-signed", description = "Give a pending intermediate its signed certificate; it becomes "
            + "active.")
    static final class SetSigned extends OneIssuer {
        @Option(names = "--certificate", required = true, paramLabel = "FILE", description = "The certificate (PEM), "
                + "optionally followed by its chain; - reads stdin.")
        String certificate;

        @Override
        int run(ArcaClient client) {
            printIssuer(pki(client).setSigned(issuer, readFile("--certificate", certificate)));
            return 0;
        }
    }

    @Command(name = "import", description = "Import an outside CA: with --key it can issue; without, it is used to "
            + "validate only.")
    static final class Import extends PkiCommand.PkiSubcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The issuer's name in this vault.")
        String name;

        @Option(names = "--certificate", required = true, paramLabel = "FILE", description = "The CA certificate "
                + "(PEM), then its chain.")
        String certificate;

        @Option(names = "--key", paramLabel = "FILE", description = "Its private key (PEM, PKCS#8 or traditional).")
        String key;

        @Option(names = "--exportable", description = "With --key: allow pki issuer export of it later.")
        boolean exportable;

        @Override
        int run(ArcaClient client) {
            if (exportable && key == null) {
                throw usage("--exportable needs --key");
            }
            String pem = readFile("--certificate", certificate);
            var request = key == null ? Pki.Import.certificateOnly(name, pem)
                    : Pki.Import.withKey(name, pem, SecretText.of(readFile("--key", key)));
            if (exportable) {
                request = request.withExportable(true);
            }
            Pki.Issuer imported = pki(client).importIssuer(request);
            format.print(out(), imported, out -> PkiViews.issuer(out, imported));
            return 0;
        }
    }

    @Command(name = "list", description = "List the vault's issuers.")
    static final class ListIssuers extends PkiCommand.PkiSubcommand {
        @Override
        int run(ArcaClient client) {
            var page = pki(client).listIssuers();
            format.print(out(), page, out -> PkiViews.issuers(out, page.data()));
            return 0;
        }
    }

    @Command(name = "show", aliases = "get", description = "Show an issuer; --cert-out writes its certificate.")
    static final class Show extends OneIssuer {
        @Option(names = "--cert-out", paramLabel = "FILE", description = "Write its certificate (PEM) to FILE.")
        String certOut;

        @Override
        int run(ArcaClient client) {
            Pki.Issuer shown = pki(client).getIssuer(issuer);
            if (certOut != null) {
                if (shown.certificate() == null) {
                    throw new CommandFailure(shown.name() + " is pending: it has no certificate yet (pki issuer "
                            + "set-signed " + shown.name() + " --certificate FILE)");
                }
                PkiFiles.writePublic(certOut, shown.certificate());
            }
            printIssuer(shown);
            return 0;
        }
    }

    @Command(name = "update", description = "Change an issuer's URLs or leaf not-after behaviour, or make it the "
            + "vault's default.")
    static final class Update extends OneIssuer {
        @Option(names = "--default", description = "Make it the vault's default issuer.")
        boolean makeDefault;

        @Option(names = "--leaf-not-after", paramLabel = "err|truncate", description = "A TTL past the CA's "
                + "not-after is refused (err) or clamped (truncate).")
        String leafNotAfterBehavior;

        @Mixin
        PkiOptions.UrlOptions urls;

        @Override
        int run(ArcaClient client) {
            var update = new Pki.UpdateIssuer(urls.urls(), leafNotAfterBehavior, makeDefault ? Boolean.TRUE : null);
            if (update.urls() == null && update.leafNotAfterBehavior() == null && update.makeDefault() == null) {
                throw usage("nothing to change: give --default, --leaf-not-after or a URL option");
            }
            printIssuer(pki(client).updateIssuer(issuer, update));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete an issuer; its key is destroyed.")
    static final class Delete extends OneIssuer {
        @Override
        int run(ArcaClient client) {
            pki(client).deleteIssuer(issuer);
            format.print(out(), java.util.Map.of("deleted", issuer), out -> out.println("Deleted issuer " + issuer));
            return 0;
        }
    }

    @Command(name = "export", description = "Print or write the CA's private key (issuers created --exportable "
            + "only).")
    static final class Export extends OneIssuer {
        @Option(names = "--key-out", paramLabel = "FILE", description = "Write the key (PEM) to FILE, readable by "
                + "you only (0600), instead of printing it.")
        String keyOut;

        @Override
        int run(ArcaClient client) {
            Pki.IssuerKey exported = pki(client).exportIssuerKey(issuer);
            if (keyOut != null) {
                PkiFiles.writePrivate(keyOut, exported.privateKey().reveal());
                var written = java.util.Map.of("issuer", exported.issuer(), "key_out", keyOut);
                format.print(out(), written, out -> out.println("Wrote the key of " + issuer + " to " + keyOut));
            } else {
                format.print(out(), exported, out -> PkiViews.pem(out, exported.privateKey().reveal()));
            }
            return 0;
        }
    }
}
