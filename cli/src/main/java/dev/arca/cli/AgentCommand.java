package dev.arca.cli;

import dev.arca.api.Agent;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.Ed25519Keys;
import dev.arca.sdk.PemKeyFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca agent …}: agents that prove themselves with an Ed25519 key and act with short sessions. */
@Command(name = "agent", description = "Create, list and revoke agents.",
        subcommands = {AgentCommand.Create.class, AgentCommand.ListAgents.class, AgentCommand.Revoke.class})
final class AgentCommand {
    @Mixin
    HelpOption help;

    private static void print(PrintWriter out, Iterable<Agent> agents) {
        var table = new Table("ID", "NAME", "CREATED", "REVOKED");
        agents.forEach(a -> table.row(a.id(), a.name(), a.createdAt(), a.revokedAt()));
        table.print(out);
    }

    @Command(name = "create", description = "Register an agent. Without --public-key, makes an Ed25519 key in "
            + "$ARCA_HOME/keys/NAME.key (mode 0600) for the agent to use.")
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--public-key", paramLabel = "FILE", description = "The agent's Ed25519 PUBLIC KEY PEM.")
        Path publicKey;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            PublicKey key;
            Path written = null;
            if (publicKey != null) {
                key = PemKeyFile.readPublicKey(publicKey);
            } else {
                written = context().home().resolve("keys").resolve(name + ".key");
                if (Files.exists(written)) {
                    throw new CommandFailure(written + " exists already; give its public key with --public-key, or "
                            + "move it away");
                }
                var pair = Ed25519Keys.generate();
                PemKeyFile.writePrivateKey(written, pair.getPrivate(), null);
                key = pair.getPublic();
            }
            var agent = client.agents().withVault(vault(client)).create(name, key);
            Path keyFile = written;
            format.print(out(), agent, out -> {
                print(out, List.of(agent));
                if (keyFile != null) {
                    out.println("private key: " + keyFile);
                }
            });
            return 0;
        }
    }

    @Command(name = "list", description = "List the vault's agents.")
    static final class ListAgents extends ClientCommand {
        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var page = client.agents().withVault(vault(client)).list();
            format.print(out(), page, out -> print(out, page.data()));
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke an agent and its sessions.")
    static final class Revoke extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var agent = client.agents().withVault(vault(client)).revoke(name);
            format.print(out(), agent, out -> print(out, List.of(agent)));
            return 0;
        }
    }
}
