package dev.arca.server.machine;

import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Ids;
import dev.arca.server.vaults.Names;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How an enrollment token names its machines: literal text with {@code {uuidN}} placeholders, each replaced by N
 * fresh random hex characters (N from 4 to 32; {@code {uuid}} is 8). Anything else is literal. A pattern is
 * accepted only if every name it makes is a valid name, so rendering never fails.
 */
record NamePattern(String text, List<Part> parts) {
    static final String FIELD = "name_pattern";
    static final int MIN_HEX = 4;
    static final int MAX_HEX = 32;
    static final int DEFAULT_HEX = 8;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{uuid(\\d*)\\}");
    /** What machines are called when neither the token nor the request names them. */
    static final NamePattern DEFAULT = parse("machine-{uuid}");

    /** Literal text, or a run of {@code hexChars} random hex characters. */
    record Part(@Nullable String literal, int hexChars) {}

    NamePattern {
        parts = List.copyOf(parts);
    }

    /** Parses and checks a pattern; 400 naming {@code name_pattern} when a placeholder or the result is invalid. */
    static NamePattern parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 255) {
            throw ArcaException.invalid(FIELD, "name_pattern must be 1-255 characters, e.g. ci-{uuid8}");
        }
        List<Part> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(new Part(text.substring(at, m.start()), 0));
            }
            parts.add(new Part(null, hexChars(m.group(1))));
            at = m.end();
        }
        if (at < text.length()) {
            parts.add(new Part(text.substring(at), 0));
        }
        var pattern = new NamePattern(text, parts);
        String sample = pattern.render();
        try {
            Names.check(FIELD, sample);
        } catch (ArcaException e) {
            throw ArcaException.invalid(FIELD, "name_pattern '" + text + "' makes names like '" + sample
                    + "', but a machine name must be 1-64 characters of letters, digits, '_', '.' and '-', starting"
                    + " with a letter or digit ({uuidN} adds N hex characters)");
        }
        return pattern;
    }

    private static int hexChars(String digits) {
        if (digits.isEmpty()) {
            return DEFAULT_HEX;
        }
        int n = digits.length() > 2 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (n < MIN_HEX || n > MAX_HEX) {
            throw ArcaException.invalid(FIELD, "name_pattern: {uuid" + digits + "} is out of range; N in {uuidN} "
                    + "must be from " + MIN_HEX + " to " + MAX_HEX + " ({uuid} alone is " + DEFAULT_HEX + ")");
        }
        return n;
    }

    /** Whether every name it makes is the same (no placeholder): a second machine cannot have it while one does. */
    boolean fixed() {
        return parts.stream().allMatch(part -> part.literal() != null);
    }

    /** A new name: the literal parts as written and fresh random hex for each placeholder. */
    String render() {
        var name = new StringBuilder();
        for (Part part : parts) {
            if (part.literal() != null) {
                name.append(part.literal());
            } else {
                name.append(HexFormat.of().formatHex(Ids.randomBytes((part.hexChars() + 1) / 2)), 0,
                        part.hexChars());
            }
        }
        return name.toString();
    }
}
