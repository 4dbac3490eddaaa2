package dev.arca.server.pki;

import dev.arca.api.Pki;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXReason;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST …/pki/validate}: whether a certificate is good for a purpose, and if not, what to do about it. The
 * path is built from the certificate up through the chain given and the vault's issuers (roots, intermediates and
 * {@code external} CAs imported to validate against) and trusted at its highest certificate that is one of the
 * vault's issuers. A self-signed anchor stays in the path the JDK validates, so its validity and its name
 * constraints apply to what it signed (the JDK ignores both for a bare trust anchor). The JDK's PKIX validator
 * checks signatures, basic constraints, name constraints and CA key usage; validity windows, the purpose (key usage
 * and extended key usage), the host name and revocation are checked here, so one answer lists every problem rather
 * than the first.
 *
 * <p>Revocation: for a certificate signed by an issuer of the vault that holds its key, the vault's own record of
 * revocations decides; for any other, the CRL given; with neither, {@code revocation_unknown}.
 */
final class CertificateValidator {
    private static final int MAX_PATH = 10;

    private final IssuerService issuers;
    private final IssuerStore issuerRows;
    private final CertificateStore certificates;
    private final Clock clock;

    CertificateValidator(Database db, IssuerService issuers, Clock clock) {
        this.issuers = issuers;
        this.issuerRows = new IssuerStore(db);
        this.certificates = new CertificateStore(db);
        this.clock = clock;
    }

