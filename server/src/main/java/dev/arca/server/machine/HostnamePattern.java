package dev.arca.server.machine;

import dev.arca.server.error.ArcaException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A host name glob such as {@code web-*.example.com}: {@code *} matches any run of characters (none included,
 * dots included), everything else itself, ignoring case as DNS does.
 */
record HostnamePattern(String text, Pattern regex) {
    static final String FIELD = "hostname_pattern";
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9.-]{1,253}");
    private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9.*-]{1,253}");

    static HostnamePattern parse(String text) {
        if (text == null || !GLOB.matcher(text).matches()) {
            throw ArcaException.invalid(FIELD, "hostname_pattern must be 1-253 characters of letters, digits, '.', "
                    + "'-' and '*' (any run of characters), e.g. web-*.example.com");
        }
        String regex = Arrays.stream(text.toLowerCase(Locale.ROOT).split("\\*", -1)).map(Pattern::quote)
                .collect(Collectors.joining(".*"));
        return new HostnamePattern(text, Pattern.compile(regex));
    }

    /** Checks a host name a machine reports; 400 naming {@code hostname} when it is not one. */
    static String checkHostname(String hostname) {
        if (!HOSTNAME.matcher(hostname).matches()) {
            throw ArcaException.invalid("hostname", "hostname must be 1-253 characters of letters, digits, '.' and "
                    + "'-'");
        }
        return hostname;
    }

    boolean matches(String hostname) {
        return regex.matcher(hostname.toLowerCase(Locale.ROOT)).matches();
    }
}
