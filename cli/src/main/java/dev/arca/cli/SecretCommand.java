package dev.arca.cli;

import dev.arca.api.Secret;
import dev.arca.sdk.ArcaClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca secret …}: write, read, list and delete secrets by path ({@code project/name}) or id. */
@Command(name = "secret", description = "Write, read, list and delete secrets.",
        subcommands = {SecretCommand.Put.class, SecretCommand.Get.class, SecretCommand.ListSecrets.class,
                SecretCommand.Delete.class})
final class SecretCommand {
    @Mixin
    HelpOption help;

    @Command(name = "put", description = "Write a new version of a secret (the first one creates it).")
    static final class Put extends ClientCommand {
        @Parameters(paramLabel = "PATH", description = "project/name, e.g. app/db")
        String path;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--type", paramLabel = "TYPE", description = "Secret type (default: string for a value, json "
                + "for fields).")
        String type;

        @Mixin
        FormatOption format;

        static final class Source {
            @Option(names = "--value", paramLabel = "VALUE", description = "The value.")
            String value;

            @Option(names = "--field", paramLabel = "NAME=VALUE", description = "A field of a structured secret; "
                    + "repeat for more.")
            Map<String, String> fields;

            @Option(names = "--file", paramLabel = "FILE", description = "Read the value from FILE, exactly as it "
                    + "is; - reads stdin.")
            String file;
        }

        @Override
        int run(ArcaClient client) throws IOException {
            var put = source.fields != null
                    ? new Secret.Put(type != null ? type : "json", null, source.fields)
                    : new Secret.Put(type != null ? type : "string", source.value != null ? source.value : readFile(), null);
            var written = client.secrets().withVault(vault(client)).write(path, put);
            format.print(out(), written, out -> out.println(
                    "Wrote " + written.path() + " version " + written.version() + " (" + written.id() + ")"));
            return 0;
        }

        private String readFile() throws IOException {
            if (source.file.equals("-")) {
                return new String(context().stdin().readAllBytes(), StandardCharsets.UTF_8);
            }
            try {
                return Files.readString(Path.of(source.file), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CommandFailure("cannot read " + source.file + ": " + e.getClass().getSimpleName());
            }
        }
    }

    @Command(name = "get", description = "Read a secret: a string secret prints its value alone, a structured one "
            + "a table of its fields.")
    static final class Get extends ClientCommand {
        @Parameters(paramLabel = "PATH_OR_ID", description = "project/name, or an sk_… id.")
        String pathOrId;

        @Option(names = "--version", paramLabel = "N", description = "A version (default: the current one).")
        Integer version;

        @Option(names = "--field", paramLabel = "NAME", description = "Print this field alone, in any format.")
        String field;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var secret = read(client);
            if (field != null) {
                out().println(field(secret));
            } else if (format.json()) {
                FormatOption.printJson(out(), secret);
            } else if (secret.fields() != null) {
                var table = new Table("FIELD", "VALUE");
                new TreeMap<>(secret.fields()).forEach(table::row);
                table.print(out());
            } else {
                out().println(secret.value());
            }
            return 0;
        }

        private Secret read(ArcaClient client) {
            if (pathOrId.startsWith("sk_")) {
                return version == null ? client.secrets().readById(pathOrId) : client.secrets().readById(pathOrId, version);
            }
            var secrets = client.secrets().withVault(vault(client));
            return version == null ? secrets.read(pathOrId) : secrets.read(pathOrId, version);
        }

        private String field(Secret secret) {
            if (secret.fields() == null) {
                throw new CommandFailure("secret " + secret.path() + " is of type " + secret.type() + " and has no fields");
            }
            String value = secret.fields().get(field);
            if (value == null) {
                throw new CommandFailure("secret " + secret.path() + " has no field " + field + "; its fields: "
                        + String.join(", ", new TreeMap<>(secret.fields()).keySet()));
            }
            return value;
        }
    }

    @Command(name = "list", description = "List secrets (metadata only, never values).")
    static final class ListSecrets extends ClientCommand {
        @Option(names = "--prefix", paramLabel = "P", description = "Only paths starting with P, e.g. app/.")
        String prefix;

        @Option(names = "--limit", paramLabel = "N", description = "At most N secrets.")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "C", description = "Continue after a previous page.")
        String cursor;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            var page = client.secrets().withVault(vault(client)).list(prefix, limit, cursor);
            format.print(out(), page, out -> {
                var table = new Table("PATH", "TYPE", "VERSION", "UPDATED", "ID");
                page.data().forEach(item -> table.row(item.path(), item.type(), item.version(), item.updatedAt(), item.id()));
                table.print(out);
                if (page.hasMore()) {
                    out.println("More: --cursor " + page.cursor());
                }
            });
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a secret.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "PATH")
        String path;

        @Override
        int run(ArcaClient client) {
            client.secrets().withVault(vault(client)).delete(path);
            out().println("Deleted " + path);
            return 0;
        }
    }
}
