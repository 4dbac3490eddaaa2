package dev.arca.server.pki;

import dev.arca.api.Pki;
import dev.arca.server.error.ArcaException;
import dev.arca.server.storage.Database;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.jspecify.annotations.Nullable;

/**
 * The PKI engine's door for a front end that proves names itself (the ACME server): it certifies a CSR's key for DNS
 * names and IP addresses someone else has already validated, against a role's rules when one applies or, without
 * one, for exactly the validated names (Vault's "sign-verbatim"). Its certificates are stored and revoked like every
 * other of the vault, so they are listed, reach the CRL and are answered by OCSP.
 *
 * <p>Guarantees: a certificate carries exactly the validated DNS and IP names as SANs and nothing the caller did
 * not validate (no email, URI or other SAN, whatever the role allows); its lifetime is at most the caller's maximum,
 * the role's {@code max_ttl}, and never past the issuer's own not-after.
 */
public final class ValidatedNameSigning {
    private static final Duration BACKDATE = Duration.ofSeconds(30);
    private static final List<String> VERBATIM_USAGES = List.of("digital_signature", "key_encipherment");

    private final IssuerService issuers;
    private final RoleService roles;
    private final CertificateStore certificates;
    private final RevocationStore revocations;
    private final Clock clock;

    public ValidatedNameSigning(Database db, IssuerService issuers, RoleService roles, Clock clock) {
        this.issuers = issuers;
        this.roles = roles;
        this.certificates = new CertificateStore(db);
        this.revocations = new RevocationStore(db);
        this.clock = clock;
    }

    public String vaultId(String vaultRef) {
        return issuers.vaultId(vaultRef);
    }

    public boolean roleExists(String vaultId, String role) {
        return roles.find(vaultId, role).isPresent();
    }

    /** The issuer a reference names (or the default for null) with its key; 404/400/409 as {@link IssuerService}. */
    public String signingIssuerId(String vaultId, @Nullable String issuerRef) {
        return issuers.signer(vaultId, issuerRef).id();
    }

    /**
     * Refuses names the role does not allow (403 naming the name and the switch, 400 for a name that is not one),
     * before anything is validated; without a role every well-formed name passes.
     */
    public void checkNames(String vaultId, @Nullable String roleName, List<String> dnsNames, List<String> ips) {
        if (roleName != null) {
            new NamePolicy(role(vaultId, roleName)).check(new RequestedNames(commonName(null, dnsNames, ips),
                    dnsNames, ips, List.of(), List.of(), false, false, false));
        }
    }

    /** A certificate signed, not yet stored: {@link #record} stores it in the request's transaction. */
    public record Signed(String issuerId, String vaultId, String serial, X509Certificate certificate,
            List<X509Certificate> chain, @Nullable String role, String commonName, Instant at) {
        @Override
        public String toString() {
            return "Signed[" + issuerId + " " + serial + "]";
        }
    }

