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
@Command(name = "agent", description = "Create, list, disable, enable and revoke agents.",
        subcommands = {AgentCommand.Create.class, AgentCommand.ListAgents.class, AgentCommand.Disable.class,
                AgentCommand.Enable.class, AgentCommand.Revoke.class})
final class AgentCommand {
    @Mixin
    HelpOption help;

    private static void print(PrintWriter out, Iterable<Agent> agents) {
        var table = new Table("ID", "NAME", "CREATED", "DISABLED", "REVOKED");
        agents.forEach(a -> table.row(a.id(), a.name(), a.createdAt(), a.disabledAt(), a.revokedAt()));
        table.print(out);
    }

    @Command(name = "create", description = "Register an agent. Without --public-key, makes an Ed25519 key for the "
            + "agent to use: $ARCA_HOME/keys/NAME.key (PEM, mode 0600), or with --layout sanctum "
            + "~/.sanctum/keys/NAME.key (64 hex characters, the key's seed, as SanctumAI's clients read it).")
    static final class Create extends ClientCommand {
        /** Where, and in which form, a generated key is written. */
        enum Layout { arca, sanctum }

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--public-key", paramLabel = "FILE", description = "The agent's Ed25519 PUBLIC KEY PEM.")
        Path publicKey;

        @Option(names = "--layout", paramLabel = "LAYOUT", defaultValue = "arca",
                description = "How to write the generated key: arca (PEM under $ARCA_HOME/keys) or sanctum (the "
                        + "seed in hex under ~/.sanctum/keys, for the SanctumAI clients).")
        Layout layout;

        @Option(names = "--key-dir", paramLabel = "DIR", description = "The directory for the generated key "
                + "(default: $ARCA_HOME/keys, or ~/.sanctum/keys with --layout sanctum).")
        Path keyDir;

        @Option(names = "--force", description = "Replace a key file that exists already.")
        boolean force;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            PublicKey key;
            Path written = null;
            if (publicKey != null) {
                key = PemKeyFile.readPublicKey(publicKey);
            } else {
                written = keyDirectory().resolve(name + ".key");
                if (Files.exists(written) && !force) {
                    throw new CommandFailure(written + " exists already; give its public key with --public-key, "
                            + "move it away, or replace it with --force");
                }
                var pair = Ed25519Keys.generate();
                if (layout == Layout.sanctum) {
                    SanctumKeyFile.write(written, pair.getPrivate());
                } else {
                    PemKeyFile.writePrivateKey(written, pair.getPrivate(), null);
                }
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

        private Path keyDirectory() {
            if (keyDir != null) {
                return keyDir;
            }
            return layout == Layout.sanctum ? SanctumKeyFile.defaultDirectory() : context().home().resolve("keys");
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

    /** {@code disable} and {@code enable}: one call, either way. */
    abstract static class Switch extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Mixin
        FormatOption format;

        abstract boolean disable();

        @Override
        int run(ArcaClient client) {
            var agents = client.agents().withVault(vault(client));
            var agent = disable() ? agents.disable(name) : agents.enable(name);
            format.print(out(), agent, out -> print(out, List.of(agent)));
            return 0;
        }
    }

    @Command(name = "disable", description = "Disable an agent: no new session, its live ones refused; enable undoes "
            + "it.")
    static final class Disable extends Switch {
        @Override
        boolean disable() {
            return true;
        }
    }

    @Command(name = "enable", description = "Enable a disabled agent again.")
    static final class Enable extends Switch {
        @Override
        boolean disable() {
            return false;
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
