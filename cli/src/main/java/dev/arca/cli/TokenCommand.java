package dev.arca.cli;

import dev.arca.api.Token;
import dev.arca.sdk.ArcaClient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** {@code arca token …}: create, look up and revoke tokens, named by the token itself or by its accessor. */
@Command(name = "token", description = "Create, look up, renew and revoke tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.Lookup.class, TokenCommand.Renew.class,
                TokenCommand.Revoke.class})
final class TokenCommand {
    @Mixin
    HelpOption help;

    /** Exactly one of TOKEN and --accessor, or neither when {@code neitherMeansSelf}. */
    private static void requireOneOf(ClientCommand command, String token, String accessor, boolean neitherMeansSelf) {
        if (token != null && accessor != null) {
            throw new ParameterException(command.spec.commandLine(), "give TOKEN or --accessor, not both");
        }
        if (token == null && accessor == null && !neitherMeansSelf) {
            throw new ParameterException(command.spec.commandLine(), "give TOKEN or --accessor");
        }
    }

    @Command(name = "create", description = "Create a token; it is shown this once. With --vault (or ARCA_VAULT) "
            + "it acts in that vault only.")
    static final class Create extends ClientCommand {
        @Option(names = "--ttl", paramLabel = "DURATION", description = "Lifetime such as 1h or 7d (default: none).")
        String ttl;

        @Option(names = "--max-ttl", paramLabel = "DURATION", description = "How far renewals may extend it "
                + "(default: 32 x ttl).")
        String maxTtl;

        @Option(names = "--policy", paramLabel = "P", description = "A policy; repeat for more (default: your token's "
                + "policies, so root's for the root token: name the ones the new token needs).")
        List<String> policies;

        @Option(names = "--display-name", paramLabel = "N", description = "A name to recognize it by.")
        String displayName;

        @Option(names = "--orphan", description = "No parent: not capped by your token nor revoked with it "
                + "(root or admin on _tokens only). Without it the token ends when yours does.")
        boolean orphan;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var created = client.tokens().create(new Token.Create(ttl, maxTtl, policies, displayName,
                    connection.explicitVault(context()), orphan ? Boolean.TRUE : null));
            format.print(out(), created, out -> new Table()
                    .row("token", created.token().reveal())
                    .row("accessor", created.accessor())
                    .row("policies", String.join(",", created.policies()))
                    .row("expires_at", created.expiresAt())
                    .print(out));
            return 0;
        }
    }

    @Command(name = "lookup", description = "Show a token's metadata (your own when no TOKEN or --accessor).")
    static final class Lookup extends ClientCommand {
        @Parameters(arity = "0..1", paramLabel = "TOKEN")
        String token;

        @Option(names = "--accessor", paramLabel = "A", description = "Name the token by its accessor.")
        String accessor;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            requireOneOf(this, token, accessor, true);
            var tokens = client.tokens();
            var found = token != null ? tokens.lookup(token)
                    : accessor != null ? tokens.lookupAccessor(accessor) : tokens.lookupSelf();
            format.print(out(), found, out -> new Table()
                    .row("accessor", found.accessor())
                    .row("display_name", found.displayName())
                    .row("policies", String.join(",", found.policies()))
                    .row("created_at", found.createdAt())
                    .row("expires_at", found.expiresAt())
                    .print(out));
            return 0;
        }
    }

    @Command(name = "renew", description = "Extend your own token, never past its max TTL.")
    static final class Renew extends ClientCommand {
        @Option(names = "--increment", paramLabel = "DURATION", description = "How much longer (default: its TTL).")
        String increment;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var renewed = client.tokens().renewSelf(increment);
            format.print(out(), renewed, out -> new Table()
                    .row("accessor", renewed.accessor())
                    .row("expires_at", renewed.expiresAt())
                    .row("max_expires_at", renewed.maxExpiresAt())
                    .print(out));
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a token at once, with every token it made that is not an "
            + "orphan. --self revokes the one you use: e.g. the root token, once admins exist (a new one comes only "
            + "from a quorum of unseal keys, arca operator generate-root).")
    static final class Revoke extends ClientCommand {
        @Parameters(arity = "0..1", paramLabel = "TOKEN")
        String token;

        @Option(names = "--accessor", paramLabel = "A", description = "Name the token by its accessor.")
        String accessor;

        @Option(names = "--self", description = "Revoke the token this command uses.")
        boolean self;

        @Override
        int run(ArcaClient client) {
            if (self) {
                if (token != null || accessor != null) {
                    throw new ParameterException(spec.commandLine(), "give TOKEN, --accessor or --self, one of them");
                }
                client.tokens().revokeSelf();
                out().println("Revoked the token this command used; it no longer works");
                return 0;
            }
            requireOneOf(this, token, accessor, false);
            if (token != null) {
                client.tokens().revoke(token);
            } else {
                client.tokens().revokeAccessor(accessor);
            }
            out().println("Revoked");
            return 0;
        }
    }
}
