package dev.arca.server.secrets;

import dev.arca.server.error.ArcaException;
import dev.arca.server.vaults.Names;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A secret's path inside its vault, {@code project/name[/more]}: checked once at the edge, trusted inside.
 * Segments are ASCII letters, digits and {@code _ . - @ + =}; no empty, {@code .} or {@code ..} segments, so a
 * path can never climb out of its project or be spelt two ways. The last segment is never {@code metadata}, which
 * the routes reserve for a secret's metadata.
 */
public record SecretPath(String value) {
    public static final int MAX_BYTES = 512;
    private static final String METADATA = "metadata";
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.@+=-]+");

    public SecretPath {
        check(value);
    }

    public String project() {
        return value.substring(0, value.indexOf('/'));
    }

    private static void check(String path) {
        if (path == null || path.isEmpty()) {
            throw ArcaException.invalid("path", "a secret path is needed, e.g. app/db");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ArcaException.invalid("path", "a secret path is at most " + MAX_BYTES + " bytes");
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ArcaException.invalid("path", "a secret path may not contain control characters");
        }
        List<String> segments = List.of(path.split("/", -1));
        if (segments.size() < 2) {
            throw ArcaException.invalid("path", "a secret path starts with its project: PROJECT/NAME, e.g. app/db");
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw ArcaException.invalid("path", "a secret path may not have empty segments (leading, trailing "
                        + "or doubled '/')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw ArcaException.invalid("path", "a secret path may not contain '.' or '..' segments");
            }
            if (!SEGMENT.matcher(segment).matches()) {
                throw ArcaException.invalid("path", "path segment '" + printable(segment) + "' may only contain "
                        + "letters, digits and _ . - @ + =");
            }
        }
        if (segments.getLast().equals(METADATA)) {
            throw ArcaException.invalid("path", "a secret path may not end in '/" + METADATA + "': that suffix names "
                    + "a secret's metadata");
        }
        Names.check("path", segments.get(0));
    }

    private static String printable(String segment) {
        return segment.length() > 64 ? segment.substring(0, 64) + "…" : segment;
    }

    @Override
    public String toString() {
        return value;
    }
}
