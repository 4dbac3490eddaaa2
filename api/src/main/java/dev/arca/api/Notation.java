package dev.arca.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A secret reference in Arca notation: {@code arca://<project>/<path…>[/field/<name>]} or
 * {@code arca://<secret_id>[/field/<name>]} (an id starts with {@code sk_}). Inside a segment, {@code \} escapes
 * {@code /}, {@code [}, {@code ]} and {@code \}; an unescaped {@code [} or {@code ]} is reserved and refused.
 *
 * <p>{@code /field/<name>} selects a field when it ends a reference that names a secret before it
 * ({@code arca://app/db/field/user}); {@code arca://app/field/x} is the secret {@code app/field/x}. A secret whose
 * own path ends in {@code …/field/<x>} (with something before {@code field}) is therefore reached by its id.
 *
 * <p>{@link #parse} and {@link #toString} are inverses: {@code parse(ref.toString()).equals(ref)}, and the text of
 * a parsed reference is its canonical form (escapes only where needed). The parser checks the notation, not
 * whether a path is a valid secret path: the server answers that.
 *
 * @param project the project (first path segment) of a path reference; null for an id reference
 * @param path the secret's full path in its vault ({@code project/name…}); null for an id reference
 * @param secretId the {@code sk_…} id of an id reference; null for a path reference
 * @param field the selected field of a structured secret; null for the whole value
 */
public record Notation(@Nullable String project, @Nullable String path, @Nullable String secretId,
        @Nullable String field) {
    /** The scheme every reference starts with. */
    public static final String PREFIX = "arca://";
    /** How a secret id starts; a first segment starting so is an id, not a project. */
    public static final String ID_PREFIX = "sk_";
    private static final String FIELD = "field";

    public Notation {
        if ((secretId == null) == (path == null)) {
            throw new IllegalArgumentException("a reference names either a path or a secret id");
        }
        if (secretId != null) {
            if (project != null || !secretId.startsWith(ID_PREFIX) || secretId.contains("/")) {
                throw new IllegalArgumentException("a secret id starts with '" + ID_PREFIX + "' and has no '/'");
            }
        } else if (project == null || project.isEmpty() || project.startsWith(ID_PREFIX)
                || !path.startsWith(project + "/") || path.length() == project.length() + 1) {
            throw new IllegalArgumentException("a path reference is PROJECT/NAME with the path starting with its "
                    + "project (which may not start with '" + ID_PREFIX + "')");
        }
        if (path != null) {
            String[] segments = path.split("/", -1);
            if (Arrays.asList(segments).contains("")) {
                throw new IllegalArgumentException("a path may not have empty segments");
            }
            if (field == null && segments.length >= 4 && segments[segments.length - 2].equals(FIELD)) {
                throw new IllegalArgumentException("a path ending in '…/field/<name>' reads as a field selector: "
                        + "refer to that secret by its id");
            }
        }
        if (field != null && field.isEmpty()) {
            throw new IllegalArgumentException("a field name may not be empty");
        }
        // parse refuses control characters, so a reference holding one would not read back from its text
        for (String part : new String[] {path, secretId, field}) {
            if (part != null && part.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException("a reference may not contain control characters");
            }
        }
    }

    /** A reference to the secret at {@code path} ({@code project/name…}), or to one of its fields. */
    public static Notation ofPath(String path, @Nullable String field) {
        Objects.requireNonNull(path, "path");
        int slash = path.indexOf('/');
        return new Notation(slash < 0 ? null : path.substring(0, slash), path, null, field);
    }

    /** A reference to the secret with this id, or to one of its fields. */
    public static Notation ofId(String secretId, @Nullable String field) {
        return new Notation(null, null, Objects.requireNonNull(secretId, "secretId"), field);
    }

    /**
     * Parses a reference; {@link IllegalArgumentException} with a message that says what is wrong and where:
     * unknown scheme, empty segment, a trailing {@code /field/} without a name, a dangling or unknown escape,
     * a reserved character, or a missing path.
     */
    public static Notation parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("a reference is needed, e.g. arca://app/db");
        }
        if (!text.startsWith(PREFIX)) {
            int colon = text.indexOf("://");
            throw new IllegalArgumentException(colon > 0
                    ? "unknown scheme '" + printable(text.substring(0, colon)) + "': a reference starts with "
                            + PREFIX
                    : "not a reference: it must start with " + PREFIX + " (e.g. arca://app/db)");
        }
        String body = text.substring(PREFIX.length());
        if (body.isEmpty()) {
            throw new IllegalArgumentException("missing path: give PROJECT/NAME or a secret id after " + PREFIX);
        }
        if (body.endsWith("/" + FIELD + "/")) {
            throw new IllegalArgumentException("trailing '/field/': name the field after it, e.g. "
                    + "arca://app/db/field/password");
        }
        List<String> segments = split(body);
        return segments.get(0).startsWith(ID_PREFIX) ? idReference(segments) : pathReference(segments);
    }

    private static Notation idReference(List<String> segments) {
        String id = segments.get(0);
        if (segments.size() == 1) {
            return ofId(id, null);
        }
        if (segments.size() == 3 && segments.get(1).equals(FIELD)) {
            return ofId(id, segments.get(2));
        }
        throw new IllegalArgumentException("after a secret id only '/field/<name>' may follow (arca://" + printable(id)
                + "/field/NAME)");
    }

    private static Notation pathReference(List<String> segments) {
        int n = segments.size();
        boolean hasField = n >= 4 && segments.get(n - 2).equals(FIELD);
        int pathEnd = hasField ? n - 2 : n;
        if (pathEnd < 2) {
            throw new IllegalArgumentException("missing path: after the project '" + printable(segments.get(0))
                    + "' give the secret's name (arca://PROJECT/NAME)");
        }
        var path = new StringBuilder();
        for (int i = 0; i < pathEnd; i++) {
            String segment = segments.get(i);
            if (segment.indexOf('/') >= 0) {
                throw new IllegalArgumentException("segment " + (i + 1) + " of the path contains an escaped '/': a "
                        + "secret path segment cannot hold '/'");
            }
            path.append(i == 0 ? "" : "/").append(segment);
        }
        return ofPath(path.toString(), hasField ? segments.get(n - 1) : null);
    }

    private static List<String> split(String body) {
        List<String> segments = new ArrayList<>();
        var current = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("control character at position " + (PREFIX.length() + i)
                        + " of the reference");
            }
            if (c == '\\') {
                if (i + 1 == body.length()) {
                    throw new IllegalArgumentException("dangling '\\' at the end of the reference: escape a "
                            + "backslash as '\\\\'");
                }
                char next = body.charAt(++i);
                if (next != '/' && next != '[' && next != ']' && next != '\\') {
                    throw new IllegalArgumentException("'\\" + next + "' at position " + (PREFIX.length() + i - 1)
                            + " is not an escape: only \\/ \\[ \\] and \\\\ are");
                }
                current.append(next);
            } else if (c == '[' || c == ']') {
                throw new IllegalArgumentException("'" + c + "' at position " + (PREFIX.length() + i)
                        + " is reserved: write '\\" + c + "' for the character itself");
            } else if (c == '/') {
                segments.add(segment(current, segments.size()));
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        segments.add(segment(current, segments.size()));
        return segments;
    }

    private static String segment(StringBuilder text, int index) {
        if (text.length() == 0) {
            throw new IllegalArgumentException("empty segment " + (index + 1) + " in the reference (leading, "
                    + "trailing or doubled '/')");
        }
        return text.toString();
    }

    /** Whether this reference names its secret by id. */
    public boolean isById() {
        return secretId != null;
    }

    /** The canonical text of this reference, which {@link #parse} reads back to an equal reference. */
    @Override
    public String toString() {
        var out = new StringBuilder(PREFIX);
        if (secretId != null) {
            out.append(escape(secretId));
        } else {
            String[] segments = Objects.requireNonNull(path).split("/", -1); // exactly one of id and path is set
            for (int i = 0; i < segments.length; i++) {
                out.append(i == 0 ? "" : "/").append(escape(segments[i]));
            }
        }
        if (field != null) {
            out.append('/').append(FIELD).append('/').append(escape(field));
        }
        return out.toString();
    }

    private static String escape(String segment) {
        var out = new StringBuilder(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    private static String printable(String text) {
        return text.length() > 64 ? text.substring(0, 64) + "…" : text;
    }
}
