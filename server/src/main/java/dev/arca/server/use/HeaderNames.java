package dev.arca.server.use;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** HTTP header names and values as {@code use} accepts them (RFC 9110 §5.1, §5.5). */
final class HeaderNames {
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
    /** Headers the HTTP client sets itself, or that would change how the message is framed or routed. */
    private static final Set<String> RESERVED = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "te", "trailer", "upgrade");

    private HeaderNames() {}

    static boolean isToken(String name) {
        return name != null && name.length() <= 256 && TOKEN.matcher(name).matches();
    }

    static boolean isReserved(String name) {
        return RESERVED.contains(name.toLowerCase(Locale.ROOT));
    }

    /** No control characters (CR, LF, NUL, …; a tab is allowed) and nothing outside Latin-1. */
    static boolean isValidValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return false;
            }
        }
        return true;
    }
}
