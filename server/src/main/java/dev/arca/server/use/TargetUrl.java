package dev.arca.server.use;

import dev.arca.server.error.ArcaException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The URL of an {@code http_request}, checked and normalised before any egress rule sees it: absolute
 * {@code http}/{@code https}, no user info, a host {@link Host} accepts, the port made explicit and the path's dot
 * segments removed ({@code /v1/../admin} is {@code /admin}; {@code %2e} counts as a dot; {@code ..;x} as {@code ..},
 * as some servers read it), non-ASCII characters percent-encoded as UTF-8 ({@code /café} is {@code /caf%C3%A9}). The
 * request is sent to exactly this normalised URL, so what the rule matched is what the upstream gets.
 *
 * @param segments the normalised path's segments, still percent-encoded as sent
 * @param rawQuery the query as written, or null; never audited
 */
record TargetUrl(String scheme, Host host, int port, List<String> segments, boolean trailingSlash, String rawQuery) {
    private static final String FIELD = "url";
    private static final int MAX_LENGTH = 8192;

    static TargetUrl parse(@Nullable String text) {
        if (text == null || text.isBlank()) {
            throw ArcaException.invalid(FIELD, "url is required: the absolute http or https URL to call");
        }
        if (text.length() > MAX_LENGTH) {
            throw ArcaException.invalid(FIELD, "url is longer than " + MAX_LENGTH + " characters");
        }
        if (text.codePoints().anyMatch(cp -> Character.getType(cp) == Character.SURROGATE)) {
            throw ArcaException.invalid(FIELD, "url holds a lone UTF-16 surrogate, which is no character");
        }
        URI uri;
        try {
            // non-ASCII characters percent-encoded as UTF-8 before anything is checked: the egress rule sees the
            // bytes that go on the wire (an HTTP client would otherwise write them as '?' or in its own charset)
            uri = new URI(new URI(text).toASCIIString());
        } catch (URISyntaxException e) {
            throw ArcaException.invalid(FIELD, "url is not a valid URL (characters such as spaces must be "
                    + "percent-encoded)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw ArcaException.invalid(FIELD, "url must be an absolute http:// or https:// URL");
        }
        String authority = uri.getRawAuthority();
        if (uri.isOpaque() || authority == null) {
            throw ArcaException.invalid(FIELD, "url has no host");
        }
        if (authority.contains("@")) {
            throw ArcaException.invalid(FIELD, "url may not carry user info (user:password@): the credential is "
                    + "the secret's, injected as a header");
        }
        HostPort hostPort = HostPort.split(authority, scheme, FIELD);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String lowerPath = path.toLowerCase(Locale.ROOT);
        if (lowerPath.contains("%2f") || lowerPath.contains("%5c")) {
            throw ArcaException.invalid(FIELD, "url: an encoded '/' or '\\' in the path is refused (an upstream may "
                    + "read it as a separator, outside the path the egress rule allows)");
        }
        List<String> segments = new ArrayList<>();
        boolean trailingSlash = normalise(path, segments);
        return new TargetUrl(scheme, hostPort.host(), hostPort.port(), List.copyOf(segments), trailingSlash,
                uri.getRawQuery());
    }

    /** Removes dot segments (RFC 3986 §5.2.4) into {@code out}; true when the path ends with a slash. */
    private static boolean normalise(String path, List<String> out) {
        if (path.isEmpty()) {
            return false;
        }
        String[] parts = path.substring(1).split("/", -1);
        boolean trailing = false;
        for (int i = 0; i < parts.length; i++) {
            String dots = dotForm(parts[i]);
            boolean last = i == parts.length - 1;
            if (dots.equals(".")) {
                trailing = last;
            } else if (dots.equals("..")) {
                if (!out.isEmpty()) {
                    out.removeLast();
                }
                trailing = last;
            } else if (last && parts[i].isEmpty()) {
                trailing = true;
            } else {
                out.add(parts[i]);
            }
        }
        return trailing;
    }

    /** A segment as a dot-segment test sees it: {@code %2e} decoded, {@code ;params} dropped. */
    private static String dotForm(String segment) {
        int params = segment.indexOf(';');
        String bare = params < 0 ? segment : segment.substring(0, params);
        return bare.replace("%2e", ".").replace("%2E", ".");
    }

    /** The normalised path, {@code /} when empty. */
    String path() {
        if (segments.isEmpty()) {
            return "/";
        }
        return "/" + String.join("/", segments) + (trailingSlash ? "/" : "");
    }

    /** What the request is sent to: the normalised URL, port explicit, fragment dropped. */
    URI uri() {
        String query = rawQuery == null ? "" : "?" + rawQuery;
        return URI.create(scheme + "://" + host.name() + ":" + port + path() + query);
    }

    /** For messages and the audit trail: never the query. */
    String origin() {
        return scheme + "://" + host.name() + ":" + port;
    }

    /** The host and port of an authority (no user info), the port defaulted by scheme. */
    record HostPort(Host host, int port, boolean explicitPort) {
        static HostPort split(String authority, String scheme, String field) {
            String hostText = authority;
            String portText = null;
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close >= 0 && close + 1 < authority.length()) {
                    if (authority.charAt(close + 1) != ':') {
                        throw ArcaException.invalid(field, field + ": unexpected text after the IPv6 address");
                    }
                    hostText = authority.substring(0, close + 1);
                    portText = authority.substring(close + 2);
                }
            } else if (authority.lastIndexOf(':') >= 0) {
                hostText = authority.substring(0, authority.lastIndexOf(':'));
                portText = authority.substring(authority.lastIndexOf(':') + 1);
            }
            Host host = Host.parse(hostText, field);
            if (portText == null) {
                return new HostPort(host, scheme.equals("https") ? 443 : 80, false);
            }
            return new HostPort(host, port(portText, field), true);
        }

        private static int port(String text, String field) {
            if (text.matches("[0-9]{1,5}")) {
                int port = Integer.parseInt(text);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            }
            throw ArcaException.invalid(field, field + ": the port must be a number from 1 to 65535");
        }
    }
}
