package dev.arca.cli;

import dev.arca.api.Notation;
import dev.arca.api.Page;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.ListQuery;
import dev.arca.sdk.SecretOperations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca secret …}: secrets by path ({@code project/name}), id or {@code arca://} reference. */
@Command(name = "secret", description = "Write, read, list, rotate, watch and delete secrets.",
        subcommands = {SecretCommand.Put.class, SecretCommand.Get.class, SecretMetadataCommand.class,
                SecretUpdateCommand.class, SecretCommand.ListSecrets.class, SecretRotateCommand.class,
                SecretCommand.Delete.class, SecretUndeleteCommand.class, SecretDestroyCommand.class,
                SecretWatchCommand.class, SecretEgressCommand.class})
final class SecretCommand {
    @Mixin
    HelpOption help;

    /**
     * A secret's path or, for an {@code sk_…} argument without a {@code /} (a path always has one), its id as the
     * server names it — the SDK's rule too, so every secret command takes either.
     */
    static boolean isId(String pathOrId) {
        return pathOrId.startsWith(Notation.ID_PREFIX) && pathOrId.indexOf('/') < 0;
    }

    @Command(name = "put", description = "Write a new version of a secret (the first one creates it); metadata "
            + "options change only what they name.")
    static final class Put extends ClientCommand {
        @Parameters(paramLabel = "PATH", description = "project/name, e.g. app/db")
        String path;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--type", paramLabel = "TYPE", description = "string, password, api_key, certificate, ssh_key "
                + "(a value; default string) or json, connection (fields; default json).")
        String type;

        @Mixin
        MetadataOptions metadata;

        @Mixin
        FormatOption format;

        static final class Source {
            @Option(names = "--value", paramLabel = "VALUE", description = "The value; - reads it from stdin (or "
                    + "asks for it at a terminal) without a final line break, keeping it out of the shell's history.")
            String value;

            @Option(names = "--field", paramLabel = "NAME=VALUE", description = "A field of a structured secret; "
                    + "repeat for more. NAME=- reads that field's value from stdin, as --value - does.")
            Map<String, String> fields;

            @Option(names = "--file", paramLabel = "FILE", description = "Read the value from FILE, exactly as it "
                    + "is; - reads stdin.")
            String file;
        }

        @Override
        int run(ArcaClient client) throws IOException {
            var put = source.fields != null
                    ? new Secret.Put(type != null ? type : "json", null,
                            SecretText.ofAll(StdinValue.orStdin(context(), source.fields)),
                            metadata.description, metadata.tags, metadata.custom, metadata.maxVersions)
                    : new Secret.Put(type != null ? type : "string", SecretText.of(source.value != null
                            ? StdinValue.orStdin(context(), source.value, path) : readFile()),
                            null, metadata.description, metadata.tags, metadata.custom, metadata.maxVersions);
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

    @Command(name = "get", description = "Read a secret: a single value prints alone, a structured one as a table "
            + "of its fields. An arca:// reference is resolved by the server.")
    static final class Get extends ClientCommand {
        @Parameters(paramLabel = "PATH_OR_ID|REF", description = "project/name, an sk_… id, or an arca:// reference "
                + "such as arca://app/db/field/password.")
        String target;

        @Option(names = "--version", paramLabel = "N|previous", description = "A version number, or previous: the "
                + "one a rotation replaced, during its grace period (default: the current one).")
        String version;

        @Option(names = "--field", paramLabel = "NAME", description = "Print this field of a structured secret alone.")
        String field;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            if (target.startsWith(Notation.PREFIX)) {
                return resolve(client);
            }
            if (version != null && !version.equals(SecretOperations.PREVIOUS) && !version.matches("[1-9][0-9]{0,9}")) {
                throw usage("--version is a version number or previous, not '" + version + "'");
            }
            var secret = isId(target) ? client.secrets().readById(target, version, field)
                    : client.secrets().withVault(vault(client)).read(target, version, field);
            if (format.json()) {
                FormatOption.printJson(out(), secret);
            } else if (field == null && secret.fields() != null) {
                var table = new Table("FIELD", "VALUE");
                new TreeMap<>(SecretText.revealAll(secret.fields())).forEach(table::row);
                table.print(out());
            } else {
                out().println(secret.value().reveal());
            }
            return 0;
        }

        private int resolve(ArcaClient client) {
            if (version != null || field != null) {
                throw usage("an arca:// reference names its field itself (…/field/NAME) and reads the current "
                        + "version: drop --version and --field");
            }
            String value = client.secrets().withVault(vault(client)).resolve(target);
            if (format.json()) {
                var answer = new LinkedHashMap<String, String>();
                answer.put("ref", target);
                answer.put("value", value);
                FormatOption.printJson(out(), answer);
            } else {
                out().println(value);
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List secrets (metadata only, never values).")
    static final class ListSecrets extends ClientCommand {
        @Option(names = "--prefix", paramLabel = "P", description = "Only paths starting with P, e.g. app/.")
        String prefix;

        @Option(names = "--recursive", negatable = true, description = "With --no-recursive, only one level under "
                + "the prefix (default: recursive).")
        Boolean recursive;

        @Option(names = "--project", paramLabel = "P", description = "Only secrets of project P.")
        String project;

        @Option(names = "--tag", paramLabel = "T", description = "Only secrets tagged T.")
        String tag;

        @Option(names = "--search", paramLabel = "Q", description = "Only secrets whose name contains Q.")
        String search;

        @Option(names = "--limit", paramLabel = "N", description = "At most N secrets per page.")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "C", description = "Continue after a previous page.")
        String cursor;

        @Option(names = "--all", description = "Every page, not only the first.")
        boolean all;

        @Mixin
        FormatOption format;

        @Override
        int run(ArcaClient client) {
            if (limit != null && limit < 1) {
                throw usage("--limit must be at least 1");
            }
            var query = ListQuery.all().prefix(prefix).recursive(recursive).project(project).tag(tag).search(search)
                    .limit(limit).cursor(cursor);
            var secrets = client.secrets().withVault(vault(client));
            Page<Secret.Item> page;
            if (all) {
                var items = new ArrayList<Secret.Item>();
                secrets.listAll(query).forEach(items::add);
                page = new Page<>(items, false, null);
            } else {
                page = secrets.list(query);
            }
            format.print(out(), page, out -> {
                var table = new Table("PATH", "TYPE", "VERSION", "FIELDS", "TAGS", "UPDATED", "ID");
                page.data().forEach(item -> table.row(item.path(), item.type(), item.version(),
                        join(item.fieldNames()), join(item.tags()), item.updatedAt(), item.id()));
                table.print(out);
                if (page.hasMore()) {
                    out.println("More: --cursor " + page.cursor());
                }
            });
            return 0;
        }

        private static @Nullable String join(@Nullable List<String> names) {
            return names == null || names.isEmpty() ? null : String.join(",", names);
        }
    }

    @Command(name = "delete", description = "Delete a secret (soft: undelete brings it back), one version of it, or "
            + "with --permanent destroy it for good.")
    static final class Delete extends ClientCommand {
        @Parameters(paramLabel = "PATH_OR_ID", description = "project/name, or an sk_… id")
        String path;

        @Option(names = "--version", paramLabel = "N", description = "Delete only this version.")
        Integer version;

        @Option(names = "--permanent", description = "Destroy every version and the secret; cannot be undone.")
        boolean permanent;

        @Override
        int run(ArcaClient client) {
            if (version != null && permanent) {
                throw usage("--permanent destroys the whole secret: use destroy --version N for one version");
            }
            var secrets = client.secrets().withVault(vault(client));
            if (permanent) {
                secrets.deletePermanently(path);
                out().println("Destroyed " + path + " permanently");
            } else if (version != null) {
                secrets.deleteVersion(path, version);
                out().println("Deleted version " + version + " of " + path);
            } else {
                secrets.delete(path);
                out().println("Deleted " + path);
            }
            return 0;
        }
    }
}
