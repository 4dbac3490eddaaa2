package dev.arca.cli;

import dev.arca.sdk.ArcaClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
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

    @Option(names = "--force", description = "Replace $ARCA_HOME/token when it holds another token (the dev root "
            + "token, another user's, another vault's, an expired one).")
    boolean force;

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
        Path file = context.home().resolve("token");
        String saved = savedToken(file);
        try (var anonymous = ArcaClient.builder().address(addressToUse).retries(0).build()) {
            var login = anonymous.auth().login(chosenVault, username, password, totp);
            String issued = login.token().reveal();
            try (var self = ArcaClient.builder().address(addressToUse).token(issued).retries(0).build()) {
                var token = self.tokens().lookupSelf();
                if (!force && saved != null && !saved.equals(issued)) {
                    refuseToReplace(file, self);
                }
                OwnerOnlyFile.write(file, (issued + "\n").getBytes(StandardCharsets.UTF_8));
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

    /**
     * Replacing the saved token silently could lose a working identity (in dev, the only copy of the root token). Whether
     * it still works is not asked: asking would send it to the server being logged into, which may not be the one it
     * was issued by, and a 401 from a stranger would pass for "dead". Refused, the token just issued is revoked: the
     * login leaves nothing behind.
     */
    private static void refuseToReplace(Path file, ArcaClient self) {
        self.tokens().revokeSelf();
        throw new CommandFailure(file + " already holds another token; not replaced and this login's token revoked: "
                + "log in again with --force to replace it, or set ARCA_HOME to keep both");
    }

    private static @Nullable String savedToken(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? null : text;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new CommandFailure("cannot read the token file " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
