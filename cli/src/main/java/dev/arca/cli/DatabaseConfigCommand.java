package dev.arca.cli;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.SecretText;
import dev.arca.sdk.ArcaClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca database config …} and {@code arca database rotate-root}: the connections to database servers. */
@Command(name = "config", description = "Write, show, list, verify and delete connections to database servers.",
        subcommands = {DatabaseConfigCommand.Put.class, DatabaseConfigCommand.Show.class,
                DatabaseConfigCommand.ListConnections.class, DatabaseConfigCommand.Delete.class,
                DatabaseConfigCommand.Verify.class})
final class DatabaseConfigCommand {
    @Mixin
    HelpOption help;

    /** A subcommand about one connection. */
    abstract static class OneConnection extends DatabaseCommand.FormattedSubcommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "The connection's name, e.g. pg.")
        String name;
    }

    /**
     * Where the root password comes from: never the command line, where the shell's history and the process list
     * would keep it. It may be empty (a root user without a password, as PostgreSQL's trust or Redis's nopass).
     */
    static final class RootPassword {
        @Option(names = "--password-stdin", description = "Read the root user's password from the "
                + "first line of stdin.")
        boolean stdin;

        @Option(names = "--password-file", paramLabel = "FILE", description = "Read the root user's "
                + "password from FILE (less one final line break).")
        String file;

        SecretText read(ArcaCommand context) {
            try {
                String text = stdin ? firstLine(context) : Files.readString(Path.of(file), StandardCharsets.UTF_8);
                return SecretText.of(text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                        : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text);
            } catch (NoSuchFileException e) {
                throw new CommandFailure("--password-file: no such file: " + file);
            } catch (IOException e) {
                throw new CommandFailure("cannot read the password: " + e.getClass().getSimpleName());
            }
        }

        /** An empty line is an empty password; no line at all is a mistake (nothing was piped in). */
        private static String firstLine(ArcaCommand context) throws IOException {
            String line = new BufferedReader(new InputStreamReader(context.stdin(), StandardCharsets.UTF_8))
                    .readLine();
            if (line == null) {
                throw new CommandFailure("no password on stdin (pipe it in; an empty line for a root user without "
                        + "one)");
            }
            return line;
        }
    }

    @Command(name = "put", description = "Create or replace a connection. Arca logs in with it first (unless "
            + "--no-verify); the password is required for a new connection and kept when left out later.")
    static final class Put extends OneConnection {
        @Option(names = "--plugin", required = true, paramLabel = "PLUGIN", description = "postgresql, mysql "
                + "(MariaDB and MySQL) or redis.")
        String plugin;

        @Option(names = "--url", required = true, paramLabel = "URL", description = "Without credentials: "
                + "postgresql://host:5432/db, mysql://host:3306, redis://host:6379.")
        String url;

        @Option(names = "--username", required = true, paramLabel = "USER", description = "The root user Arca "
                + "makes and drops users as.")
        String username;

        @ArgGroup(exclusive = true)
        @Nullable RootPassword password;

        @Option(names = "--allowed-role", paramLabel = "ROLE", description = "A role that may make credentials "
                + "through it (* for any); repeat. Default: none.")
        List<String> allowedRoles;

        @Option(names = "--max-open", paramLabel = "N", description = "The most connections Arca keeps open to it.")
        Integer maxOpen;

        @Option(names = "--tls", description = "Connect with TLS.")
        boolean tls;

        @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM CA certificate(s) the server's "
                + "certificate is checked against (default: the JDK's trust store); implies --tls.")
        String caFile;

        @Option(names = "--tls-skip-verify", description = "Do not check the server's certificate (testing only); "
                + "implies --tls.")
        boolean tlsSkipVerify;

        @Option(names = "--no-verify", description = "Save without logging in first.")
        boolean noVerify;

        @Override
        int run(ArcaClient client) {
            var write = DatabaseSecrets.ConnectionWrite.builder(plugin, url, username);
            if (password != null) {
                write.password(password.read(context()));
            }
            ifGiven(allowedRoles, write::allowedRoles);
            ifGiven(maxOpen, write::maxOpenConnections);
            ifGiven(tls(), write::tls);
            if (noVerify) {
                write.verifyConnection(false);
            }
            var stored = database(client).putConnection(name, write.build());
            format.print(out(), stored, out -> DatabaseViews.connection(out, stored));
            return 0;
        }

        private DatabaseSecrets.@Nullable Tls tls() {
            if (!tls && caFile == null && !tlsSkipVerify) {
                return null;
            }
            String caPem = caFile == null ? null : PkiFiles.read(context(), "--ca-file", caFile);
            return new DatabaseSecrets.Tls(true, caPem, tlsSkipVerify ? Boolean.TRUE : null);
        }
    }

    @Command(name = "show", aliases = "get", description = "Show a connection (never its password).")
    static final class Show extends OneConnection {
        @Override
        int run(ArcaClient client) {
            var connection = database(client).connection(name);
            format.print(out(), connection, out -> DatabaseViews.connection(out, connection));
            return 0;
        }
    }

    @Command(name = "list", description = "List the vault's connections.")
    static final class ListConnections extends DatabaseCommand.FormattedSubcommand {
        @Override
        int run(ArcaClient client) {
            var page = database(client).connections();
            format.print(out(), page, out -> DatabaseViews.connections(out, page.data()));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a connection no role names and no lease still needs.")
    static final class Delete extends OneConnection {
        @Override
        int run(ArcaClient client) {
            database(client).deleteConnection(name);
            format.print(out(), Map.of("deleted", name), out -> out.println("Deleted connection " + name));
            return 0;
        }
    }

    @Command(name = "verify", description = "Log in to the database now; exit 1 with its answer when that fails.")
    static final class Verify extends OneConnection {
        @Override
        int run(ArcaClient client) {
            database(client).verifyConnection(name);
            format.print(out(), Map.of("verified", name), out -> out.println("Logged in to " + name));
            return 0;
        }
    }

    @Command(name = "rotate-root", description = "Give the connection's root user a new password that only Arca "
            + "knows from then on.")
    static final class RotateRoot extends OneConnection {
        @Override
        int run(ArcaClient client) {
            var rotated = database(client).rotateRoot(name);
            format.print(out(), rotated, out -> out.println("Rotated the root password of " + rotated.name() + " at "
                    + Table.show(rotated.rotatedAt()) + "; only Arca knows it now"));
            return 0;
        }
    }
}
