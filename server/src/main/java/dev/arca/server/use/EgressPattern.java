package dev.arca.server.use;

import dev.arca.server.error.ArcaException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One destination a secret may be sent to: {@code scheme://host[:port][/path-prefix][*]}. The host matches as
 * written (a rule naming {@code 127.0.0.1} is not matched by {@code localhost}); {@code *.example.com} matches
 * subdomains only; the port defaults to the scheme's; the path prefix matches whole segments ({@code /v1}, {@code /v1/}
 * and {@code /v1/*} match {@code /v1} and {@code /v1/x}, never {@code /v10}); no path matches any path.
 *
 * @param wildcard true for {@code *.} rules: {@code host} is then the parent domain
 * @param prefix the path prefix's segments; empty for any path
 */
record EgressPattern(String scheme, Host host, boolean wildcard, int port, List<String> prefix, String text) {
    private static final Pattern SHAPE = Pattern.compile(
            "(?i)(https?)://(\\*\\.)?(\\[[^\\]/]*\\]|[^/:\\[\\]]*)(?::([^/]*))?(/[^?#]*)?");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9\\-._~!$&'()+,;=:@%]+");

    /** Reads a pattern; 400 naming {@code field} (e.g. {@code allow[2]}) with what is wrong. */
    static EgressPattern parse(String written, String field) {
        if (written == null || written.isBlank()) {
            throw ArcaException.invalid(field, field + " is empty; write scheme://host[:port][/path-prefix][*]");
        }
        String text = written.strip();
        String body = text.endsWith("*") && !text.endsWith("://*") ? text.substring(0, text.length() - 1) : text;
        Matcher m = SHAPE.matcher(body);
        if (!m.matches()) {
            throw ArcaException.invalid(field, field + ": '" + Host.printable(text) + "' is not a pattern "
                    + "scheme://host[:port][/path-prefix][*] with scheme http or https");
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        boolean wildcard = m.group(2) != null;
        String authority = m.group(3) + (m.group(4) == null ? "" : ":" + m.group(4));
        TargetUrl.HostPort hostPort = TargetUrl.HostPort.split(authority, scheme, field);
        if (wildcard && (hostPort.host().isIpLiteral() || !hostPort.host().name().contains("."))) {
            throw ArcaException.invalid(field, field + ": '*.' must be followed by a domain with at least two "
                    + "labels, e.g. *.example.com");
        }
        List<String> prefix = prefix(m.group(5), field);
        String canonical = scheme + "://" + (wildcard ? "*." : "") + hostPort.host().name()
                + (hostPort.explicitPort() ? ":" + hostPort.port() : "")
                + (m.group(5) == null ? "" : m.group(5)) + (body.length() < text.length() ? "*" : "");
        return new EgressPattern(scheme, hostPort.host(), wildcard, hostPort.port(), prefix, canonical);
    }

    /** True when {@code url} is a destination this rule allows. */
    boolean matches(TargetUrl url) {
        if (!scheme.equals(url.scheme()) || port != url.port() || !hostMatches(url.host())) {
            return false;
        }
        List<String> segments = url.segments();
        return segments.size() >= prefix.size() && segments.subList(0, prefix.size()).equals(prefix);
    }

    /** True when this rule names {@code host} itself as an IP literal: its address may then be a private one. */
    boolean namesLiteral(Host target) {
        return !wildcard && host.isIpLiteral() && host.equals(target);
    }

    private boolean hostMatches(Host target) {
        if (wildcard) {
            return target.kind() == Host.Kind.DNS && target.name().endsWith("." + host.name());
        }
        return host.equals(target);
    }

    private static List<String> prefix(String path, String field) {
        if (path == null) {
            return List.of();
        }
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (trimmed.isEmpty()) {
            return List.of();
        }
        List<String> segments = List.of(trimmed.substring(1).split("/", -1));
        for (String segment : segments) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
                throw ArcaException.invalid(field, field + ": the path prefix '" + Host.printable(path) + "' has an "
                        + "empty, dot or malformed segment ('*' may only end the pattern)");
            }
        }
        return segments;
    }
}
