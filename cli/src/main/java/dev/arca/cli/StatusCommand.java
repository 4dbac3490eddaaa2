package dev.arca.cli;

import dev.arca.api.SealStatus;
import dev.arca.api.Token;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.ArcaException;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code arca status}: where the CLI points and what it finds there — address, server version, seal state, who the
 * CLI is there and which vault it works in. Exit 0 unsealed, 2 sealed or not initialized (as {@code vault status}),
 * 1 unreachable.
 */
@Command(name = "status", description = "Show the server address and version, its seal state, who you are there "
        + "and which vault commands use. Exit 0 unsealed, 2 sealed or not initialized, 1 unreachable.")
final class StatusCommand extends ClientCommand {
    @Mixin
    FormatOption format;

    @Override
    int run(ArcaClient client) {
        SealStatus seal = client.sys().sealStatus();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("address", client.address().toString());
        status.put("server_version", seal.version());
        status.put("initialized", seal.initialized());
        status.put("sealed", seal.sealed());
        status.put("identity", identity(client, seal));
        status.put("vault", seal.sealed() ? "-" : workingVault(client));
        format.print(out(), status, text -> {
            var table = new Table();
            status.forEach((name, value) -> table.row(name.replace('_', ' '), value));
            table.print(text);
        });
        return seal.initialized() && !seal.sealed() ? 0 : 2;
    }

    private String identity(ArcaClient client, SealStatus seal) {
        return switch (connection.credential()) {
            case IDENTITY -> "machine:" + connection.machineId();
            case NONE -> "none (arca login, ARCA_TOKEN, or --identity)";
            case TOKEN, CLIENT -> seal.sealed() ? "a token (not checked while sealed)" : token(client);
        };
    }

    private static String token(ArcaClient client) {
        try {
            Token self = client.tokens().lookupSelf();
            return (self.owner() != null ? self.owner() : self.displayName())
                    + (self.expiresAt() != null ? " (token until " + Table.show(self.expiresAt()) + ")" : " (token)");
        } catch (ArcaException e) {
            return "a token the server refuses: " + e.getMessage();
        }
    }

    private String workingVault(ArcaClient client) {
        try {
            return vault(client);
        } catch (CommandFailure | ArcaException e) {
            return "none: " + e.getMessage();
        }
    }
}
