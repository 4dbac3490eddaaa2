package dev.arca.server.pki;

import dev.arca.api.Pki;
import dev.arca.server.error.ArcaException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.jspecify.annotations.Nullable;

/**
 * Which names a certificate issued or signed against a role may carry, decided as OpenBao's PKI engine decides
 * them ({@code validateNames}): only names the role allows reach a certificate.
 *
 * <ul>
 *   <li>A DNS name (the common name or an {@code alt_names} entry) passes with {@code allow_any_name}, as
 *       {@code localhost}/{@code localhost.localdomain} with {@code allow_localhost}, or against
 *       {@code allowed_domains}: the listed domain itself with {@code allow_bare_domains}, any name under it (any
 *       depth) with {@code allow_subdomains}, a listed glob with {@code allow_glob_domains} (its {@code *} stands
 *       for one or more letters, digits or '-' within one label; it never crosses a dot).</li>
 *   <li>A wildcard {@code *.base} needs {@code allow_wildcard_certificates} and passes when a name right under
 *       {@code base} would (subdomains of a listed domain, or a glob that matches it); a partial-label wildcard
 *       ({@code web*.example.com}) needs {@code allow_glob_domains} too. Only the leftmost label may hold one
 *       {@code *}.</li>
 *   <li>{@code enforce_hostnames} refuses what is not a host name, even with {@code allow_any_name}.</li>
 *   <li>IP SANs need {@code allow_ip_sans}; URI, email and other SANs pass only when one of the role's own globs
 *       ({@code allowed_uri_sans}, {@code allowed_email_sans}, {@code allowed_other_sans}) matches them; there
 *       {@code *} stands for any text, and {@code *} alone in {@code allowed_other_sans} allows any.</li>
 * </ul>
 *
 * A refusal by the role is a 403 naming the name and the switch that would allow it; a name that cannot be read at
 * all (a malformed IP, URI, email or other SAN) is a 400 naming the field.
 */
final class NamePolicy {
    private static final Set<String> LOCALHOST = Set.of("localhost", "localhost.localdomain");
    private static final Pattern LABEL_CHARS = Pattern.compile("[a-z0-9-]*");

    /** The names a certificate gets: its common name (null for none) and its SANs, DNS first. */
    record Allowed(@Nullable String commonName, List<GeneralName> subjectAltNames) {
        Allowed {
            subjectAltNames = List.copyOf(subjectAltNames);
        }
    }

    private final Pki.Role role;

    NamePolicy(Pki.Role role) {
        this.role = role;
    }