    /**
     * Certifies the key of {@code csrDer} (its signature checked) for exactly {@code dnsNames} and {@code ips}: the
     * CSR's common name is kept when it is one of them, else the first DNS name (if short enough) or IP address is. 400 naming
     * {@code csr} for an unreadable CSR or a key the role does not take.
     */
    public Signed sign(String vaultId, @Nullable String roleName, @Nullable String issuerRef, byte[] csrDer,
            List<String> dnsNames, List<String> ips, Duration maxTtl) {
        PKCS10CertificationRequest csr = Pem.csr(pem(csrDer), "csr");
        PublicKey key = Pem.publicKey(csr, "csr");
        KeySpec spec = KeySpec.of(key, "csr");
        Pki.Role role = roleName == null ? null : role(vaultId, roleName);
        if (role != null && !RoleValidation.ANY_KEY.equals(role.keyType())
                && (!role.keyType().equals(spec.type().wire()) || spec.bits() < role.keyBits())) {
            throw ArcaException.invalid("csr", "role " + role.name() + " certifies " + role.keyType() + " keys of at "
                    + "least " + role.keyBits() + " bits; the CSR's key is " + spec);
        }
        if (role != null) {
            new NamePolicy(role).check(new RequestedNames(commonName(null, dnsNames, ips), dnsNames, ips, List.of(),
                    List.of(), false, false, false));
        }
        SigningIssuer issuer = issuers.signer(vaultId, issuerRef != null ? issuerRef
                : role == null ? null : role.issuer());
        Instant now = clock.instant();
        Duration ttl = role == null ? maxTtl : min(maxTtl, IssuerService.duration("max_ttl", role.maxTtl()));
        Instant notAfter = now.plus(ttl).isAfter(issuer.notAfter()) ? issuer.notAfter() : now.plus(ttl);
        String commonName = commonName(CsrNames.commonName(csr), dnsNames, ips);
        var sans = new java.util.ArrayList<GeneralName>();
        dnsNames.forEach(name -> sans.add(new GeneralName(GeneralName.dNSName, name)));
        ips.forEach(ip -> sans.add(new GeneralName(GeneralName.iPAddress, ip)));
        var profile = CertificateProfile.leaf(Subjects.of(commonName, role == null ? null : role.subject()), sans,
                now.minus(BACKDATE), notAfter, KeyUsages.bits(role == null ? VERBATIM_USAGES : role.keyUsage(),
                        spec.type()), role == null ? List.of(KeyPurposeId.id_kp_serverAuth)
                        : KeyUsages.purposes(role.extKeyUsage()));
        if (profile.keyUsage() == 0) {
            throw ArcaException.invalid("csr", "no key usage of role " + roleName + " fits a " + spec + " key");
        }
        X509Certificate certificate = CertificateSigner.sign(issuer, key, Serials.random(), profile);
        return new Signed(issuer.id(), vaultId, Serials.colonHex(certificate.getSerialNumber()), certificate,
                issuer.chain(), roleName, commonName == null ? "" : commonName, now);
    }

    /** Stores a signed certificate as every certificate of the vault is (listed, revocable, on the CRL). */
    public void record(Signed signed) {
        X509Certificate certificate = signed.certificate();
        certificates.insert(new CertificateRow(signed.issuerId(), signed.serial(), signed.vaultId(), signed.role(),
                signed.commonName(), certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), true,
                IssuerService.der(certificate), null, null, signed.at()));
    }

    /** A stored certificate and the chain of its issuer (issuer first, up to the root); empty once tidied away. */
    public record Stored(X509Certificate certificate, List<X509Certificate> chain, boolean revoked) {}

    public Optional<Stored> stored(String vaultId, String issuerId, String serial) {
        var row = certificates.find(vaultId, issuerId, serial);
        byte[] der = row.map(CertificateRow::der).orElse(null);
        if (der == null) {
            return Optional.empty();
        }
        return issuers.byId(issuerId).map(issuer -> new Stored(Pem.certificate(der), issuer.chain(),
                row.get().revoked()));
    }

    /** Revokes a certificate of the vault by issuer and serial with an RFC 5280 reason code; false when it already was. */
    public boolean revoke(String issuerId, String serial, int reason) {
        return revocations.revoke(issuerId, serial, Instant.ofEpochMilli(clock.millis()), reason);
    }

    /** A reason code RFC 5280 defines for CRL entries (0–10 without 7); 400 otherwise. */
    public static int reason(int code) {
        if (code < 0 || code > 10 || code == 7) {
            throw ArcaException.invalid("reason", "reason " + code + " is no RFC 5280 revocation reason (0-10, not 7)");
        }
        return code;
    }

    private Pki.Role role(String vaultId, String name) {
        return roles.find(vaultId, name).orElseThrow(() -> ArcaException.notFound("no role " + name
                + " in this vault's PKI engine"));
    }

    private static @Nullable String commonName(@Nullable String requested, List<String> dnsNames, List<String> ips) {
        if (requested != null && (dnsNames.contains(requested.toLowerCase(java.util.Locale.ROOT))
                || ips.contains(requested))) {
            return requested.toLowerCase(java.util.Locale.ROOT);
        }
        return dnsNames.stream().filter(name -> name.length() <= 64).findFirst()
                .orElse(ips.isEmpty() ? null : ips.getFirst());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END CERTIFICATE REQUEST-----\n";
    }
}
