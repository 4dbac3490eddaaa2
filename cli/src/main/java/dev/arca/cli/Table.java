package dev.arca.cli;

import dev.arca.api.Timestamps;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Columns padded to their widest cell, two spaces apart; a missing value shows as {@code -}, an instant to the
 * millisecond as in JSON. Headers are upper case words ({@code MAX TTL}); the keys of a name/value table are the JSON
 * field names ({@code max_versions}), so what a table shows is what {@code --format json} calls it.
 */
final class Table {
    private final List<String[]> lines = new ArrayList<>();

    /** A table whose first line is {@code headers}; none for a plain list of name/value pairs. */
    Table(String... headers) {
        if (headers.length > 0) {
            lines.add(headers);
        }
    }

    Table row(@Nullable Object... cells) {
        lines.add(Arrays.stream(cells).map(Table::show).toArray(String[]::new));
        return this;
    }

    /** A value as a cell shows it, for messages that quote one: {@code -} for none, an instant to the millisecond. */
    static String show(@Nullable Object value) {
        if (value == null) {
            return "-";
        }
        return value instanceof Instant instant ? Timestamps.format(instant) : value.toString();
    }

    void print(PrintWriter out) {
        int columns = lines.stream().mapToInt(line -> line.length).max().orElse(0);
        int[] widths = new int[columns];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            var text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == line.length - 1 ? line[i] : String.format("%-" + widths[i] + "s  ", line[i]));
            }
            out.println(text.toString().stripTrailing());
        }
    }
}
