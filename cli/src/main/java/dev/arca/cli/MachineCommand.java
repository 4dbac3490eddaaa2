package dev.arca.cli;

import dev.arca.api.EnrollmentToken;
import dev.arca.api.Json;
import dev.arca.api.Machine;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.Enrollment;
import dev.arca.sdk.MachineIdentity;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code arca machine …}: enroll this host, and manage a vault's machines and enrollment tokens. */
@Command(name = "machine", description = "Enroll this machine; list, approve, reject and revoke machines.",
        subcommands = {MachineCommand.Enroll.class, MachineCommand.ListMachines.class, MachineCommand.Approve.class,
                MachineCommand.Reject.class, MachineCommand.Revoke.class, MachineCommand.EnrollmentTokens.class})
final class MachineCommand {
    @Mixin
    HelpOption help;

    private static void print(PrintWriter out, Iterable<Machine> machines) {
        var table = new Table("ID", "NAME", "STATUS", "EPHEMERAL", "HOSTNAME", "CREATED", "EXPIRES");
        machines.forEach(m -> table.row(m.id(), m.name(), m.status(), m.ephemeral() ? "yes" : "no", m.hostname(),
                m.createdAt(), m.expiresAt()));
        table.print(out);
    }

    @Command(name = "enroll", description = "Enroll this host with an enrollment token; writes its identity and key "
            + "under $ARCA_HOME/vaults/<vault_id>/.")
    static final class Enroll implements Callable<Integer> {
        @Mixin
        HelpOption help;

        @Spec
        CommandSpec spec;

        @Option(names = "--addr", paramLabel = "URL", description = "Server address (else ARCA_ADDR, else "
                + ArcaClient.DEFAULT_ADDRESS + ").")
        String address;

        @Option(names = "--vault", required = true, paramLabel = "VAULT", description = "Vault name or id.")
        String vault;

        @Option(names = "--token", required = true, paramLabel = "TOKEN", description = "The arcae_… enrollment token.")
        String token;

        @Option(names = "--name", paramLabel = "NAME", description = "The name to ask for (the token may impose one).")
        String name;

        @Option(names = "--hostname", paramLabel = "HOST", description = "This host's name (default: the system's).")
        String hostname;

        @Option(names = "--passphrase-file", paramLabel = "FILE", description = "Encrypt the key with the passphrase "
                + "in FILE (else ARCA_PASSPHRASE_FILE; else the key is stored unencrypted, mode 0600).")
        Path passphraseFile;

        @Option(names = "--layout", paramLabel = "LAYOUT", description = "arca (default: $ARCA_HOME/vaults/<vault_id>/) "
                + "or sikkerkey: enroll through the SikkerKey door (--addr is the door, e.g. http://localhost:8421) "
                + "and write $SIKKERKEY_HOME/vaults/<vault_id>/identity.json and private.pem for the SikkerKey "
                + "clients.")
        String layout = "arca";

        @Option(names = "--force", description = "Replace the identity already saved for this vault (its key is "
                + "lost: that machine can no longer authenticate from here).")
        boolean force;

        @Mixin
        FormatOption format;

        @Override
        public Integer call() {
            var context = (ArcaCommand) spec.root().userObject();
            String chosenAddress = address != null ? address : context.env("ARCA_ADDR");
            if ("sikkerkey".equals(layout)) {
                return enrollForSikkerKey(context, chosenAddress);
            }
            if (!"arca".equals(layout)) {
                throw new CommandFailure("--layout is arca or sikkerkey, not " + layout);
            }
            char[] passphrase = ClientOptions.passphrase(context, passphraseFile);
            if (!force && vault.startsWith("vault_")) {
                // The file is known before enrolling: refuse before the token is spent.
                refuseToReplace(MachineIdentity.defaultFile(context.home(), vault), "");
            }
            try (var client = ArcaClient.builder()
                    .address(chosenAddress != null ? chosenAddress : ArcaClient.DEFAULT_ADDRESS).retries(0).build()) {
                var enrolled = Enrollment.enroll(client, vault, token, name, hostname != null ? hostname : localHostname());
                if (!force) {
                    // A vault given by name is known by id only now; the new machine then exists on the server.
                    String newId = enrolled.machine().machineId();
                    refuseToReplace(MachineIdentity.defaultFile(context.home(), enrolled.machine().vaultId()),
                            "; the machine just enrolled (" + newId + ") was not saved: reject it with arca machine "
                            + "reject " + newId);
                }
                var identity = MachineIdentity.save(context.home(), enrolled, passphrase);
                var machine = enrolled.machine();
                var out = spec.commandLine().getOut();
                format.print(out, machine, text -> {
                    new Table()
                            .row("machine_id", machine.machineId())
                            .row("name", machine.machineName())
                            .row("vault_id", machine.vaultId())
                            .row("status", machine.status())
                            .row("expires_at", machine.expiresAt())
                            .row("identity", MachineIdentity.defaultFile(context.home(), identity.vaultId()))
                            .print(text);
                    if (enrolled.pending()) {
                        text.println("pending: ask an admin to run `arca machine approve " + machine.machineId() + "`");
                    }
                });
            }
            return 0;
        }

