package dev.arca.cli;

import dev.arca.api.Acme;
import dev.arca.api.SecretText;
import dev.arca.sdk.ArcaClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca acme dns …}: where the TXT records of {@code dns-01} challenges are written. */
@Command(name = "dns", description = "Set, show, list and delete DNS providers: where dns-01 TXT records are written "
        + "(an RFC 2136 dynamic update signed with TSIG, or the hook the server's configuration names).",
        subcommands = {AcmeDnsCommand.Set.class, AcmeDnsCommand.Show.class, AcmeDnsCommand.ListProviders.class,
                AcmeDnsCommand.Delete.class})
final class AcmeDnsCommand {
    static final String RFC2136 = "rfc2136";
    static final String HOOK = "hook";

    @Mixin
    HelpOption help;

    /** A subcommand about one provider. */
    abstract static class OneProvider extends AcmeCommand.AcmeSubcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The provider's name, e.g. bind.")
        String name;

        final void printProvider(Acme.DnsProvider provider) {
            format.print(out(), provider, out -> AcmeViews.dnsProvider(out, provider));
        }
    }

    @Command(name = "set", description = "Create or replace a DNS provider. The TSIG secret is read from a file or "
            + "stdin, never from the command line.")
    static final class Set extends OneProvider {
        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "rfc2136 (a dynamic update to "
                + "--server) or hook (the command the server's configuration names).")
        String type;

        @Option(names = "--server", paramLabel = "HOST:PORT", description = "rfc2136: the DNS server taking updates.")
        String server;

        @Option(names = "--zone", paramLabel = "ZONE", description = "rfc2136: the zone to update (default: the one "
                + "the server answers SOA for).")
        String zone;

        @Option(names = "--tsig-key", paramLabel = "NAME", description = "rfc2136: the TSIG key's name.")
        String tsigKey;

        @Option(names = "--tsig-algorithm", paramLabel = "ALGORITHM", description = "rfc2136: hmac-sha256 (default), "
                + "hmac-sha512 or hmac-sha1.")
        String tsigAlgorithm;

        @Option(names = "--tsig-secret-file", paramLabel = "FILE", description = "rfc2136: the TSIG secret, base64 "
                + "as tsig-keygen prints it; - reads stdin.")
        String tsigSecretFile;

        @Override
        int run(ArcaClient client) {
            Acme.DnsProviderWrite write = switch (type) {
                case RFC2136 -> rfc2136();
                case HOOK -> hook();
                default -> throw usage("--type is rfc2136 or hook, not " + type);
            };
            printProvider(acme(client).putDnsProvider(name, write));
            return 0;
        }

        private Acme.DnsProviderWrite rfc2136() {
            var missing = new ArrayList<String>();
            if (server == null) {
                missing.add("--server");
            }
            if (tsigKey == null) {
                missing.add("--tsig-key");
            }
            if (tsigSecretFile == null) {
                missing.add("--tsig-secret-file");
            }
            if (!missing.isEmpty()) {
                throw usage("--type rfc2136 needs " + String.join(", ", missing));
            }
            String secret = PkiFiles.read(context(), "--tsig-secret-file", tsigSecretFile).strip();
            if (secret.isEmpty()) {
                throw new CommandFailure("--tsig-secret-file: " + tsigSecretFile + " holds no secret");
            }
            return new Acme.DnsProviderWrite(RFC2136, server, zone, tsigKey, tsigAlgorithm, SecretText.of(secret));
        }

        private Acme.DnsProviderWrite hook() {
            List<String> given = new ArrayList<>();
            addIfGiven(given, "--server", server);
            addIfGiven(given, "--zone", zone);
            addIfGiven(given, "--tsig-key", tsigKey);
            addIfGiven(given, "--tsig-algorithm", tsigAlgorithm);
            addIfGiven(given, "--tsig-secret-file", tsigSecretFile);
            if (!given.isEmpty()) {
                throw usage(String.join(", ", given) + " go with --type rfc2136; a hook is configured on the server");
            }
            return Acme.DnsProviderWrite.hook();
        }

        private static void addIfGiven(List<String> given, String option, @Nullable String value) {
            if (value != null) {
                given.add(option);
            }
        }
    }

    @Command(name = "show", aliases = "get", description = "Show a DNS provider (never its TSIG secret).")
    static final class Show extends OneProvider {
        @Override
        int run(ArcaClient client) {
            printProvider(acme(client).dnsProvider(name));
            return 0;
        }
    }

    @Command(name = "list", description = "List the vault's DNS providers.")
    static final class ListProviders extends AcmeCommand.AcmeSubcommand {
        @Override
        int run(ArcaClient client) {
            var page = acme(client).dnsProviders();
            format.print(out(), page, out -> AcmeViews.dnsProviders(out, page.data()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a DNS provider.")
    static final class Delete extends OneProvider {
        @Override
        int run(ArcaClient client) {
            acme(client).deleteDnsProvider(name);
            format.print(out(), Map.of("deleted", name), out -> out.println("Deleted DNS provider " + name));
            return 0;
        }
    }
}
