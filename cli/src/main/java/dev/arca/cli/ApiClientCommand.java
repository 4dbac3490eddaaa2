package dev.arca.cli;

import dev.arca.api.Client;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.PemKeyFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca client …}: OAuth clients (services with a client id and secret, or an ES256 key). */
@Command(name = "client", description = "Create, list, disable, enable and revoke OAuth clients.",
        subcommands = {ApiClientCommand.Create.class, ApiClientCommand.ListClients.class, ApiClientCommand.Disable.class,
                ApiClientCommand.Enable.class, ApiClientCommand.Revoke.class})
final class ApiClientCommand {
    @Mixin
    HelpOption help;

    private static void print(PrintWriter out, Iterable<Client> clients) {
        var table = new Table("CLIENT ID", "NAME", "PUBLIC KEY", "CREATED", "DISABLED", "REVOKED");
        clients.forEach(c -> table.row(c.clientId(), c.name(), c.hasPublicKey() ? "yes" : "no", c.createdAt(),
                c.disabledAt(), c.revokedAt()));
        table.print(out);
    }

    @Command(name = "create", description = "Register a client; its secret is shown this once.")
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--public-key", paramLabel = "FILE", description = "An EC P-256 PUBLIC KEY PEM, for ES256 "
                + "client assertions and per-request JWTs.")
        Path publicKey;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) throws IOException {
            String pem = null;
            if (publicKey != null) {
                var key = PemKeyFile.readPublicKey(publicKey);
                if (!key.getAlgorithm().equals("EC")) {
                    throw new CommandFailure(publicKey + " holds a " + key.getAlgorithm() + " key; a client key is EC "
                            + "P-256 (openssl ecparam -name prime256v1 -genkey …)");
                }
                pem = Files.readString(publicKey, StandardCharsets.US_ASCII);
            }
            var created = client.clients().withVault(vault(client)).create(name, pem);
            format.print(out(), created, out -> new Table()
                    .row("client_id", created.clientId())
                    .row("client_secret", created.clientSecret().reveal())
                    .row("name", created.name())
                    .row("vault_id", created.vaultId())
                    .print(out));
            return 0;
        }
    }

    @Command(name = "list", description = "List the vault's clients.")
    static final class ListClients extends ClientCommand {
        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var page = client.clients().withVault(vault(client)).list();
            format.print(out(), page, out -> print(out, page.data()));
            return 0;
        }
    }

    /** {@code disable} and {@code enable}: one call, either way. */
    abstract static class Switch extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The cli_… id.")
        String id;

        @Mixin
        FormatOption format;

        abstract boolean disable();

        @Override
        int run(ArcaClient client) {
            var clients = client.clients().withVault(vault(client));
            var changed = disable() ? clients.disable(id) : clients.enable(id);
            format.print(out(), changed, out -> print(out, List.of(changed)));
            return 0;
        }
    }

    @Command(name = "disable", description = "Disable a client: its secret, JWTs and tokens refused; enable undoes "
            + "it.")
    static final class Disable extends Switch {
        @Override
        boolean disable() {
            return true;
        }
    }

    @Command(name = "enable", description = "Enable a disabled client again.")
    static final class Enable extends Switch {
        @Override
        boolean disable() {
            return false;
        }
    }

    @Command(name = "revoke", description = "Revoke a client and its tokens.")
    static final class Revoke extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The cli_… id.")
        String id;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var revoked = client.clients().withVault(vault(client)).revoke(id);
            format.print(out(), revoked, out -> print(out, List.of(revoked)));
            return 0;
        }
    }
}
