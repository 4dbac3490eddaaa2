package dev.arca.cli;

import dev.arca.api.Acme;
import dev.arca.sdk.ArcaClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca acme order show ID}, and the commands that start orders: {@code arca acme issue} and
 * {@code arca acme renew}.
 */
@Command(name = "order", description = "Show an order: one attempt to obtain a certificate, from pending to valid or "
        + "invalid.", subcommands = AcmeOrderCommand.Show.class)
final class AcmeOrderCommand {
    private static final List<String> CHALLENGES = List.of(Acme.HTTP_01, Acme.DNS_01);

    @Mixin
    HelpOption help;

    @Command(name = "show", aliases = "get", description = "Show an order as it stands now, with the CA's error if it "
            + "is invalid or retrying.")
    static final class Show extends AcmeCommand.AcmeSubcommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The order's id, as issue or renew printed it.")
        String id;

        @Override
        int run(ArcaClient client) {
            var order = acme(client).order(id);
            format.print(out(), order, out -> AcmeViews.order(out, order));
            return 0;
        }
    }

    @Command(name = "issue", description = "Obtain a certificate from the account's CA and keep it (chain and key) as "
            + "a certificate secret; Arca renews it before it expires unless --no-auto-renew.")
    static final class Issue extends AcmeCommand.OrderingSubcommand {
        @Option(names = "--account", required = true, paramLabel = "ACCOUNT", description = "The ACME account "
                + "(arca acme account create).")
        String account;

        @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "A name the certificate is "
                + "for (*.example.com needs dns-01); repeat for more.")
        List<String> domains;

        @Option(names = "--challenge", required = true, paramLabel = "TYPE", description = "http-01 (answered on "
                + "Arca's challenge listener, or written under --webroot) or dns-01 (through --dns-provider).")
        String challenge;

        @Option(names = "--dns-provider", paramLabel = "NAME", description = "dns-01: where the TXT records go "
                + "(arca acme dns set).")
        String dnsProvider;

        @Option(names = "--webroot", paramLabel = "DIR", description = "http-01: the directory a web server serves "
                + "for the names, on the Arca server's host.")
        String webroot;

        @Option(names = "--secret", paramLabel = "PATH", description = "The secret to keep it as (default: "
                + "acme/<first domain>, a wildcard's * as _).")
        String secret;

        @Option(names = "--auto-renew", negatable = true, description = "Renew at two thirds of its lifetime (or when "
                + "the CA says); on unless --no-auto-renew.")
        Boolean autoRenew;

        @Option(names = "--key-type", paramLabel = "TYPE", description = "The certificate's key: ec (P-256, default) "
                + "or rsa (2048).")
        String keyType;

        @Override
        int run(ArcaClient client) {
            if (!CHALLENGES.contains(challenge)) {
                throw usage("--challenge is http-01 or dns-01, not " + challenge);
            }
            if (Acme.DNS_01.equals(challenge) && dnsProvider == null) {
                throw usage("--challenge dns-01 needs --dns-provider (arca acme dns list)");
            }
            if (Acme.HTTP_01.equals(challenge) && dnsProvider != null) {
                throw usage("--dns-provider goes with --challenge dns-01");
            }
            if (Acme.DNS_01.equals(challenge) && webroot != null) {
                throw usage("--webroot goes with --challenge http-01");
            }
            var waitFor = waitFor();
            var acme = acme(client);
            var request = new Acme.IssueRequest(account, domains, challenge, secret, autoRenew,
                    keyType, dnsProvider, webroot);
            return follow(acme, acme.issue(request), waitFor);
        }
    }

    @Command(name = "renew", description = "Renew a managed certificate now, whatever its schedule; the secret "
            + "gains a version once the order is valid.")
    static final class Renew extends AcmeCommand.OrderingSubcommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The certificate's id (arca acme certificates "
                + "list).")
        String id;

        @Override
        int run(ArcaClient client) {
            var waitFor = waitFor();
            var acme = acme(client);
            return follow(acme, acme.renew(id), waitFor);
        }
    }
}
