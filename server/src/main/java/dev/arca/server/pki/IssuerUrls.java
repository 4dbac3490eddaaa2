package dev.arca.server.pki;

import dev.arca.server.error.ArcaException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The URLs an issuer puts in certificates: absolute http(s) (or ldap) URLs, at most 8 of each kind. */
final class IssuerUrls {
    private static final int MAX = 8;

    private IssuerUrls() {}

    static List<String> check(@Nullable List<String> urls, String field) {
        if (urls == null) {
            return List.of();
        }
        if (urls.size() > MAX) {
            throw ArcaException.invalid(field, field + " lists at most " + MAX + " URLs");
        }
        for (String url : urls) {
            try {
                URI uri = new URI(url);
                String scheme = uri.getScheme();
                if (scheme == null || uri.getHost() == null
                        || !(scheme.equals("http") || scheme.equals("https") || scheme.equals("ldap"))) {
                    throw ArcaException.invalid(field, field + ": '" + DnsNames.printable(url)
                            + "' is not an absolute http, https or ldap URL");
                }
            } catch (URISyntaxException e) {
                throw ArcaException.invalid(field, field + ": '" + DnsNames.printable(url) + "' is not a URL");
            }
        }
        return List.copyOf(urls);
    }
}
