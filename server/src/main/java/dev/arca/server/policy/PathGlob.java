package dev.arca.server.policy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A compiled path pattern of a policy rule. Segments are split by {@code /}; {@code *} matches exactly one whole
 * segment, {@code **} any number of segments (zero included) and is only allowed as a whole segment; a segment
 * ending in {@code *} ({@code web-*}) matches any one segment that starts with what precedes the star. Everything
 * else matches literally and case-sensitively.
 *
 * <p>Matching is linear in the length of the path times the length of the pattern, whatever the number of
 * {@code **} segments (no backtracking). Wildcards also match the reserved administration paths
 * ({@code _policies}, {@code _machines}, …): {@code ** admin} makes a vault administrator. The empty path (the
 * root of a vault, for a listing) has no segments, so only patterns made of {@code **} segments match it.
 */
public final class PathGlob {
    /** Patterns are as long as the paths they match, at most. */
    public static final int MAX_BYTES = 512;
    private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9_.@+=-]+");

    private enum Kind { LITERAL, PREFIX, ONE, ANY }

    /** {@code text}: what a literal or prefix segment must be or start with; empty for the wildcards. */
    private record Part(Kind kind, String text) {
        boolean matches(String segment) {
            return switch (kind) {
                case LITERAL -> text.equals(segment);
                case PREFIX -> segment.startsWith(text);
                case ONE -> !segment.isEmpty();
                case ANY -> true;
            };
        }
    }

    private final String pattern;
    private final Part[] parts;
    /** Index of the first and last {@code **} part; -1 when there is none. */
    private final int firstAny;
    private final int lastAny;

    private PathGlob(String pattern, Part[] parts) {
        this.pattern = pattern;
        this.parts = parts;
        int first = -1;
        int last = -1;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].kind() == Kind.ANY) {
                first = first < 0 ? i : first;
                last = i;
            }
        }
        this.firstAny = first;
        this.lastAny = last;
    }

    /**
     * Compiles {@code pattern}; {@link IllegalArgumentException} with a message saying what is wrong (empty
     * segment, {@code **} or {@code *} inside a segment, control or unsupported characters, {@code .}/{@code ..}).
     */
    public static PathGlob compile(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            throw new IllegalArgumentException("a path pattern is needed, e.g. app/** or app/db");
        }
        if (pattern.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("a path pattern is at most " + MAX_BYTES + " bytes");
        }
        if (pattern.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("a path pattern may not contain control characters");
        }
        List<Part> parts = new ArrayList<>();
        for (String segment : pattern.split("/", -1)) {
            Part part = part(segment);
            boolean repeatedAny = part.kind() == Kind.ANY && !parts.isEmpty()
                    && parts.getLast().kind() == Kind.ANY;
            if (!repeatedAny) {
                parts.add(part);
            }
        }
        return new PathGlob(pattern, parts.toArray(Part[]::new));
    }

    private static Part part(String segment) {
        if (segment.isEmpty()) {
            throw new IllegalArgumentException("a path pattern may not have empty segments (leading, trailing or "
                    + "doubled '/')");
        }
        if (segment.equals("**")) {
            return new Part(Kind.ANY, "");
        }
        if (segment.equals("*")) {
            return new Part(Kind.ONE, "");
        }
        if (segment.contains("**")) {
            throw new IllegalArgumentException("'**' must be a whole segment ('a/**/b'), not part of '"
                    + printable(segment) + "'");
        }
        int star = segment.indexOf('*');
        if (star >= 0 && star != segment.length() - 1) {
            throw new IllegalArgumentException("'*' may only end a segment (a prefix such as 'web-*'), not sit "
                    + "inside '" + printable(segment) + "'");
        }
        String literal = star < 0 ? segment : segment.substring(0, star);
        if (segment.equals(".") || segment.equals("..")) {
            throw new IllegalArgumentException("a path pattern may not contain '.' or '..' segments");
        }
        if (!LITERAL.matcher(literal).matches()) {
            throw new IllegalArgumentException("segment '" + printable(segment) + "' may only contain letters, "
                    + "digits, _ . - @ + = and a '*' (no other glob characters)");
        }
        return star < 0 ? new Part(Kind.LITERAL, literal) : new Part(Kind.PREFIX, literal);
    }

    /** Matches a path ({@code app/db}, {@code _policies}, or {@code ""} for the vault root). */
    public boolean matches(String path) {
        return matches(segments(path));
    }

    /**
     * Matches a path already split by {@link #segments}, so that one request path is split once and matched
     * against many rules.
     */
    public boolean matches(String[] segments) {
        if (firstAny < 0) {
            return segments.length == parts.length && fixedPartsMatch(0, segments, 0, parts.length);
        }
        // The parts before the first ** and after the last one each match exactly one segment at their end of
        // the path; only what lies between needs the general matcher, and a single ** there matches anything.
        int head = firstAny;
        int tail = parts.length - 1 - lastAny;
        int rest = segments.length - tail;
        if (rest < head || !fixedPartsMatch(0, segments, 0, head)
                || !fixedPartsMatch(lastAny + 1, segments, rest, tail)) {
            return false;
        }
        return firstAny == lastAny || middleMatches(segments, head, rest);
    }

    private boolean fixedPartsMatch(int firstPart, String[] segments, int firstSegment, int count) {
        for (int i = 0; i < count; i++) {
            if (!parts[firstPart + i].matches(segments[firstSegment + i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * Matches parts {@code firstAny..lastAny} against segments {@code from..to} by tracking the set of pattern
     * positions reachable so far (a small NFA): linear, never backtracking.
     */
    private boolean middleMatches(String[] segments, int from, int to) {
        BitSet states = new BitSet(lastAny + 2);
        states.set(firstAny);
        closure(states);
        for (int s = from; s < to; s++) {
            BitSet next = new BitSet(lastAny + 2);
            for (int i = states.nextSetBit(0); i >= 0 && i <= lastAny; i = states.nextSetBit(i + 1)) {
                if (parts[i].kind() == Kind.ANY) {
                    next.set(i);
                } else if (parts[i].matches(segments[s])) {
                    next.set(i + 1);
                }
            }
            states = closure(next);
        }
        return states.get(lastAny + 1);
    }

    /** Adds the positions reachable by letting each {@code **} match zero segments. */
    private BitSet closure(BitSet states) {
        for (int i = states.nextSetBit(0); i >= 0 && i <= lastAny; i = states.nextSetBit(i + 1)) {
            if (parts[i].kind() == Kind.ANY) {
                states.set(i + 1);
            }
        }
        return states;
    }

    /**
     * Splits a request path into segments: {@code ""} has none, and one trailing {@code /} (a listing prefix such
     * as {@code app/}) is ignored. Other empty segments are kept, and only {@code **} matches them.
     */
    public static String[] segments(@Nullable String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return new String[0];
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.split("/", -1);
    }

    public String pattern() {
        return pattern;
    }

    private static String printable(String segment) {
        return segment.length() > 64 ? segment.substring(0, 64) + "…" : segment;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PathGlob glob && glob.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
