package dev.arca.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data TEXT | --data-file FILE}: what a command sends, as UTF-8 text or a file's exact bytes. */
final class DataInput {
    @Option(names = "--data", paramLabel = "TEXT", description = "The data, as text.")
    String text;

    @Option(names = "--data-file", paramLabel = "FILE", description = "Read the data from FILE, exactly as it is; "
            + "- reads stdin.")
    String file;

    byte[] bytes(ArcaCommand context) {
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return file.equals("-") ? context.stdin().readAllBytes() : Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + e.getClass().getSimpleName());
        }
    }
}