    /** The certificate's names, or the refusal of the first name the role does not allow. */
    Allowed check(RequestedNames requested) {
        String commonName = requested.commonName() == null || requested.commonName().isBlank() ? null
                : requested.commonName().strip();
        if (commonName == null && role.requireCn()) {
            throw ArcaException.invalid("common_name", "role " + role.name() + " requires a common name: "
                    + (requested.commonNameFromCsr() ? "the CSR's subject has none" : "give common_name")
                    + " (or set the role's require_cn to false)");
        }
        var dns = new LinkedHashSet<String>();
        var emails = new LinkedHashSet<String>();
        var ips = new LinkedHashSet<String>();
        if (commonName != null) {
            String field = requested.commonNameFromCsr() ? "csr" : "common_name";
            if (isIpLiteral(commonName)) {
                ips.add(ip(commonName, field));
            } else if (commonName.contains("@")) {
                emails.add(email(commonName, field));
            } else {
                String host = host(commonName, "common name");
                // as OpenBao: a common name that is no host name (allowed without enforce_hostnames) is no DNS SAN
                if (isHostOrWildcard(host)) {
                    dns.add(host);
                }
            }
            if (requested.excludeCnFromSans()) {
                dns.clear();
                emails.clear();
                ips.clear();
            }
        }
        String altField = requested.sansFromCsr() ? "csr" : "alt_names";
        for (String name : requested.altNames()) {
            if (name.contains("@")) {
                emails.add(email(name, altField));
            } else {
                dns.add(host(name, "DNS SAN"));
            }
        }
        for (String address : requested.ipSans()) {
            ips.add(ip(address, requested.sansFromCsr() ? "csr" : "ip_sans"));
        }
        var uris = new LinkedHashSet<String>();
        for (String uri : requested.uriSans()) {
            uris.add(uri(uri, requested.sansFromCsr() ? "csr" : "uri_sans"));
        }
        var others = new ArrayList<OtherSan>();
        for (String other : requested.otherSans()) {
            others.add(other(other, requested.sansFromCsr() ? "csr" : "other_sans"));
        }
        var sans = new ArrayList<GeneralName>();
        dns.forEach(name -> sans.add(new GeneralName(GeneralName.dNSName, name)));
        emails.forEach(name -> sans.add(new GeneralName(GeneralName.rfc822Name, name)));
        ips.forEach(address -> sans.add(new GeneralName(GeneralName.iPAddress, address)));
        uris.forEach(uri -> sans.add(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
        others.stream().distinct().forEach(other -> sans.add(other.generalName()));
        return new Allowed(commonName, sans);
    }

    /** A DNS name (or wildcard) the role allows, normalized; {@code what} names it in a refusal. */
    private String host(String name, String what) {
        String host = DnsNames.normalize(name);
        String quoted = "'" + DnsNames.printable(name) + "'";
        Wildcard wildcard = host.contains("*") ? wildcard(host, quoted, what) : null;
        String base = wildcard == null ? host : wildcard.base();
        if (role.enforceHostnames() && !(DnsNames.isHostname(base)
                && (wildcard == null || LABEL_CHARS.matcher(wildcard.label().replace("*", "")).matches()))) {
            throw refused(what, quoted, "it is not a host name and the role enforces host names "
                    + "(enforce_hostnames)");
        }
        if (role.allowAnyName()) {
            return host;
        }
        if (role.allowLocalhost() && isLocalhost(host, wildcard)) {
            return host;
        }
        for (String domain : role.allowedDomains()) {
            if (allows(domain, host, wildcard)) {
                return host;
            }
        }
        throw refused(what, quoted, hint(host, wildcard));
    }

    /** {@code localhost} and {@code localhost.localdomain}; with subdomains allowed, any name under localhost. */
    private boolean isLocalhost(String host, @Nullable Wildcard wildcard) {
        if (wildcard == null) {
            return LOCALHOST.contains(host) || (role.allowSubdomains() && host.endsWith(".localhost"));
        }
        return role.allowSubdomains() && (wildcard.base().equals("localhost")
                || wildcard.base().endsWith(".localhost"));
    }

    private boolean allows(String domain, String host, @Nullable Wildcard wildcard) {
        if (domain.contains("*")) {
            return role.allowGlobDomains() && domainGlob(domain).matcher(host).matches();
        }
        if (wildcard == null) {
            return (role.allowBareDomains() && host.equals(domain))
                    || (role.allowSubdomains() && host.endsWith("." + domain));
        }
        return role.allowSubdomains() && (wildcard.base().equals(domain) || wildcard.base().endsWith("." + domain));
    }

    /** Why a DNS name was refused, and the switch that would allow it when there is one. */
    private String hint(String host, @Nullable Wildcard wildcard) {
        String base = wildcard == null ? host : wildcard.base();
        if (role.allowedDomains().isEmpty()) {
            return "the role lists no allowed_domains (and does not set allow_any_name"
                    + (LOCALHOST.contains(host) ? " or allow_localhost" : "") + ")";
        }
        for (String domain : role.allowedDomains()) {
            if (wildcard == null && host.equals(domain)) {
                return "it is the listed domain " + domain + " itself and the role does not set allow_bare_domains";
            }
            if (base.equals(domain) || base.endsWith("." + domain) || host.endsWith("." + domain)) {
                return "it is under " + domain + " and the role does not set allow_subdomains";
            }
        }
        return "it matches none of allowed_domains " + role.allowedDomains();
    }

    /** The parts of a wildcard name; refused unless the role allows wildcards and the wildcard is well formed. */
    private Wildcard wildcard(String host, String quoted, String what) {
        int dot = host.indexOf('.');
        String label = dot < 0 ? host : host.substring(0, dot);
        String base = dot < 0 ? "" : host.substring(dot + 1);
        if (base.isEmpty()) {
            throw refused(what, quoted, "a wildcard needs a domain under it (*.example.com)");
        }
        if (label.indexOf('*') != label.lastIndexOf('*') || base.contains("*")) {
            throw refused(what, quoted, "only the leftmost label of a wildcard name may hold one '*' "
                    + "(*.example.com)");
        }
        if (!role.allowWildcardCertificates()) {
            throw refused(what, quoted, "the role does not allow wildcard certificates "
                    + "(allow_wildcard_certificates)");
        }
        if (!label.equals("*") && !role.allowGlobDomains()) {
            throw refused(what, quoted, "a partial-label wildcard needs allow_glob_domains; ask for *." + base);
        }
        return new Wildcard(label, base);
    }

    /** A wildcard name: its leftmost label ({@code *} or {@code web*}) and the domain under it. */
    private record Wildcard(String label, String base) {}

    private String email(String address, String field) {
        int at = address.indexOf('@');
        String local = address.substring(0, at);
        String domain = DnsNames.normalize(address.substring(at + 1));
        String quoted = "'" + DnsNames.printable(address) + "'";
        if (at != address.lastIndexOf('@') || local.isEmpty() || local.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)
                || !DnsNames.isHostname(domain)) {
            throw ArcaException.invalid(field, quoted + " is not an email address (local@domain.example)");
        }
        String email = local + "@" + domain;
        if (role.allowedEmailSans().stream().noneMatch(glob -> anyGlob(glob.toLowerCase(Locale.ROOT))
                .matcher(email.toLowerCase(Locale.ROOT)).matches())) {
            throw refused("email SAN", quoted, role.allowedEmailSans().isEmpty()
                    ? "the role allows no email SANs (allowed_email_sans)"
                    : "it matches none of allowed_email_sans " + role.allowedEmailSans());
        }
        return email;
    }

    private String ip(String address, String field) {
        String text = address.strip();
        if (!isIpLiteral(text)) {
            throw ArcaException.invalid(field, "'" + DnsNames.printable(address) + "' is not an IP address");
        }
        String canonical = InetAddress.ofLiteral(text).getHostAddress();
        if (!role.allowIpSans()) {
            throw refused("IP SAN", "'" + canonical + "'", "the role does not allow IP SANs (allow_ip_sans)");
        }
        return canonical;
    }

    private String uri(String text, String field) {
        String value = text.strip();
        String quoted = "'" + DnsNames.printable(value) + "'";
        try {
            if (!new URI(value).isAbsolute()) {
                throw ArcaException.invalid(field, quoted + " is not an absolute URI (scheme:…)");
            }
        } catch (URISyntaxException e) {
            throw ArcaException.invalid(field, quoted + " is not a URI");
        }
        if (role.allowedUriSans().stream().noneMatch(glob -> anyGlob(glob).matcher(value).matches())) {
            throw refused("URI SAN", quoted, role.allowedUriSans().isEmpty()
                    ? "the role allows no URI SANs (allowed_uri_sans)"
                    : "it matches none of allowed_uri_sans " + role.allowedUriSans());
        }
        return value;
    }

    private OtherSan other(String text, String field) {
        OtherSan other = OtherSan.parse(text, field);
        boolean allowed = role.allowedOtherSans().stream().anyMatch(pattern -> pattern.equals("*")
                || matchesOther(OtherSan.parse(pattern, "allowed_other_sans"), other));
        if (!allowed) {
            throw refused("other SAN", "'" + DnsNames.printable(other.wire()) + "'",
                    role.allowedOtherSans().isEmpty() ? "the role allows no other SANs (allowed_other_sans)"
                            : "it matches none of allowed_other_sans " + role.allowedOtherSans());
        }
        return other;
    }

    private static boolean matchesOther(OtherSan pattern, OtherSan other) {
        return pattern.oid().equals(other.oid()) && anyGlob(pattern.value()).matcher(other.value()).matches();
    }

    private ArcaException refused(String what, String quoted, String why) {
        return ArcaException.denied(what + " " + quoted + " is not allowed by role " + role.name() + ": " + why);
    }

    private static boolean isHostOrWildcard(String host) {
        return DnsNames.isHostname(host.replace('*', 'x'));
    }

    static boolean isIpLiteral(String text) {
        return org.bouncycastle.util.IPAddress.isValid(text.strip());
    }

    /** A listed domain glob: each {@code *} one or more label characters (or a wildcard name's own {@code *}). */
    static Pattern domainGlob(String glob) {
        return glob(glob, "[a-z0-9*-]+");
    }

    /** A URI, email or other SAN glob: each {@code *} any text, as OpenBao's go-glob. */
    static Pattern anyGlob(String glob) {
        return glob(glob, ".*");
    }

    private static Pattern glob(String glob, String star) {
        String[] parts = glob.split("\\*", -1);
        var regex = new StringBuilder(Pattern.quote(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            regex.append(star).append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
