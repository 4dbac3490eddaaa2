package dev.arca.server.net;

import java.util.Locale;

/** The host of a {@code Host} header or a {@code host[:port]} setting: lower case, without the port. */
public final class HostName {
    private HostName() {}

    /** {@code Vault.Example:8200} → {@code vault.example}; {@code [::1]:8420} → {@code [::1]}. */
    public static String of(String hostAndPort) {
        String text = hostAndPort.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            return close < 0 ? text : text.substring(0, close + 1);
        }
        int colon = text.indexOf(':');
        String host = colon < 0 ? text : text.substring(0, colon);
        // a fully qualified name may end with the root's dot: localhost. is localhost
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
