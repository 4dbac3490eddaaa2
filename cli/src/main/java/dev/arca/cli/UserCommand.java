package dev.arca.cli;

import dev.arca.api.User;
import dev.arca.sdk.ArcaClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca user …}: people who log in with a password and, optionally, TOTP. */
@Command(name = "user", description = "Create, list, disable and delete users; change passwords; set up TOTP.",
        subcommands = {UserCommand.Create.class, UserCommand.ListUsers.class, UserCommand.Passwd.class,
                UserCommand.Disable.class, UserCommand.Enable.class, UserCommand.Delete.class, UserCommand.Totp.class})
final class UserCommand {
    @Mixin
    HelpOption help;

    private static void print(PrintWriter out, Iterable<User> users) {
        var table = new Table("USERNAME", "TOTP", "CREATED", "DISABLED");
        users.forEach(u -> table.row(u.username(), u.totpEnabled() ? "yes" : "no", u.createdAt(), u.disabledAt()));
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

    @Command(name = "passwd", description = "Change your password (the current one is asked for), or with --reset "
            + "set another user's as an administrator (their tokens are revoked). Passwords are asked for without "
            + "echo.")
    static final class Passwd extends ClientCommand {
        @Parameters(paramLabel = "NAME", arity = "0..1", description = "The user; default: the one logged in.")
        @Nullable String username;

        @Option(names = "--reset", description = "Set another user's password without knowing the current one "
                + "(admin on _users).")
        boolean reset;

        @Option(names = "--password-stdin", description = "Read the passwords from stdin, one a line: the current "
                + "one, then the new one (with --reset only the new one).")
        boolean passwordStdin;

        @Override
        int run(ArcaClient client) throws IOException {
            String user = username != null ? username : loggedInUser(client);
            var users = client.users().withVault(vault(client));
            if (reset) {
                String password = PasswordInput.read(context(), passwordStdin, "New password for " + user + ": ", true);
                users.resetPassword(user, password);
                out().println("Reset the password of " + user + "; their tokens are revoked");
            } else {
                List<String> passwords = PasswordInput.readAll(context(), passwordStdin,
                        List.of("Current password: ", "New password: "));
                users.changePassword(user, passwords.get(0), passwords.get(1));
                out().println("Changed the password of " + user);
            }
            return 0;
        }

        private static String loggedInUser(ArcaClient client) {
            String owner = client.tokens().lookupSelf().owner();
            if (owner == null || !owner.startsWith("user:")) {
                throw new CommandFailure("not logged in as a user (arca login); name the user: arca user passwd NAME");
            }
            return owner.substring("user:".length());
        }
    }

    /** {@code disable} and {@code enable}: one call, either way. */
    abstract static class Switch extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String username;

        @Mixin
        FormatOption format;

        abstract boolean disable();

        @Override
        int run(ArcaClient client) {
            var users = client.users().withVault(vault(client));
            var user = disable() ? users.disable(username) : users.enable(username);
            format.print(out(), user, out -> print(out, List.of(user)));
            return 0;
        }
    }

    @Command(name = "disable", description = "Disable a user: no login, its tokens refused; enable undoes it.")
    static final class Disable extends Switch {
        @Override
        boolean disable() {
            return true;
        }
    }

    @Command(name = "enable", description = "Enable a disabled user again.")
    static final class Enable extends Switch {
        @Override
        boolean disable() {
            return false;
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
            subcommands = {Totp.Enable.class, Totp.Confirm.class, Totp.Reset.class})
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
    
        @Command(name = "reset", description = "Turn TOTP off to enroll a new secret: your own with --code (a "
                + "current code), another user's as an administrator. Then: arca user totp enable NAME.")
        static final class Reset extends ClientCommand {
            @Parameters(paramLabel = "NAME")
            String username;

            @Option(names = "--code", paramLabel = "CODE", description = "A current code (resetting your own TOTP).")
            @Nullable String code;

            @Mixin
            FormatOption format;

            @Override
            int run(ArcaClient client) {
                var user = client.users().withVault(vault(client)).resetTotp(username, code);
                format.print(out(), user, out -> {
                    print(out, List.of(user));
                    out.println("then: arca user totp enable " + username);
                });
                return 0;
            }
        }
    }
}
