package dev.arca.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.arca.api.Json;
import java.io.PrintWriter;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** {@code --format table|json}: aligned columns for people, or the wire JSON for scripts. */
final class FormatOption {
    enum Format { table, json }

    /**
     * Made on first use, not when picocli builds the command tree (which makes every command's options at start):
     * Jackson's classes would otherwise load for {@code arca --help} too.
     */
    private static final class Writer {
        static final ObjectWriter JSON = Json.strict().writerWithDefaultPrettyPrinter();
    }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    boolean json() {
        return format == Format.json;
    }

    /** Prints {@code wire} as JSON, or lets {@code human} print it for people. */
    void print(PrintWriter out, Object wire, Consumer<PrintWriter> human) {
        if (json()) {
            printJson(out, wire);
        } else {
            human.accept(out);
        }
    }

    static void printJson(PrintWriter out, Object wire) {
        try {
            out.println(Writer.JSON.writeValueAsString(wire));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a wire record could not be written as JSON", e);
        }
    }
}
