package dev.arca.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.api.Page;
import dev.arca.api.Secret;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.ListQuery;
import dev.arca.sdk.SecretOperations;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca import --project P FILE}: the reverse of {@code arca export}. Each {@code NAME=value} of a dotenv file,
 * or each member of a JSON object ({@code "NAME": "value"}, or {@code "NAME": {"field": "value"}} for a structured
 * secret), becomes the secret {@code P/NAME}. Nothing is written when a name is already taken, unless
 * {@code --overwrite} (then it gains a version), and every problem of the file is found before the first write.
 */
@Command(name = "import", description = "Create secrets from a dotenv or JSON file (the reverse of arca export): "
        + "NAME=value becomes PROJECT/NAME. Refuses to replace an existing secret without --overwrite.")
final class ImportCommand extends ClientCommand {
    /** The formats a file may have; by default its name decides (.json is json, anything else dotenv). */
    enum Format {
        dotenv,
        json
    }

    @Option(names = "--project", required = true, paramLabel = "P", description = "The project the secrets go in.")
    String project;

    @Option(names = "--format", paramLabel = "FORMAT", description = "dotenv or json (default: json for a .json "
            + "file, else dotenv).")
    Format format;

    @Option(names = "--overwrite", description = "Give secrets that exist a new version instead of refusing.")
    boolean overwrite;

    @Parameters(paramLabel = "FILE", description = "The file to import; - reads stdin.")
    String file;

    /** A JSON member's name, checked before anything is written (a dotenv name is a variable name already). */
    private static final Pattern JSON_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    /** One secret to write: a value or fields. */
    private record Entry(String name, Secret.Put put) {}

    @Override
    int run(ArcaClient client) {
        String text = PkiFiles.read(context(), "FILE", file);
        Format chosen = format != null ? format : file.endsWith(".json") ? Format.json : Format.dotenv;
        List<Entry> entries = chosen == Format.json ? fromJson(text) : fromDotenv(text);
        if (entries.isEmpty()) {
            throw new CommandFailure(file + " holds no secrets to import");
        }
        SecretOperations secrets = client.secrets().withVault(vault(client));
        Set<String> existing = existingPaths(secrets);
        Set<String> taken = new TreeSet<>();
        entries.forEach(entry -> {
            if (existing.contains(path(entry))) {
                taken.add(path(entry));
            }
        });
        if (!taken.isEmpty() && !overwrite) {
            throw new CommandFailure("nothing imported: " + String.join(", ", taken) + (taken.size() == 1 ? " exists"
                    : " exist") + "; give --overwrite to write a new version of " + (taken.size() == 1 ? "it" : "them"));
        }
        var progress = new TerminalProgress(context(), err());
        List<String> created = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        for (Entry entry : entries) {
            Secret.Written written = secrets.write(path(entry), entry.put());
            (taken.contains(written.path()) ? updated : created).add(written.path() + " v" + written.version());
            if (entries.size() > 1) {
                progress.show("importing " + (created.size() + updated.size()) + "/" + entries.size());
            }
        }
        progress.done();
        out().println("created " + created.size() + (created.isEmpty() ? "" : ": " + String.join(", ", created)));
        if (!updated.isEmpty()) {
            out().println("updated " + updated.size() + ": " + String.join(", ", updated));
        }
        return 0;
    }

    private String path(Entry entry) {
        return project + "/" + entry.name();
    }

    private Set<String> existingPaths(SecretOperations secrets) {
        Set<String> paths = new HashSet<>();
        String cursor = null;
        Page<Secret.Item> page;
        do {
            page = secrets.list(ListQuery.all().project(project).limit(1000).cursor(cursor));
            page.data().forEach(item -> paths.add(item.path()));
            cursor = page.cursor();
        } while (page.hasMore() && cursor != null);
        return paths;
    }

    private List<Entry> fromDotenv(String text) {
        var byName = new LinkedHashMap<String, Entry>();
        for (EnvFile.Entry line : EnvFile.parse(text, file).entries()) {
            byName.put(line.name(), new Entry(line.name(), Secret.Put.value(line.value()).build()));
        }
        return List.copyOf(byName.values());
    }

    private List<Entry> fromJson(String text) {
        JsonNode root;
        try {
            root = Json.strict().readTree(text);
        } catch (JacksonException e) {
            // the parser's message may quote a value: only where it stopped
            throw new CommandFailure(file + " is not valid JSON (line " + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new CommandFailure(file + ": expected one JSON object {\"NAME\": \"value\" or {\"field\": \"value\"}}");
        }
        List<Entry> entries = new ArrayList<>();
        root.properties().forEach(member -> {
            if (!JSON_NAME.matcher(member.getKey()).matches()) {
                throw new CommandFailure(file + ": '" + member.getKey() + "' is not a secret name (letters, digits, "
                        + "_, . and -)");
            }
            entries.add(new Entry(member.getKey(), put(member.getKey(), member.getValue())));
        });
        return entries;
    }

    private Secret.Put put(String name, JsonNode value) {
        if (value.isTextual()) {
            return Secret.Put.value(value.asText()).build();
        }
        if (value.isObject() && !value.isEmpty()) {
            Map<String, String> fields = new LinkedHashMap<>();
            value.properties().forEach(field -> {
                if (!field.getValue().isTextual()) {
                    throw new CommandFailure(file + ": field " + field.getKey() + " of " + name + " must be a string");
                }
                fields.put(field.getKey(), field.getValue().asText());
            });
            return Secret.Put.fields(fields).build();
        }
        throw new CommandFailure(file + ": " + name + " must be a string or an object of string fields");
    }
}
