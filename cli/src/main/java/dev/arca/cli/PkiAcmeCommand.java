package dev.arca.cli;

import dev.arca.api.Acme;
import dev.arca.api.Durations;
import dev.arca.api.SecretText;
import dev.arca.sdk.ArcaClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca pki acme …}: the ACME server (RFC 8555) in front of the vault's CA, which certbot, lego and acme.sh
 * obtain certificates from ({@code /v1/vaults/{vault}/pki/config/acme} and {@code …/pki/eab}).
 */
@Command(name = "acme", description = "The vault's ACME server: certbot, lego and acme.sh obtain certificates from "
        + "the vault's CA through it. Turn it on, see its directory URL, make external account binding keys.",
        subcommands = {PkiAcmeCommand.Enable.class, PkiAcmeCommand.Disable.class, PkiAcmeCommand.Status.class,
                PkiAcmeCommand.Eab.class})
final class PkiAcmeCommand {
    private static final List<String> EAB_POLICIES = List.of(Acme.EAB_NOT_REQUIRED, Acme.EAB_NEW_ACCOUNT_REQUIRED,
            Acme.EAB_ALWAYS_REQUIRED);

    @Mixin
    HelpOption help;

    /** Prints the configuration as the server answered it, and what to give a client. */
    abstract static class ConfigSubcommand extends PkiCommand.PkiSubcommand {
        final int print(Acme.ServerConfig config) {
            format.print(out(), config, out -> AcmeViews.serverConfig(out, config));
            return 0;
        }
    }

    @Command(name = "enable", description = "Turn the ACME server on; an option left out keeps its value (at first: "
            + "no EAB, any name a challenge validated, the vault's default issuer, at most 90d).")
    static final class Enable extends ConfigSubcommand {
        @Option(names = "--eab-policy", paramLabel = "POLICY", description = "not-required, new-account-required or "
                + "always-required: whether accounts need an external account binding (arca pki acme eab create).")
        String eabPolicy;

        @Option(names = "--role", paramLabel = "ROLE", description = "The role whose name rules the default "
                + "directory applies.")
        String role;

        @Option(names = "--issuer", paramLabel = "ISSUER", description = "The issuer that signs for the default "
                + "directory (default: the vault's default issuer).")
        String issuer;

        @Option(names = "--max-ttl", paramLabel = "DURATION", description = "The longest certificate issued, at most "
                + "90d.")
        String maxTtl;

        @Override
        int run(ArcaClient client) {
            if (eabPolicy != null && !EAB_POLICIES.contains(eabPolicy)) {
                throw usage("--eab-policy is one of " + String.join(", ", EAB_POLICIES) + ", not " + eabPolicy);
            }
            var write = Acme.ServerConfigWrite.enable();
            if (eabPolicy != null) {
                write = write.withEabPolicy(eabPolicy);
            }
            if (role != null) {
                write = write.withDefaultRole(role);
            }
            if (issuer != null) {
                write = write.withDefaultIssuer(issuer);
            }
            Duration ttl = duration("--max-ttl", maxTtl);
            if (ttl != null) {
                write = write.withMaxTtl(Durations.format(ttl));
            }
            return print(pki(client).configureAcme(write));
        }
    }

    @Command(name = "disable", description = "Turn the ACME server off: its directories answer no more; the "
            + "configuration and EAB keys stay for the next enable.")
    static final class Disable extends ConfigSubcommand {
        @Override
        int run(ArcaClient client) {
            return print(pki(client).configureAcme(Acme.ServerConfigWrite.disable()));
        }
    }

    @Command(name = "status", description = "Show whether the ACME server is on, its rules, and the directory URL to "
            + "give certbot (--server) or lego.")
    static final class Status extends ConfigSubcommand {
        @Override
        int run(ArcaClient client) {
            return print(pki(client).acmeConfig());
        }
    }

    /** {@code arca pki acme eab …}: external account binding keys. */
    @Command(name = "eab", description = "External account binding keys: what an ACME client must present to "
            + "register when the EAB policy asks for one.",
            subcommands = {Eab.Create.class, Eab.ListKeys.class, Eab.Delete.class})
    static final class Eab {
        @Mixin
        HelpOption help;

        @Command(name = "create", description = "Make a key; its id and HMAC key are printed this once.")
        static final class Create extends PkiCommand.PkiSubcommand {
            @Option(names = "--comment", paramLabel = "TEXT", description = "What it is for, to find it again.")
            String comment;

            @Override
            int run(ArcaClient client) {
                var created = pki(client).createEabKey(comment);
                SecretText key = created.key();
                if (key == null) {
                    throw new CommandFailure("the server made EAB key " + created.id() + " but sent no key; delete "
                            + "it with arca pki acme eab delete " + created.id() + " and try again");
                }
                format.print(out(), created, out -> AcmeViews.eabCreated(out, created, key.reveal()));
                return 0;
            }
        }

        @Command(name = "list", description = "List the keys (never the keys themselves); a used one names the "
                + "account it bound.")
        static final class ListKeys extends PkiCommand.PkiSubcommand {
            @Override
            int run(ArcaClient client) {
                var page = pki(client).eabKeys();
                format.print(out(), page, out -> AcmeViews.eabKeys(out, page.data()));
                return 0;
            }
        }

        @Command(name = "delete", description = "Delete a key: it can bind no account any more.")
        static final class Delete extends PkiCommand.PkiSubcommand {
            @Parameters(index = "0", paramLabel = "ID", description = "The key's id, as eab create printed it.")
            String id;

            @Override
            int run(ArcaClient client) {
                pki(client).deleteEabKey(id);
                format.print(out(), Map.of("deleted", id), out -> out.println("Deleted EAB key " + id));
                return 0;
            }
        }
    }
}
