package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.sdk.ArcaClient;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code arca secret rotate PATH|ID …}: a new version that replaces the current one, with a grace period. Prints
 * what the server answered: status, version and previous version, and a generated value only when the server
 * returned it (to an identity that may read the secret).
 */
@Command(name = "rotate", description = "Replace the current value with a given or generated one; the replaced "
        + "version stays readable as --version previous during the grace period. A generated value is printed when "
        + "the server returns it, which it does only if this identity may also read the secret.")
final class SecretRotateCommand extends ClientCommand {
    private static final Set<String> CLASSES = Set.of("lower", "upper", "digits", "symbols");

    @Parameters(paramLabel = "PATH|ID", description = "project/name, e.g. app/db, or the secret's sk_… id")
    String path;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--length", paramLabel = "N", description = "With --generate or --generate-field: characters "
            + "(8..1024, default 32).")
    Integer length;

    @Option(names = "--charset", paramLabel = "CLASSES", split = ",", description = "With --generate or "
            + "--generate-field: character classes among lower,upper,digits,symbols (default: all).")
    List<String> charset;

    @Option(names = "--exclude", paramLabel = "CHARS", description = "With --generate or --generate-field: "
            + "characters never to use.")
    String exclude;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, kept with the new version.")
    String reason;

    @Option(names = "--grace", paramLabel = "DURATION", description = "How long the replaced version stays readable, "
            + "e.g. 1h (default: not at all).")
    String grace;

    @Mixin
    FormatOption format;

    static final class Source {
        @Option(names = "--value", paramLabel = "VALUE", description = "The new value; - reads it from stdin (or "
                + "asks for it at a terminal) without a final line break.")
        String value;

        @Option(names = "--field", paramLabel = "NAME=VALUE", description = "A field of the new structured value; "
                + "repeat for more. NAME=- reads that field's value from stdin.")
        Map<String, String> fields;

        @Option(names = "--generate", description = "Let the server generate a random value.")
        boolean generate;

        @Option(names = "--generate-field", paramLabel = "NAME", description = "Let the server generate this field "
                + "of a structured secret anew, keeping the others; repeat for more.")
        List<String> generateFields;
    }

    @Override
    int run(ArcaClient client) {
        Secret.Rotate rotation = rotation();
        var rotated = SecretCommand.isId(path) ? client.secrets().rotateById(path, rotation)
                : client.secrets().withVault(vault(client)).rotate(path, rotation);
        format.print(out(), rotated, out -> printFor(out, rotated));
        return 0;
    }

    private void printFor(PrintWriter out, Secret.Rotated rotated) {
        out.println("Rotated " + rotated.path() + " to version " + rotated.version() + " (" + rotated.id()
                + "), status " + rotated.status());
        out.println("Previous version " + rotated.previousVersion() + ": " + (rotated.previousUntil() == null
                ? "retired at once (no grace)" : "readable as --version previous until " + Table.show(rotated.previousUntil())));
        if (!source.generate && source.generateFields == null) {
            return; // the value was given here: not printed back
        }
        SecretText value = rotated.value();
        Map<String, String> fields = SecretText.revealAll(rotated.fields());
        if (value != null) {
            out.println("Generated value: " + value.reveal());
        } else if (fields != null) {
            var table = new Table("FIELD", "GENERATED VALUE");
            source.generateFields.forEach(name -> table.row(name, fields.getOrDefault(name, "")));
            table.print(out);
        } else {
            out.println("The generated value was not returned: this identity may rotate " + rotated.path()
                    + " but not read it.");
        }
    }

    Secret.Rotate rotation() {
        boolean generating = source.generate || source.generateFields != null;
        if (!generating && (length != null || charset != null || exclude != null)) {
            throw usage("--length, --charset and --exclude go with --generate or --generate-field");
        }
        if (grace != null) {
            try {
                Durations.parse(grace);
            } catch (IllegalArgumentException e) {
                throw usage("--grace: " + e.getMessage());
            }
        }
        if (source.generateFields != null) {
            for (String name : source.generateFields) {
                if (name.isBlank()) {
                    throw usage("--generate-field needs a field name");
                }
                if (source.generateFields.indexOf(name) != source.generateFields.lastIndexOf(name)) {
                    throw usage("--generate-field " + name + " is given twice");
                }
            }
        }
        boolean options = length != null || charset != null || exclude != null;
        Secret.Generate generate = source.generate || options ? generate() : null;
        return new Secret.Rotate(SecretText.ofNullable(StdinValue.orStdin(context(), source.value, path)),
                SecretText.ofAll(StdinValue.orStdin(context(), source.fields)), generate,
                source.generateFields == null ? null : List.copyOf(source.generateFields), reason, grace);
    }

    private Secret.Generate generate() {
        if (charset == null) {
            return new Secret.Generate(length, null, null, null, null, exclude);
        }
        var chosen = charset.stream().map(name -> name.strip().toLowerCase(Locale.ROOT)).toList();
        for (String name : chosen) {
            if (!CLASSES.contains(name)) {
                throw usage("--charset: unknown class '" + name + "'; choose among lower,upper,digits,symbols");
            }
        }
        return new Secret.Generate(length, chosen.contains("lower"), chosen.contains("upper"),
                chosen.contains("digits"), chosen.contains("symbols"), exclude);
    }
}