        private int enrollForSikkerKey(ArcaCommand context, @Nullable String chosenAddress) {
            if (passphraseFile != null || context.env("ARCA_PASSPHRASE_FILE") != null) {
                throw new CommandFailure("--layout sikkerkey writes an unencrypted private.pem (the SikkerKey clients "
                        + "read no other form); leave out --passphrase-file and ARCA_PASSPHRASE_FILE");
            }
            if (chosenAddress == null) {
                throw new CommandFailure("--layout sikkerkey needs --addr: the SikkerKey door's URL, e.g. "
                        + "http://localhost:8421");
            }
            Path home = SikkerKeyLayout.home(context);
            if (!force && vault.startsWith("vault_")) {
                refuseToReplace(SikkerKeyLayout.identityFile(home, vault), "");
            }
            var written = SikkerKeyLayout.enroll(java.net.URI.create(chosenAddress), home, vault, token, name,
                    hostname != null ? hostname : localHostname(), force);
            var out = spec.commandLine().getOut();
            format.print(out, written, text -> new Table()
                    .row("machine_id", written.machineId())
                    .row("name", written.machineName())
                    .row("vault_id", written.vaultId())
                    .row("api_url", written.apiUrl())
                    .row("identity", written.identityFile())
                    .print(text));
            return 0;
        }

        /** An identity on disk is a key nothing else holds: overwriting it must be asked for. */
        private static void refuseToReplace(Path identityFile, String andThen) {
            if (!Files.exists(identityFile)) {
                return;
            }
            String holder;
            try {
                var machineId = Json.lenient().readTree(Files.readAllBytes(identityFile)).path("machine_id");
                holder = machineId.isTextual() ? "machine " + machineId.asText() : "a machine identity";
            } catch (IOException e) {
                holder = "a machine identity";
            }
            throw new CommandFailure(identityFile + " already holds " + holder + "; not replaced" + andThen
                    + " (enroll again with --force to replace it, or use another ARCA_HOME)");
        }

