package dev.arca.cli;

import dev.arca.api.Pki;
import java.io.PrintWriter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** How {@code arca pki} shows the engine's records to people: short name/value tables and lists. */
final class PkiViews {
    private PkiViews() {}

    static void issuer(PrintWriter out, Pki.Issuer issuer) {
        new Table().row("NAME", issuer.name()).row("ID", issuer.id()).row("KIND", issuer.kind())
                .row("STATE", issuer.state()).row("DEFAULT", yesNo(issuer.isDefault()))
                .row("KEY", key(issuer.keyType(), issuer.keyBits())).row("EXPORTABLE", yesNo(issuer.exportable()))
                .row("SUBJECT", issuer.subject()).row("SERIAL", issuer.serialNumber())
                .row("NOT BEFORE", issuer.notBefore()).row("NOT AFTER", issuer.notAfter())
                .row("LEAF NOT AFTER", issuer.leafNotAfterBehavior())
                .row("ISSUING URLS", join(issuer.urls().issuingCertificates()))
                .row("CRL URLS", join(issuer.urls().crlDistributionPoints()))
                .row("OCSP URLS", join(issuer.urls().ocspServers())).row("CREATED", issuer.createdAt()).print(out);
    }

    static void issuers(PrintWriter out, List<Pki.Issuer> issuers) {
        var table = new Table("NAME", "ID", "KIND", "STATE", "DEFAULT", "KEY", "NOT AFTER");
        issuers.forEach(i -> table.row(i.name(), i.id(), i.kind(), i.state(), yesNo(i.isDefault()),
                key(i.keyType(), i.keyBits()), i.notAfter()));
        table.print(out);
    }

    static void role(PrintWriter out, Pki.Role role) {
        new Table().row("NAME", role.name()).row("ISSUER", role.issuer() == null ? "(default)" : role.issuer())
                .row("ALLOWED DOMAINS", join(role.allowedDomains()))
                .row("ALLOWS", allows(role)).row("ENFORCE HOSTNAMES", yesNo(role.enforceHostnames()))
                .row("KEY", key(role.keyType(), role.keyBits())).row("TTL", role.ttl()).row("MAX TTL", role.maxTtl())
                .row("KEY USAGE", join(role.keyUsage())).row("EXT KEY USAGE", join(role.extKeyUsage()))
                .row("NOT BEFORE", "-" + role.notBeforeDuration()).row("NO STORE", yesNo(role.noStore()))
                .row("LEASE", yesNo(role.generateLease())).row("UPDATED", role.updatedAt()).print(out);
    }

    static void roles(PrintWriter out, List<Pki.Role> roles) {
        var table = new Table("NAME", "ISSUER", "ALLOWED DOMAINS", "ALLOWS", "TTL", "MAX TTL");
        roles.forEach(r -> table.row(r.name(), r.issuer() == null ? "(default)" : r.issuer(),
                join(r.allowedDomains()), allows(r), r.ttl(), r.maxTtl()));
        table.print(out);
    }

    static void csr(PrintWriter out, Pki.Csr csr) {
        new Table().row("ID", csr.id()).row("STATE", csr.state()).row("ORIGIN", csr.origin())
                .row("COMMON NAME", csr.commonName()).row("DNS NAMES", join(csr.dnsNames()))
                .row("IP ADDRESSES", join(csr.ipAddresses())).row("KEY", key(csr.keyType(), csr.keyBits()))
                .row("CREATED BY", csr.createdBy()).row("CREATED", csr.createdAt())
                .row("DECIDED BY", csr.decidedBy()).row("DECIDED", csr.decidedAt()).row("REASON", csr.reason())
                .row("SERIAL", csr.serialNumber()).print(out);
    }

    static void csrs(PrintWriter out, List<Pki.Csr> csrs) {
        var table = new Table("ID", "STATE", "ORIGIN", "COMMON NAME", "KEY", "CREATED BY", "CREATED");
        csrs.forEach(c -> table.row(c.id(), c.state(), c.origin(), c.commonName(), key(c.keyType(), c.keyBits()),
                c.createdBy(), c.createdAt()));
        table.print(out);
    }

    static void certificate(PrintWriter out, Pki.Certificate certificate) {
        new Table().row("SERIAL", certificate.serialNumber()).row("COMMON NAME", certificate.commonName())
                .row("ISSUER", certificate.issuerId()).row("ROLE", certificate.role())
                .row("NOT BEFORE", certificate.notBefore()).row("NOT AFTER", certificate.notAfter())
                .row("REVOKED", certificate.revokedAt()).row("REASON", certificate.revocationReason()).print(out);
    }

    /** PEM text as it is, ending with one line break. */
    static void pem(PrintWriter out, String pem) {
        out.print(pem.endsWith("\n") ? pem : pem + "\n");
    }

    /** {@code ec 256}, {@code ed25519}, or null when unknown. */
    static @Nullable String key(@Nullable String type, @Nullable Integer bits) {
        if (type == null) {
            return null;
        }
        return bits == null || bits == 0 ? type : type + " " + bits;
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    /** The items comma-separated; null for none, which a table shows as {@code -}. */
    static @Nullable String join(@Nullable List<String> items) {
        return items == null || items.isEmpty() ? null : String.join(",", items);
    }

    /** The switches of a role that are on, as the option names that turn them on. */
    private static @Nullable String allows(Pki.Role role) {
        var on = new java.util.ArrayList<String>();
        addIf(on, role.allowBareDomains(), "bare");
        addIf(on, role.allowSubdomains(), "subdomains");
        addIf(on, role.allowGlobDomains(), "globs");
        addIf(on, role.allowWildcardCertificates(), "wildcards");
        addIf(on, role.allowLocalhost(), "localhost");
        addIf(on, role.allowAnyName(), "any-name");
        addIf(on, role.allowIpSans(), "ip-sans");
        return join(on);
    }

    private static void addIf(List<String> names, boolean on, String name) {
        if (on) {
            names.add(name);
        }
    }
}
