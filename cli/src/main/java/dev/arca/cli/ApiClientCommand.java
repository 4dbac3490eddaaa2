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
        var table = new Table("CLIENT_ID", "NAME", "PUBLIC_KEY", "CREATED", "DISABLED", "REVOKED");
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

    @Command(name = "disable", description = "Disable a client: its secret, JWTs and tokens refused; enable undoes "
            + "it.")
    static final class Disable extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The cli_… id.")
        String id;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var disabled = client.clients().withVault(vault(client)).disable(id);
            format.print(out(), disabled, out -> print(out, List.of(disabled)));
            return 0;
        }
    }

    @Command(name = "enable", description = "Enable a disabled client again.")
    static final class Enable extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The cli_… id.")
        String id;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var enabled = client.clients().withVault(vault(client)).enable(id);
            format.print(out(), enabled, out -> print(out, List.of(enabled)));
            return 0;
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