        private static @Nullable String localHostname() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return null;
            }
        }
    }

    @Command(name = "list", description = "List the vault's machines.")
    static final class ListMachines extends ClientCommand {
        @Option(names = "--status", paramLabel = "STATUS", description = "Only pending, active, rejected, revoked or "
                + "expired machines.")
        String status;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var page = client.machines().withVault(vault(client)).list(status);
            format.print(out(), page, out -> print(out, page.data()));
            return 0;
        }
    }

    /** approve / reject / revoke: one machine by id, answered with its new state. */
    abstract static class Act extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "The mach_… id.")
        String id;

        @Mixin
        FormatOption format;

        abstract Machine act(dev.arca.sdk.MachineOperations machines, String id);

        @Override
        final int run(ArcaClient client) {
            var machine = act(client.machines().withVault(vault(client)), id);
            format.print(out(), machine, out -> print(out, List.of(machine)));
            return 0;
        }
    }

    @Command(name = "approve", description = "Approve a pending machine.")
    static final class Approve extends Act {
        @Override
        Machine act(dev.arca.sdk.MachineOperations machines, String id) {
            return machines.approve(id);
        }
    }

    @Command(name = "reject", description = "Reject a pending machine.")
    static final class Reject extends Act {
        @Override
        Machine act(dev.arca.sdk.MachineOperations machines, String id) {
            return machines.reject(id);
        }
    }

    @Command(name = "revoke", description = "Revoke a machine: its signatures stop working at once.")
    static final class Revoke extends Act {
        @Override
        Machine act(dev.arca.sdk.MachineOperations machines, String id) {
            return machines.revoke(id);
        }
    }

    @Command(name = "token", description = "Create, list and revoke enrollment tokens.",
            subcommands = {EnrollmentTokens.Create.class, EnrollmentTokens.ListTokens.class, EnrollmentTokens.RevokeToken.class})
    static final class EnrollmentTokens {
        @Mixin
        HelpOption help;

        private static void print(PrintWriter out, Iterable<EnrollmentToken> tokens) {
            var table = new Table("ID", "EPHEMERAL", "MACHINE TTL", "USES", "MAX USES", "AUTO APPROVE", "EXPIRES", "REVOKED");
            tokens.forEach(t -> table.row(t.id(), t.ephemeral() ? "yes" : "no", t.machineTtl(), t.uses(), t.maxUses(),
                    t.autoApprove() ? "yes" : "no", t.expiresAt(), t.revokedAt()));
            table.print(out);
        }

        @Command(name = "create", description = "Create an enrollment token; it is shown this once.")
        static final class Create extends ClientCommand {
            @Option(names = "--ephemeral", description = "Machines enrolled with it expire after --machine-ttl.")
            boolean ephemeral;

            @Option(names = "--machine-ttl", paramLabel = "DURATION", description = "Lifetime of ephemeral machines "
                    + "(default 1h).")
            String machineTtl;

            @Option(names = "--max-uses", paramLabel = "N", description = "How many machines may enroll with it.")
            Integer maxUses;

            @Option(names = "--expires", paramLabel = "DURATION", description = "How long the token is valid "
                    + "(default 30d).")
            String expires;

            @Option(names = "--cidr", paramLabel = "CIDR", description = "Enrollments only from this range; repeat.")
            List<String> cidrs;

            @Option(names = "--hostname-pattern", paramLabel = "GLOB", description = "Hostnames allowed to enroll.")
            String hostnamePattern;

            @Option(names = "--name-pattern", paramLabel = "PATTERN", description = "Name given to machines, e.g. "
                    + "ci-{uuid8}.")
            String namePattern;

            @Option(names = "--projects", split = ",", paramLabel = "P", description = "Projects the machines may read.")
            List<String> projects;

            @Option(names = "--secrets", split = ",", paramLabel = "PATH", description = "Secrets the machines may read.")
            List<String> secrets;

            @Option(names = "--auto-approve", description = "Persistent machines are active at once.")
            boolean autoApprove;

            @Mixin
            FormatOption format;

            @Override
            int run(ArcaClient client) {
                var created = client.machines().withVault(vault(client)).createEnrollmentToken(new EnrollmentToken.Create(
                        ephemeral ? Boolean.TRUE : null, machineTtl, maxUses, expires, cidrs, hostnamePattern,
                        namePattern, projects, secrets, autoApprove ? Boolean.TRUE : null));
                format.print(out(), created, out -> new Table()
                        .row("token", created.token().reveal())
                        .row("id", created.id())
                        .row("ephemeral", created.ephemeral() ? "yes" : "no")
                        .row("machine_ttl", created.machineTtl())
                        .row("max_uses", created.maxUses())
                        .row("auto_approve", created.autoApprove() ? "yes" : "no")
                        .row("expires_at", created.expiresAt())
                        .print(out));
                return 0;
            }
        }

        @Command(name = "list", description = "List enrollment tokens (never the tokens themselves).")
        static final class ListTokens extends ClientCommand {
            @Mixin
            FormatOption format;

            @Override
            int run(ArcaClient client) {
                var page = client.machines().withVault(vault(client)).listEnrollmentTokens();
                format.print(out(), page, out -> print(out, page.data()));
                return 0;
            }
        }

        @Command(name = "revoke", description = "Revoke an enrollment token.")
        static final class RevokeToken extends ClientCommand {
            @Parameters(paramLabel = "ID", description = "The enr_… id.")
            String id;

            @Override
            int run(ArcaClient client) {
                client.machines().withVault(vault(client)).revokeEnrollmentToken(id);
                out().println("Revoked " + id);
                return 0;
            }
        }
    }
}
