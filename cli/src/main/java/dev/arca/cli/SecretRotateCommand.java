package dev.arca.cli;

import dev.arca.api.Durations;
import dev.arca.api.Secret;
import dev.arca.api.SecretText;
import dev.arca.sdk.ArcaClient;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code arca secret rotate PATH …}: a new version that replaces the current one, with a grace period. */
@Command(name = "rotate", description = "Replace the current value with a given or generated one; the replaced "
        + "version stays readable as --version previous during the grace period. The new value is not printed.")
final class SecretRotateCommand extends ClientCommand {
    private static final Set<String> CLASSES = Set.of("lower", "upper", "digits", "symbols");

    @Parameters(paramLabel = "PATH")
    String path;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--length", paramLabel = "N", description = "With --generate: characters (8..1024, default 32).")
    Integer length;

    @Option(names = "--charset", paramLabel = "CLASSES", split = ",", description = "With --generate: character "
            + "classes among lower,upper,digits,symbols (default: all).")
    List<String> charset;

    @Option(names = "--exclude", paramLabel = "CHARS", description = "With --generate: characters never to use.")
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
    }

    @Override
    int run(ArcaClient client) {
        var written = client.secrets().withVault(vault(client)).rotate(path, rotation());
        format.print(out(), written, out -> out.println("Rotated " + written.path() + " to version "
                + written.version() + " (" + written.id() + ")"));
        return 0;
    }

    Secret.Rotate rotation() {
        if (!source.generate && (length != null || charset != null || exclude != null)) {
            throw usage("--length, --charset and --exclude go with --generate");
        }
        if (grace != null) {
            try {
                Durations.parse(grace);
            } catch (IllegalArgumentException e) {
                throw usage("--grace: " + e.getMessage());
            }
        }
        Secret.Generate generate = source.generate ? generate() : null;
        return new Secret.Rotate(SecretText.ofNullable(StdinValue.orStdin(context(), source.value, path)),
                SecretText.ofAll(StdinValue.orStdin(context(), source.fields)), generate, reason, grace);
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
