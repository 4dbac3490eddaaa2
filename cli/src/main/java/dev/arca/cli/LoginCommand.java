package dev.arca.cli;

import dev.arca.sdk.ArcaClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code arca login}: a user's password (and TOTP code) for a token, kept in {@code $ARCA_HOME/token}. */
@Command(name = "login", description = "Log in as a user; the token is saved to $ARCA_HOME/token (mode 0600) for "
        + "the next commands.")
final class LoginCommand implements Callable<Integer> {
    @Mixin
    HelpOption help;

    @Spec
    CommandSpec spec;

    @Option(names = "--addr", paramLabel = "URL", description = "Server address (else ARCA_ADDR, else "
            + ArcaClient.DEFAULT_ADDRESS + ").")
    String address;

    @Option(names = "--vault", paramLabel = "VAULT", description = "Vault name or id (else ARCA_VAULT).")
    String vault;

    @Option(names = "--username", required = true, paramLabel = "NAME")
    String username;

    @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
    boolean passwordStdin;

    @Option(names = "--totp", paramLabel = "CODE", description = "The current TOTP code, for users with TOTP.")
    String totp;

    @Mixin
    FormatOption format;

    @Override
    public Integer call() throws IOException {
        var context = (ArcaCommand) spec.root().userObject();
        String chosenVault = vault != null ? vault : context.env("ARCA_VAULT");
        if (chosenVault == null) {
            throw new CommandFailure("which vault? give --vault or set ARCA_VAULT");
        }
        String chosenAddress = address != null ? address : context.env("ARCA_ADDR");
        String addressToUse = chosenAddress != null ? chosenAddress : ArcaClient.DEFAULT_ADDRESS;
        String password = PasswordInput.read(context, passwordStdin, "Password for " + username + ": ", false);
        try (var anonymous = ArcaClient.builder().address(addressToUse).retries(0).build()) {
            var login = anonymous.auth().login(chosenVault, username, password, totp);
            Path file = context.home().resolve("token");
            OwnerOnlyFile.write(file, (login.token() + "\n").getBytes(StandardCharsets.UTF_8));
            try (var self = ArcaClient.builder().address(addressToUse).token(login.token()).retries(0).build()) {
                var token = self.tokens().lookupSelf();
                var out = spec.commandLine().getOut();
                format.print(out, token, text -> {
                    text.println("Logged in as " + (token.owner() != null ? token.owner() : "user:" + username)
                            + " in " + token.vaultId() + (login.mfa() ? " (with TOTP)" : ""));
                    new Table()
                            .row("policies", String.join(",", token.policies()))
                            .row("expires_at", login.expiresAt())
                            .row("token_file", file)
                            .print(text);
                });
            }
        }
        return 0;
    }
}
