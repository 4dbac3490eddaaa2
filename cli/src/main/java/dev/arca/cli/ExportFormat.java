package dev.arca.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.arca.api.Json;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * How {@code arca export} writes variables: in name order, each safe to read back whatever characters the value
 * holds (quotes, {@code $}, backticks, newlines).
 */
enum ExportFormat {
    /** {@code export NAME='value'}, for {@code eval "$(arca export)"} in a POSIX shell. */
    env,
    /**
     * {@code NAME="value"} as dotenv libraries read it: {@code \\ \" \$ \`} and {@code \n \r \t} escaped, so a reader
     * that expands {@code $VAR} or command substitutions finds none. {@code arca run --env-file} reads it back.
     */
    dotenv,
    /** One JSON object {@code {"NAME": "value"}}. */
    json;

    /** Made on first use (see {@code FormatOption}). */
    private static final class Writer {
        static final ObjectWriter JSON = Json.strict().writerWithDefaultPrettyPrinter();
    }

    /** The whole output, ending with a line break. */
    String render(Map<String, String> variables) {
        return switch (this) {
            case env -> lines(variables, ExportFormat::shellLine);
            case dotenv -> lines(variables, ExportFormat::dotenvLine);
            case json -> jsonObject(variables);
        };
    }

    static String shellLine(String name, String value) {
        // Inside single quotes nothing is special but the quote itself: close, write an escaped quote, reopen.
        return "export " + name + "='" + value.replace("'", "'\\''") + "'";
    }

    static String dotenvLine(String name, String value) {
        var out = new StringBuilder(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\', '"', '$', '`' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    private static String lines(Map<String, String> variables, BinaryOperator<String> line) {
        var out = new StringBuilder();
        new TreeMap<>(variables).forEach((name, value) -> out.append(line.apply(name, value)).append('\n'));
        return out.toString();
    }

    private static String jsonObject(Map<String, String> variables) {
        try {
            return Writer.JSON.writeValueAsString(new TreeMap<>(variables)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings could not be written as JSON", e);
        }
    }
}
