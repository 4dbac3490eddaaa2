package dev.arca.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.arca.api.Json;
import dev.arca.api.Rotation;
import dev.arca.api.WatchEvent;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.SecretOperations;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code arca secret watch PATH_OR_ID…}: one line per change as it happens, from the server's event stream, until
 * interrupted. Values are never printed, even when the server sends them.
 */
@Command(name = "watch", description = "Print a line for each change of these secrets (<time> <type> <path> "
        + "v<version>) until Ctrl-C: changed, rotated (with its policy and run), rotation_due (with the due time), "
        + "rotation_failed (with the error), deleted; --format json prints one JSON object per line. Values are "
        + "never printed.")
final class SecretWatchCommand extends ClientCommand {
    /** Made on first use (see {@code FormatOption}). */
    private static final class Writer {
        static final ObjectWriter JSON_LINE = Json.strict().writer();
    }

    @Parameters(arity = "1..*", paramLabel = "PATH_OR_ID")
    List<String> targets;

    @Mixin
    FormatOption format;

    @Override
    int run(ArcaClient client) {
        var secrets = client.secrets().withVault(vault(client));
        List<String> ids = targets.stream().map(target -> idOf(secrets, target)).distinct().toList();
        var feed = new EventFeed(secrets, ids, this::print, () -> {}, warning -> {
            err().println("warning: " + warning);
            err().flush();
        });
        try {
            feed.run();
            return 0;
        } catch (InterruptedException e) {
            // Ctrl-C in a terminal ends the JVM; an interrupted in-process run ends here.
            return 130;
        }
    }

    static String idOf(SecretOperations secrets, String pathOrId) {
        return SecretCommand.isId(pathOrId) ? pathOrId : secrets.idOf(pathOrId);
    }

    private void print(WatchEvent event) {
        var out = out();
        if (format.json()) {
            var withoutValue = new WatchEvent(event.type(), event.secretId(), event.path(), event.version(), null, null,
                    event.rotation());
            try {
                out.println(Writer.JSON_LINE.writeValueAsString(withoutValue));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a watch event could not be written as JSON", e);
            }
        } else {
            out.println(line(event, Instant.now()));
        }
        out.flush();
    }

    /**
     * {@code <time> <type> <path> v<version>}, and what a rotation event adds: the policy and run of
     * {@code rotated}, the due time of {@code rotation_due}, the run and its error of {@code rotation_failed}.
     * Never a value.
     */
    static String line(WatchEvent event, Instant now) {
        var line = new StringBuilder().append(Table.show(now)).append(' ').append(event.type())
                .append(' ').append(event.path() != null ? event.path() : event.secretId());
        if (event.version() != null) {
            line.append(" v").append(event.version());
        }
        Rotation.Notice rotation = event.rotation();
        if (rotation != null) {
            line.append(" policy ").append(rotation.policy());
            if (rotation.runId() != null) {
                line.append(" run ").append(rotation.runId());
            }
            if (rotation.dueAt() != null) {
                line.append(" due ").append(Table.show(rotation.dueAt()));
            }
            if (rotation.error() != null) {
                line.append(": ").append(rotation.error());
            }
        }
        return line.toString();
    }
}
