package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.api.Lease;
import dev.arca.api.SecretText;
import dev.arca.sdk.ArcaClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca lease …}: raw values handed out for a limited time, and the leases that track them. */
@Command(name = "lease", description = "Retrieve a secret's value on a lease; list, renew, release and revoke leases.",
        subcommands = {LeaseCommand.Retrieve.class, LeaseCommand.ListLeases.class, LeaseCommand.Get.class,
                LeaseCommand.Renew.class, LeaseCommand.Release.class, LeaseCommand.Revoke.class})
final class LeaseCommand {
    @Mixin
    HelpOption help;

    /** A duration option checked here, so a typo is a usage error before anything is sent. */
    static @Nullable Duration duration(ConnectedCommand command, String option, @Nullable String text) {
        if (text == null) {
            return null;
        }
        try {
            Duration parsed = Durations.parse(text);
            if (parsed.isZero()) {
                throw command.usage(option + " must be longer than 0s");
            }
            return parsed;
        } catch (IllegalArgumentException e) {
            throw command.usage(option + ": " + e.getMessage());
        }
    }

    static void printLease(java.io.PrintWriter out, Lease lease) {
        new Table().row("LEASE", lease.leaseId()).row("PATH", lease.path()).row("VERSION", lease.version())
                .row("HOLDER", lease.holder()).row("STATE", lease.state()).row("ISSUED", lease.issuedAt())
                .row("EXPIRES", lease.expiresAt()).row("MAX EXPIRES", lease.maxExpiresAt())
                .row("ENDED", lease.endedAt()).print(out);
    }

    @Command(name = "retrieve", description = "Read a secret's value on a lease (needs the lease permission): it "
            + "ends after --ttl unless renewed, at the latest after --max-ttl; release it when done.")
    static final class Retrieve extends ClientCommand {
        @Parameters(paramLabel = "PATH", description = "project/name, e.g. app/db")
        String path;

        @Option(names = "--ttl", paramLabel = "DURATION", description = "Until a renewal is needed (default: 15m).")
        String ttl;

        @Option(names = "--max-ttl", paramLabel = "DURATION", description = "How far renewals may extend it, at most "
                + "24h (default: 24h).")
        String maxTtl;

        @Option(names = "--version", paramLabel = "N|previous", description = "A version (default: the current one).")
        String version;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            Duration ttlValue = duration(this, "--ttl", ttl);
            Duration maxValue = duration(this, "--max-ttl", maxTtl);
            var retrieved = client.leases().withVault(vault(client)).retrieve(path, ttlValue, maxValue, version);
            format.print(out(), retrieved, out -> {
                var table = new Table().row("LEASE", retrieved.leaseId()).row("PATH", retrieved.path())
                        .row("VERSION", retrieved.version()).row("EXPIRES", retrieved.expiresAt())
                        .row("MAX EXPIRES", retrieved.maxExpiresAt());
                if (retrieved.fields() != null) {
                    new TreeMap<>(SecretText.revealAll(retrieved.fields()))
                            .forEach((field, value) -> table.row("FIELD " + field, value));
                } else {
                    table.row("VALUE", retrieved.value().reveal());
                }
                table.print(out);
            });
            return 0;
        }
    }

    @Command(name = "list", description = "Your own active leases, or with --holder or --secret the vault's "
            + "(needs list on _leases).")
    static final class ListLeases extends ClientCommand {
        @Option(names = "--holder", paramLabel = "SUBJECT", description = "Only this holder's, e.g. agent:bot.")
        String holder;

        @Option(names = "--secret", paramLabel = "ID", description = "Only leases of this secret (sk_…).")
        String secret;

        @Option(names = "--limit", paramLabel = "N", description = "At most N leases per page.")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "C", description = "Continue after a previous page.")
        String cursor;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            if (limit != null && limit < 1) {
                throw usage("--limit must be at least 1");
            }
            var page = holder == null && secret == null ? client.leases().listOwn(limit, cursor)
                    : client.leases().withVault(vault(client)).list(holder, secret, limit, cursor);
            format.print(out(), page, out -> {
                var table = new Table("LEASE", "PATH", "VERSION", "HOLDER", "EXPIRES", "MAX EXPIRES");
                page.data().forEach(lease -> table.row(lease.leaseId(), lease.path(), lease.version(), lease.holder(),
                        lease.expiresAt(), lease.maxExpiresAt()));
                table.print(out);
                if (page.hasMore()) {
                    out.println("More: --cursor " + page.cursor());
                }
            });
            return 0;
        }
    }

    @Command(name = "get", description = "Show one lease.")
    static final class Get extends ClientCommand {
        @Parameters(paramLabel = "LEASE_ID")
        String leaseId;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var lease = client.leases().get(leaseId);
            format.print(out(), lease, out -> printLease(out, lease));
            return 0;
        }
    }

    @Command(name = "renew", description = "Extend a lease, never past its maximum.")
    static final class Renew extends ClientCommand {
        @Parameters(paramLabel = "LEASE_ID")
        String leaseId;

        @Option(names = "--increment", paramLabel = "DURATION", description = "From now (default: the lease's ttl).")
        String increment;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var lease = client.leases().renew(leaseId, duration(this, "--increment", increment));
            format.print(out(), lease, out -> out.println("Renewed " + lease.leaseId() + " until "
                    + lease.expiresAt() + " (at most " + lease.maxExpiresAt() + ")"));
            return 0;
        }
    }

    @Command(name = "release", description = "End a lease now: the value is no longer needed.")
    static final class Release extends ClientCommand {
        @Parameters(paramLabel = "LEASE_ID")
        String leaseId;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            client.leases().release(leaseId);
            var answer = new LinkedHashMap<String, Object>();
            answer.put("lease_id", leaseId);
            answer.put("state", "released");
            format.print(out(), answer, out -> out.println("Released " + leaseId));
            return 0;
        }
    }

    /** Its {@code --identity} names the holder, so it is not a {@link ClientCommand} (as {@code policy test}). */
    @Command(name = "revoke", description = "End every active lease of one holder in the vault (needs delete on "
            + "_leases).")
    static final class Revoke extends ConnectedCommand {
        @Option(names = "--identity", required = true, paramLabel = "SUBJECT", description = "The holder: "
                + "agent:A, machine:M, client:C, user:U.")
        String holder;

        @Mixin
        FormatOption format;

        @Override
        @Nullable String identityOption() {
            return null;
        }

        @Override
        int run(ArcaClient client) {
            int revoked = client.leases().withVault(vault(client)).revoke(holder);
            format.print(out(), new Lease.Revoked(revoked), out -> out.println("Revoked " + revoked + " lease"
                    + (revoked == 1 ? "" : "s") + " of " + holder));
            return 0;
        }
    }
}
