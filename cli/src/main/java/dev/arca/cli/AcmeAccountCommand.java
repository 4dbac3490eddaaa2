package dev.arca.cli;

import dev.arca.api.Acme;
import dev.arca.api.SecretText;
import dev.arca.sdk.ArcaClient;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca acme account …}: accounts at ACME CAs, registered by Arca with a key it keeps. */
@Command(name = "account", description = "Register, show, list and delete accounts at ACME CAs; Arca makes and "
        + "keeps each account's key.",
        subcommands = {AcmeAccountCommand.Create.class, AcmeAccountCommand.Show.class,
                AcmeAccountCommand.ListAccounts.class, AcmeAccountCommand.Delete.class})
final class AcmeAccountCommand {
    @Mixin
    HelpOption help;

    /** A subcommand about one account. */
    abstract static class OneAccount extends AcmeCommand.AcmeSubcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The account's name in the vault, e.g. le.")
        String name;

        final void printAccount(Acme.Account account) {
            format.print(out(), account, out -> AcmeViews.account(out, account));
        }
    }

    @Command(name = "create", description = "Register an account at the CA whose directory is given (or update the "
            + "email of an existing one at the same directory).")
    static final class Create extends OneAccount {
        private static final Duration CA_ROUND_TRIPS = Duration.ofSeconds(45);

        @Option(names = "--directory", required = true, paramLabel = "URL", description = "The CA's directory, e.g. "
                + "https://acme-v02.api.letsencrypt.org/directory or another Arca's (arca pki acme status).")
        String directory;

        @Option(names = "--email", paramLabel = "EMAIL", description = "The contact the CA writes to about expiry.")
        String email;

        @Option(names = "--eab-kid", paramLabel = "KEY_ID", description = "The external account binding key id the "
                + "CA gave; goes with --eab-hmac-key.")
        String eabKid;

        @Option(names = "--eab-hmac-key", paramLabel = "KEY", description = "Its HMAC key (base64url); - reads it "
                + "from stdin (or asks for it at a terminal), out of the shell's history.")
        String eabHmacKey;

        @Option(names = "--agree-tos", description = "Agree to the CA's terms of service (required by CAs that "
                + "have them).")
        boolean agreeTos;

        @Option(names = "--key-type", paramLabel = "TYPE", description = "The account key: ec (P-256, default) or "
                + "rsa (2048).")
        String keyType;

        @Option(names = "--directory-ca", paramLabel = "FILE", description = "A PEM CA certificate to trust for the CA's "
                + "HTTPS besides the system's (an internal CA); - reads stdin. (--ca-cert is Arca's own CA.)")
        String directoryCa;

        /** The server answers only after the CA registered the account: its round trips on top of the usual. */
        @Override
        Duration timeout() {
            return ArcaClient.DEFAULT_TIMEOUT.plus(CA_ROUND_TRIPS);
        }

        @Override
        int run(ArcaClient client) {
            if ((eabKid == null) != (eabHmacKey == null)) {
                throw usage("--eab-kid and --eab-hmac-key go together");
            }
            if (StdinValue.FROM_STDIN.equals(eabHmacKey) && StdinValue.FROM_STDIN.equals(directoryCa)) {
                throw usage("only one of --eab-hmac-key and --directory-ca can read stdin");
            }
            var write = new Acme.AccountWrite(directory, email, eab(), agreeTos ? Boolean.TRUE : null, keyType,
                    directoryCa == null ? null : PkiFiles.read(context(), "--directory-ca", directoryCa));
            printAccount(acme(client).putAccount(name, write));
            return 0;
        }

        private Acme.@Nullable Eab eab() {
            if (eabKid == null) {
                return null;
            }
            String key = StdinValue.orStdin(context(), eabHmacKey, "the EAB HMAC key").strip();
            return new Acme.Eab(eabKid, SecretText.of(key));
        }
    }

    @Command(name = "show", aliases = "get", description = "Show an account (never its key).")
    static final class Show extends OneAccount {
        @Override
        int run(ArcaClient client) {
            printAccount(acme(client).account(name));
            return 0;
        }
    }

    @Command(name = "list", description = "List the vault's ACME accounts.")
    static final class ListAccounts extends AcmeCommand.AcmeSubcommand {
        @Override
        int run(ArcaClient client) {
            var page = acme(client).accounts();
            format.print(out(), page, out -> AcmeViews.accounts(out, page.data()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Forget an account and destroy its key (the CA keeps its record).")
    static final class Delete extends OneAccount {
        @Override
        int run(ArcaClient client) {
            acme(client).deleteAccount(name);
            format.print(out(), Map.of("deleted", name), out -> out.println("Deleted ACME account " + name));
            return 0;
        }
    }
}
