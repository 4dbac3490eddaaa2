package dev.arca.cli;

import dev.arca.api.User;
import dev.arca.sdk.ArcaClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca user …}: people who log in with a password and, optionally, TOTP. */
@Command(name = "user", description = "Create, list and delete users; set up TOTP.",
        subcommands = {UserCommand.Create.class, UserCommand.ListUsers.class, UserCommand.Delete.class,
                UserCommand.Totp.class})
final class UserCommand {
    @Mixin
    HelpOption help;

    private static void print(PrintWriter out, Iterable<User> users) {
        var table = new Table("USERNAME", "TOTP", "CREATED");
        users.forEach(u -> table.row(u.username(), u.totpEnabled() ? "yes" : "no", u.createdAt()));
        table.print(out);
    }

    @Command(name = "create", description = "Create a user; the password is asked for without echo.")
    static final class Create extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String username;

        @Option(names = "--password-stdin", description = "Read the password from the first line of stdin.")
        boolean passwordStdin;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) throws IOException {
            String password = PasswordInput.read(context(), passwordStdin, "Password for " + username + ": ", true);
            var user = client.users().withVault(vault(client)).create(username, password);
            format.print(out(), user, out -> print(out, List.of(user)));
            return 0;
        }
    }

    @Command(name = "list", description = "List the vault's users.")
    static final class ListUsers extends ClientCommand {
        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var page = client.users().withVault(vault(client)).list();
            format.print(out(), page, out -> print(out, page.data()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a user.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String username;

        @Override
        int run(ArcaClient client) {
            client.users().withVault(vault(client)).delete(username);
            out().println("Deleted user " + username);
            return 0;
        }
    }

    @Command(name = "totp", description = "Set up a user's TOTP second factor.",
            subcommands = {Totp.Enable.class, Totp.Confirm.class})
    static final class Totp {
        @Mixin
        HelpOption help;

        @Command(name = "enable", description = "Make a TOTP secret (shown once); confirm it with a code to turn "
                + "TOTP on.")
        static final class Enable extends ClientCommand {
            @Parameters(paramLabel = "NAME")
            String username;

            @Mixin
            FormatOption format;

            @Override
            int run(ArcaClient client) {
                var enrollment = client.users().withVault(vault(client)).enableTotp(username);
                format.print(out(), enrollment, out -> {
                    new Table().row("secret", enrollment.secret().reveal())
                            .row("otpauth_uri", enrollment.otpauthUri().reveal()).print(out);
                    out.println("then: arca user totp confirm " + username + " CODE");
                });
                return 0;
            }
        }

        @Command(name = "confirm", description = "Turn TOTP on with a current code.")
        static final class Confirm extends ClientCommand {
            @Parameters(index = "0", paramLabel = "NAME")
            String username;

            @Parameters(index = "1", paramLabel = "CODE")
            String code;

            @Mixin
            FormatOption format;

            @Override
            int run(ArcaClient client) {
                var user = client.users().withVault(vault(client)).confirmTotp(username, code);
                format.print(out(), user, out -> print(out, List.of(user)));
                return 0;
            }
        }
    }
}
