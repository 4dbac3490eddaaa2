package dev.arca.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The template {@code arca run --env-file} reads (by convention {@code .env.arca}): one {@code NAME=value} per
 * line, blank lines and lines starting with {@code #} ignored, an optional {@code export } before the name. A value
 * starting with {@code arca://} is a reference resolved by the server; any other value is passed as it is. A value
 * may be wrapped in single quotes (taken literally) or double quotes (with the escapes {@code \\ \" \$ \` \n \r \t}
 * that {@code arca export --format dotenv} writes), so an exported file reads back unchanged.
 */
record EnvFile(List<Entry> entries) {
    static final String REFERENCE_SCHEME = "arca://";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    EnvFile {
        entries = List.copyOf(entries);
    }

    /** One {@code NAME=value} line; {@code line} is its 1-based number in the file. */
    record Entry(String name, String value, int line) {
        /** Whether the value is an {@code arca://} reference for the server to resolve. */
        boolean isReference() {
            return value.startsWith(REFERENCE_SCHEME);
        }

        @Override
        public String toString() {
            return "Entry[name=" + name + ", line=" + line + ", value=<redacted>]";
        }
    }

    /**
     * Parses a template.
     *
     * @param source what the text is called in error messages (the file name)
     * @throws CommandFailure naming the source and line of the first malformed line; never quoting a value
     */
    static EnvFile parse(String text, String source) {
        var entries = new ArrayList<Entry>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int number = i + 1;
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).stripLeading();
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new CommandFailure(source + " line " + number + ": expected NAME=value");
            }
            String name = line.substring(0, equals).strip();
            if (!NAME.matcher(name).matches()) {
                throw new CommandFailure(source + " line " + number + ": '" + name + "' is not a variable name "
                        + "(letters, digits and _, not starting with a digit)");
            }
            entries.add(new Entry(name, unquote(line.substring(equals + 1).strip(), source, number), number));
        }
        return new EnvFile(entries);
    }

    /** The references, in file order, without repeats. */
    List<String> references() {
        return entries.stream().filter(Entry::isReference).map(Entry::value).distinct().toList();
    }

    /**
     * The variables, with each reference replaced by its resolved value; a later line wins over an earlier one of
     * the same name, as in a shell.
     */
    Map<String, String> variables(Map<String, String> resolved) {
        var variables = new LinkedHashMap<String, String>();
        for (Entry entry : entries) {
            String value = entry.isReference() ? resolved.get(entry.value()) : entry.value();
            if (value == null) {
                throw new IllegalStateException("reference on line " + entry.line() + " was not resolved");
            }
            variables.put(entry.name(), value);
        }
        return variables;
    }

    private static String unquote(String value, String source, int line) {
        if (value.length() >= 2 && value.startsWith("'") && value.endsWith("'")) {
            return value.substring(1, value.length() - 1);
        }
        if (!value.startsWith("\"")) {
            return value;
        }
        var out = new StringBuilder();
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                if (i != value.length() - 1) {
                    throw new CommandFailure(source + " line " + line + ": text after the closing \" (write \\\" "
                            + "for a quote inside double quotes)");
                }
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == value.length()) {
                break;
            }
            char escaped = value.charAt(i);
            switch (escaped) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '\\', '"', '$', '`' -> out.append(escaped);
                default -> throw new CommandFailure(source + " line " + line + ": unknown escape \\" + escaped
                        + " (known: \\\\ \\\" \\$ \\` \\n \\r \\t)");
            }
        }
        throw new CommandFailure(source + " line " + line + ": a double-quoted value must end with \"");
    }
}