    /** What the certificate is, and every problem found; 400 only for input that does not parse. */
    Pki.Validation validate(String vaultRef, Pki.Validate request) {
        String vaultId = issuers.vaultId(vaultRef);
        if (request.certificate() == null) {
            throw ArcaException.invalid("certificate", "certificate is required: the PEM certificate to validate");
        }
        List<X509Certificate> given = Pem.certificates(request.certificate(), "certificate");
        X509Certificate leaf = given.get(0);
        var supplied = new ArrayList<>(given.subList(1, given.size()));
        List<String> chain = request.chain() == null ? List.of() : request.chain();
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i) == null) {
                throw ArcaException.invalid("chain", "chain[" + i + "] is null");
            }
            supplied.addAll(Pem.certificates(chain.get(i), "chain"));
        }
        ValidationPurpose purpose = ValidationPurpose.parse(request.purpose());
        HostName host = request.hostname() == null || request.hostname().isBlank() ? null
                : HostName.parse(request.hostname());
        X509CRL crl = request.crl() == null || request.crl().isBlank() ? null : Pem.crl(request.crl(), "crl");
        boolean checkRevocation = !Boolean.FALSE.equals(request.checkRevocation());

        Instant now = clock.instant();
        var problems = new ArrayList<Pki.Problem>();
        List<IssuerRow> vaultIssuers = issuerRows.list(vaultId).stream()
                .filter(row -> row.active() && row.certificate() != null).toList();
        var pool = new ArrayList<>(supplied);
        vaultIssuers.forEach(row -> pool.addAll(row.chain()));
        List<X509Certificate> path = buildPath(leaf, pool, problems);
        int anchor = highestTrusted(path, vaultIssuers);

        if (anchor < 0) {
            if (problems.isEmpty()) {
                problems.add(untrusted(path.getLast()));
            }
            checkValidity(path, now, problems);
        } else {
            List<X509Certificate> trusted = path.subList(0, anchor + 1);
            checkValidity(trusted, now, problems);
            checkPath(trusted, now, problems);
            if (checkRevocation) {
                checkRevocation(trusted, vaultIssuers, crl, now, problems);
            }
        }
        purpose.check(leaf, problems);
        if (host != null) {
            host.check(leaf, problems);
        }
        return new Pki.Validation(problems.isEmpty(), List.copyOf(problems),
                leaf.getSubjectX500Principal().getName(), Serials.colonHex(leaf.getSerialNumber()),
                leaf.getIssuerX500Principal().getName(), leaf.getNotBefore().toInstant(),
                leaf.getNotAfter().toInstant());
    }

    /**
     * The certificate, then each one's issuer from {@code pool} (the one whose key verifies its signature), up to a
     * self-signed certificate or one whose issuer is not in the pool. A certificate whose issuer is in the pool by
     * name but whose signature no such key verifies is a {@code bad_signature} problem.
     */
    private static List<X509Certificate> buildPath(X509Certificate leaf, List<X509Certificate> pool,
            List<Pki.Problem> problems) {
        var path = new ArrayList<X509Certificate>();
        path.add(leaf);
        while (path.size() < MAX_PATH) {
            X509Certificate current = path.getLast();
            if (selfSigned(current)) {
                break;
            }
            List<X509Certificate> named = pool.stream()
                    .filter(c -> c.getSubjectX500Principal().equals(current.getIssuerX500Principal())).toList();
            X509Certificate issuer = named.stream().filter(c -> verifies(current, c)).findFirst().orElse(null);
            if (issuer == null) {
                if (!named.isEmpty()) {
                    problems.add(new Pki.Problem("bad_signature", describe(path, path.size() - 1) + " names "
                            + current.getIssuerX500Principal().getName() + " as its issuer, but that issuer's key "
                            + "does not verify its signature: it was altered, or comes from another CA of the same "
                            + "name"));
                }
                break;
            }
            if (path.contains(issuer)) {
                break;
            }
            path.add(issuer);
        }
        return path;
    }

    /** The index of the highest certificate of {@code path} that is an issuer of the vault; -1 for none. */
    private static int highestTrusted(List<X509Certificate> path, List<IssuerRow> vaultIssuers) {
        for (int i = path.size() - 1; i >= 0; i--) {
            if (issuerOf(path.get(i), vaultIssuers) != null) {
                return i;
            }
        }
        return -1;
    }

    private static Pki.Problem untrusted(X509Certificate top) {
        if (selfSigned(top)) {
            return new Pki.Problem("untrusted", "its chain ends at the root " + top.getSubjectX500Principal().getName()
                    + ", which is not an issuer of this vault: import that root (POST …/pki/issuers/import, "
                    + "certificate only) if it is to be trusted");
        }
        return new Pki.Problem("untrusted", "not signed by any issuer of this vault or the chain given (its issuer is "
                + top.getIssuerX500Principal().getName() + "): pass its chain, issuer first");
    }

    /** Expired and not-yet-valid certificates, the certificate validated and every CA above it. */
    private static void checkValidity(List<X509Certificate> path, Instant now, List<Pki.Problem> problems) {
        for (int i = 0; i < path.size(); i++) {
            X509Certificate certificate = path.get(i);
            Instant notBefore = certificate.getNotBefore().toInstant();
            Instant notAfter = certificate.getNotAfter().toInstant();
            if (now.isAfter(notAfter)) {
                problems.add(new Pki.Problem("expired", i == 0
                        ? "expired on " + notAfter + ": renew it"
                        : describe(path, i) + " expired on " + notAfter + ": renew that CA, or re-issue the "
                                + "certificate under a CA that is current"));
            } else if (now.isBefore(notBefore)) {
                problems.add(new Pki.Problem("not_yet_valid", (i == 0 ? "not valid before " : describe(path, i)
                        + " is not valid before ") + notBefore + ": wait until then, or check the clock of the "
                        + "machine that issued it"));
            }
        }
    }

    /**
     * Signatures, basic constraints, name constraints and CA key usage, by the JDK's PKIX validator, trusting the
     * top of {@code path}. Validity is checked apart, so the JDK is asked at a moment every certificate was valid
     * when there is one, and its other checks still run for an expired certificate.
     */
    private static void checkPath(List<X509Certificate> path, Instant now, List<Pki.Problem> problems) {
        X509Certificate anchor = path.getLast();
        List<X509Certificate> validated = selfSigned(anchor) ? path : path.subList(0, path.size() - 1);
        if (validated.isEmpty()) {
            return; // the certificate is itself an issuer of the vault
        }
        Instant latestStart = validated.stream().map(c -> c.getNotBefore().toInstant()).max(Instant::compareTo)
                .orElse(now);
        Instant earliestEnd = path.stream().map(c -> c.getNotAfter().toInstant()).min(Instant::compareTo)
                .orElse(now);
        boolean validNow = !now.isBefore(latestStart) && !now.isAfter(earliestEnd);
        Instant at = validNow || latestStart.isAfter(earliestEnd) ? now : latestStart;
        try {
            var parameters = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            CertPathValidator.getInstance("PKIX").validate(
                    CertificateFactory.getInstance("X.509").generateCertPath(validated), parameters);
        } catch (CertPathValidatorException e) {
            Pki.Problem problem = problem(e, validated);
            if (problem != null) {
                problems.add(problem);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's PKIX validator is not available", e);
        }
    }

    /** The problem a PKIX failure is; null for a validity failure, already reported. */
    private static Pki.@Nullable Problem problem(CertPathValidatorException e, List<X509Certificate> path) {
        String which = e.getIndex() < 0 || e.getIndex() >= path.size() ? "a certificate of the chain"
                : describe(path, e.getIndex());
        String detail = e.getMessage() == null ? "" : " (" + e.getMessage() + ")";
        if (e.getReason() == CertPathValidatorException.BasicReason.EXPIRED
                || e.getReason() == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
            return null;
        }
        if (e.getReason() == CertPathValidatorException.BasicReason.INVALID_SIGNATURE) {
            return new Pki.Problem("bad_signature", "the signature on " + which + " does not verify: it was altered "
                    + "or signed by another key; get it again from its issuer");
        }
        if (e.getReason() == CertPathValidatorException.BasicReason.ALGORITHM_CONSTRAINED) {
            return new Pki.Problem("bad_signature", which + " is signed with an algorithm or key too weak to "
                    + "accept" + detail + ": re-issue it with SHA-256 or better and a stronger key");
        }
        if (e.getReason() == PKIXReason.INVALID_NAME) {
            return new Pki.Problem("name_constraints", which + " has a name its CA may not certify (name "
                    + "constraints)" + detail + ": issue it for a name the CA permits, or from another CA");
        }
        if (e.getReason() == PKIXReason.NOT_CA_CERT) {
            return new Pki.Problem("untrusted", which + " is not a CA certificate (basic constraints CA:FALSE), so "
                    + "it cannot sign what is below it: pass the right chain");
        }
        if (e.getReason() == PKIXReason.PATH_TOO_LONG) {
            return new Pki.Problem("untrusted", "the chain is longer than a CA's path length allows" + detail
                    + ": re-issue the intermediate under a CA that allows it");
        }
        if (e.getReason() == PKIXReason.INVALID_KEY_USAGE) {
            return new Pki.Problem("key_usage", which + "'s key usage does not allow signing certificates"
                    + detail + ": it cannot act as a CA");
        }
        if (e.getReason() == PKIXReason.UNRECOGNIZED_CRIT_EXT) {
            return new Pki.Problem("malformed", which + " has a critical extension no validator here understands"
                    + detail + ": re-issue it without it");
        }
        return new Pki.Problem("untrusted", which + " does not chain to an issuer of this vault" + detail
                + ": pass its chain, issuer first");
    }

    /** Each certificate below the anchor, against its issuer's record of revocations or the CRL given. */
    private void checkRevocation(List<X509Certificate> path, List<IssuerRow> vaultIssuers, @Nullable X509CRL crl,
            Instant now, List<Pki.Problem> problems) {
        for (int i = 0; i < path.size() - 1; i++) {
            X509Certificate certificate = path.get(i);
            X509Certificate issuer = path.get(i + 1);
            String which = i == 0 ? "the certificate" : describe(path, i);
            IssuerRow own = issuerOf(issuer, vaultIssuers);
            if (own != null && own.hasKey()) {
                certificates.find(own.vaultId(), own.id(), Serials.colonHex(certificate.getSerialNumber()))
                        .filter(CertificateRow::revoked)
                        .ifPresent(row -> problems.add(new Pki.Problem("revoked", which + " was revoked on "
                                + row.revokedAt() + " by issuer " + own.name() + ": replace it")));
            } else if (crl != null && crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())) {
                checkCrl(certificate, issuer, which, crl, now, problems);
            } else {
                problems.add(new Pki.Problem("revocation_unknown", "cannot tell whether " + which + " is revoked: "
                        + "its issuer " + issuer.getSubjectX500Principal().getName() + " is not a CA of this vault "
                        + "that keeps its revocations; pass that issuer's CRL in crl, or set check_revocation "
                        + "false"));
            }
        }
    }

    private static void checkCrl(X509Certificate certificate, X509Certificate issuer, String which, X509CRL crl,
            Instant now, List<Pki.Problem> problems) {
        try {
            crl.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            problems.add(new Pki.Problem("revocation_unknown", "the CRL given is not signed by "
                    + issuer.getSubjectX500Principal().getName() + ": pass the CRL that CA published"));
            return;
        }
        X509CRLEntry entry = crl.getRevokedCertificate(certificate);
        if (entry != null) {
            String reason = entry.getRevocationReason() == null ? ""
                    : " (" + entry.getRevocationReason().name().toLowerCase(Locale.ROOT) + ")";
            problems.add(new Pki.Problem("revoked", which + " was revoked on "
                    + entry.getRevocationDate().toInstant() + reason + ", says the CRL given: replace it"));
        } else if (crl.getNextUpdate() != null && now.isAfter(crl.getNextUpdate().toInstant())) {
            problems.add(new Pki.Problem("revocation_unknown", "the CRL given is out of date (its next update was "
                    + crl.getNextUpdate().toInstant() + "): fetch the issuer's current CRL"));
        }
    }

    /** The vault issuer whose certificate this is, byte for byte; null when none is. */
    private static @Nullable IssuerRow issuerOf(X509Certificate certificate, List<IssuerRow> vaultIssuers) {
        byte[] der = encoded(certificate);
        return vaultIssuers.stream().filter(row -> Arrays.equals(row.certificate(), der)).findFirst().orElse(null);
    }

    private static String describe(List<X509Certificate> path, int index) {
        return index == 0 ? "the certificate" : "the CA " + path.get(index).getSubjectX500Principal().getName();
    }

    static boolean selfSigned(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())
                && verifies(certificate, certificate);
    }

    private static boolean verifies(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The host name a certificate must be for: a DNS name, or an IP address. */
    private record HostName(String name, @Nullable InetAddress address) {
        static HostName parse(String text) {
            String value = DnsNames.normalize(text);
            if (value.contains(":") || value.matches("[0-9.]+")) {
                try {
                    return new HostName(value, address(CsrService.ipAddress(value)));
                } catch (ArcaException e) {
                    throw ArcaException.invalid("hostname", "'" + DnsNames.printable(text) + "' is not a host name "
                            + "or IP address");
                }
            }
            if (!DnsNames.isHostname(value)) {
                throw ArcaException.invalid("hostname", "'" + DnsNames.printable(text) + "' is not a host name or "
                        + "IP address");
            }
            return new HostName(value, null);
        }

        void check(X509Certificate certificate, List<Pki.Problem> problems) {
            var dnsNames = new ArrayList<String>();
            var addresses = new ArrayList<InetAddress>();
            try {
                var sans = certificate.getSubjectAlternativeNames();
                for (List<?> san : sans == null ? List.<List<?>>of() : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        dnsNames.add(DnsNames.normalize((String) san.get(1)));
                    } else if (Integer.valueOf(7).equals(san.get(0))) {
                        addresses.add(address((String) san.get(1)));
                    }
                }
            } catch (CertificateParsingException | IllegalArgumentException e) {
                problems.add(new Pki.Problem("malformed", "its subject alternative names cannot be read: re-issue it"));
                return;
            }
            boolean noSans = dnsNames.isEmpty() && addresses.isEmpty();
            if (noSans) {
                // RFC 6125 §6.4.4: the common name only when there are no SANs at all
                String cn = commonName(certificate);
                if (cn != null) {
                    dnsNames.add(DnsNames.normalize(cn));
                }
            }
            boolean matches = address != null ? addresses.contains(address)
                    : dnsNames.stream().anyMatch(pattern -> matches(pattern, name));
            if (!matches) {
                var names = new ArrayList<String>(dnsNames);
                addresses.forEach(a -> names.add(a.getHostAddress()));
                problems.add(new Pki.Problem("name_mismatch", "the certificate is for "
                        + (names.isEmpty() ? "no host name" : String.join(", ", names)) + ", not " + name
                        + ": connect by a name it lists, or issue one that lists " + name));
            }
        }

        /** {@code *.example.com} matches exactly one label in front of {@code example.com} (RFC 6125 §6.4.3). */
        private static boolean matches(String pattern, String host) {
            if (pattern.startsWith("*.")) {
                int dot = host.indexOf('.');
                return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2));
            }
            return pattern.equals(host);
        }

        private static @Nullable String commonName(X509Certificate certificate) {
            var name = org.bouncycastle.asn1.x500.X500Name.getInstance(
                    certificate.getSubjectX500Principal().getEncoded());
            var rdns = name.getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.CN);
            return rdns.length == 0 ? null
                    : org.bouncycastle.asn1.x500.style.IETFUtils.valueToString(rdns[0].getFirst().getValue());
        }

        /** A literal address (never a DNS lookup); {@link IllegalArgumentException} for anything else. */
        private static InetAddress address(String literal) {
            return InetAddress.ofLiteral(literal);
        }
    }
}
