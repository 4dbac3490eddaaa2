package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.api.Lease;
import dev.arca.api.SecretText;
import dev.arca.sdk.ArcaClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca lease …}: raw values handed out for a limited time, and the leases that track them. */
@Command(name = "lease", description = "Retrieve a secret's value on a lease; list, renew, release and revoke leases "
        + "(also those of dynamic database credentials).",
        subcommands = {LeaseCommand.Retrieve.class, LeaseCommand.ListLeases.class, LeaseCommand.Get.class,
                LeaseCommand.Renew.class, LeaseCommand.Release.class, LeaseCommand.Revoke.class,
                LeaseCommand.RevokeForce.class})
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

    /** A lease; a dynamic credential's has no version but a cleanup state, and the last failed revocation's answer. */
    static void printLease(java.io.PrintWriter out, Lease lease) {
        new Table().row("LEASE", lease.leaseId()).row("KIND", lease.kind()).row("PATH", lease.path())
                .row("VERSION", lease.version()).row("HOLDER", lease.holder()).row("STATE", lease.state())
                .row("ISSUED", lease.issuedAt()).row("EXPIRES", lease.expiresAt())
                .row("MAX EXPIRES", lease.maxExpiresAt()).row("ENDED", lease.endedAt())
                .row("CLEANUP", lease.cleanup()).row("LAST ERROR", lease.lastError()).print(out);
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
            + "(needs list on _leases); with --irrevocable the dynamic credentials whose revocation was given up on.")
    static final class ListLeases extends ClientCommand {
        @Option(names = "--irrevocable", description = "The vault's leases whose database user could not be dropped "
                + "after every retry: end them with arca lease revoke-force.")
        boolean irrevocable;

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
            if (irrevocable) {
                if (holder != null || secret != null) {
                    throw usage("--irrevocable lists the whole vault's: it takes no --holder or --secret");
                }
                var page = client.leases().withVault(vault(client)).irrevocable(limit, cursor);
                format.print(out(), page, out -> {
                    var table = new Table("LEASE", "PATH", "HOLDER", "STATE", "ENDED", "LAST ERROR");
                    page.data().forEach(lease -> table.row(lease.leaseId(), lease.path(), lease.holder(),
                            lease.state(), lease.endedAt(), lease.lastError()));
                    table.print(out);
                    printMore(out, page);
                });
                return 0;
            }
            var page = holder == null && secret == null ? client.leases().listOwn(limit, cursor)
                    : client.leases().withVault(vault(client)).list(holder, secret, limit, cursor);
            format.print(out(), page, out -> {
                var table = new Table("LEASE", "PATH", "VERSION", "HOLDER", "EXPIRES", "MAX EXPIRES");
                page.data().forEach(lease -> table.row(lease.leaseId(), lease.path(), lease.version(), lease.holder(),
                        lease.expiresAt(), lease.maxExpiresAt()));
                table.print(out);
                printMore(out, page);
            });
            return 0;
        }

        private static void printMore(java.io.PrintWriter out, dev.arca.api.Page<Lease> page) {
            if (page.hasMore()) {
                out.println("More: --cursor " + page.cursor());
            }
        }
    }

    @Command(name = "get", aliases = "show", description = "Show one lease.")
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

    @Command(name = "renew", description = "Extend a lease, never past its maximum (a PostgreSQL user's VALID UNTIL "
            + "too).")
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
                    + Table.show(lease.expiresAt()) + " (at most " + Table.show(lease.maxExpiresAt()) + ")"));
            return 0;
        }
    }

    @Command(name = "release", description = "End a lease now: the value is no longer needed, or a dynamic "
            + "credential's user is dropped.")
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
    @Command(name = "revoke", description = "End every active lease of one holder, or whose path starts with a "
            + "prefix, in the vault (needs delete on _leases).")
    static final class Revoke extends ConnectedCommand {
        /** Whose leases: one holder's, or those under a path prefix. */
        static final class Which {
            @Option(names = "--identity", paramLabel = "SUBJECT", description = "The holder: agent:A, machine:M, "
                    + "client:C, user:U.")
            String holder;

            @Option(names = "--prefix", paramLabel = "PREFIX", description = "A path prefix, e.g. "
                    + "database/creds/readonly for every credential of that role.")
            String prefix;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        @Mixin
        FormatOption format;

        @Override
        @Nullable String identityOption() {
            return null;
        }

        @Override
        int run(ArcaClient client) {
            var leases = client.leases().withVault(vault(client));
            int revoked = which.holder != null ? leases.revoke(which.holder) : leases.revokePrefix(which.prefix);
            String whose = which.holder != null ? " of " + which.holder : " under " + which.prefix;
            format.print(out(), new Lease.Revoked(revoked), out -> out.println("Revoked " + revoked + " lease"
                    + (revoked == 1 ? "" : "s") + whose));
            return 0;
        }
    }

    @Command(name = "revoke-force", description = "End a dynamic credential's lease whether or not its user can be "
            + "dropped: one last attempt, then it owes nothing (needs admin on _leases; audited).")
    static final class RevokeForce extends ClientCommand {
        @Parameters(paramLabel = "LEASE_ID")
        String leaseId;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            client.leases().withVault(vault(client)).revokeForce(leaseId);
            var answer = new LinkedHashMap<String, Object>();
            answer.put("lease_id", leaseId);
            answer.put("forced", true);
            format.print(out(), answer, out -> out.println("Forced the end of " + leaseId + ": check that its user "
                    + "is gone from the database"));
            return 0;
        }
    }
}
