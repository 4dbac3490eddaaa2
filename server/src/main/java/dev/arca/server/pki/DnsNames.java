package dev.arca.server.pki;

import dev.arca.server.error.ArcaException;
import java.util.Locale;
import java.util.regex.Pattern;

/** DNS names as certificates carry them: lower case, LDH labels of 1-63 characters, at most 253 in all. */
public final class DnsNames {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private DnsNames() {}

    /** The name in lower case without a trailing dot; 400 naming {@code field} when it is no host name. */
    public static String check(String name, String field) {
        String value = normalize(name);
        if (!isHostname(value)) {
            throw ArcaException.invalid(field, "'" + printable(name) + "' is not a DNS name (letters, digits and '-' "
                    + "in dot-separated labels)");
        }
        return value;
    }

    public static String normalize(String name) {
        String value = name.strip().toLowerCase(Locale.ROOT);
        return value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
    }

    /** Whether {@code name} (already {@link #normalize normalized}) is a host name. */
    public static boolean isHostname(String name) {
        if (name.isEmpty() || name.length() > 253) {
            return false;
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** A caller's text made safe to quote in an error: printable ASCII, at most 64 characters. */
    public static String printable(String text) {
        String clean = text.codePoints().map(c -> c >= 0x20 && c < 0x7f ? c : '?')
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > 64 ? clean.substring(0, 64) + "…" : clean;
    }
}
