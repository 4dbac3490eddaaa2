package dev.arca.server.use;

import dev.arca.server.error.ArcaException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A host as written in a URL or an egress rule, lower-cased and checked: a DNS name, a dotted-decimal IPv4 literal
 * or a bracketed IPv6 literal. Other IPv4 spellings ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1},
 * {@code 127.1}) are refused: resolvers read them as addresses, so they would slip a literal past a rule that names
 * the address in its usual form.
 *
 * @param name the host as compared with rules: lower case, IPv6 in brackets
 */
record Host(String name, Kind kind) {
    enum Kind { DNS, IPV4, IPV6 }

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|0x[0-9a-f]*");
    private static final Pattern DECIMAL_OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");
    private static final Pattern IPV6_TEXT = Pattern.compile("[0-9a-f:.]+");

    /** Reads {@code text}; 400 naming {@code field} when it is not a host this contract accepts. */
    static Host parse(String text, String field) {
        if (text == null || text.isEmpty()) {
            throw ArcaException.invalid(field, field + " has no host");
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("[")) {
            return ipv6(lower, field);
        }
        if (lower.length() > 253) {
            throw ArcaException.invalid(field, field + ": the host name is longer than 253 characters");
        }
        String[] labels = lower.split("\\.", -1);
        if (NUMERIC_LABEL.matcher(labels[labels.length - 1]).matches()) {
            return ipv4(lower, labels, field);
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw ArcaException.invalid(field, field + ": '" + printable(text) + "' is not a host name (letters, "
                        + "digits and '-' in dot-separated labels), an IPv4 address a.b.c.d or an IPv6 address [..]");
            }
        }
        return new Host(lower, Kind.DNS);
    }

    boolean isIpLiteral() {
        return kind != Kind.DNS;
    }

    /** The address an IP literal names; only for {@link #isIpLiteral()} hosts. */
    InetAddress address() {
        String literal = kind == Kind.IPV6 ? name.substring(1, name.length() - 1) : name;
        try {
            return InetAddress.getByName(literal); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a checked IP literal did not parse", e);
        }
    }

    private static Host ipv4(String lower, String[] labels, String field) {
        boolean canonical = labels.length == 4;
        for (String label : labels) {
            canonical &= DECIMAL_OCTET.matcher(label).matches() && Integer.parseInt(label) <= 255;
        }
        if (!canonical) {
            throw ArcaException.invalid(field, field + ": write an IPv4 address as four decimal numbers a.b.c.d "
                    + "(0-255, no leading zeros); '" + printable(lower) + "' is a decimal, octal, hex or short form");
        }
        return new Host(lower, Kind.IPV4);
    }

    private static Host ipv6(String lower, String field) {
        String inner = lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : "";
        if (!inner.contains(":") || !IPV6_TEXT.matcher(inner).matches()) {
            throw ArcaException.invalid(field, field + ": '" + printable(lower) + "' is not a bracketed IPv6 address "
                    + "such as [2001:db8::1] (zone ids are not accepted)");
        }
        try {
            InetAddress.getByName(inner);
        } catch (UnknownHostException e) {
            throw ArcaException.invalid(field, field + ": '" + printable(lower) + "' is not a valid IPv6 address");
        }
        return new Host(lower, Kind.IPV6);
    }

    /** Input quoted back in a message: short and without control characters. */
    static String printable(String text) {
        String cut = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
