package dev.arca.server.pki;

import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.jspecify.annotations.Nullable;

/**
 * What one certificate says, decided before it is signed: the checks (role, TTL, names) are done by whoever builds
 * the profile; {@link CertificateSigner} only encodes it.
 *
 * @param keyUsage Bouncy Castle {@link org.bouncycastle.asn1.x509.KeyUsage} bits; 0 for none
 * @param ca true for a CA certificate; then {@code pathLength} limits the CAs under it (null: no limit)
 * @param permittedDnsDomains name constraints put in a CA certificate; empty for none
 */
public record CertificateProfile(X500Name subject, List<GeneralName> subjectAltNames, Instant notBefore,
        Instant notAfter, int keyUsage, List<KeyPurposeId> extendedKeyUsage, boolean ca,
        @Nullable Integer pathLength, List<String> permittedDnsDomains) {

    public CertificateProfile {
        subjectAltNames = List.copyOf(subjectAltNames);
        extendedKeyUsage = List.copyOf(extendedKeyUsage);
        permittedDnsDomains = List.copyOf(permittedDnsDomains);
    }

    /** An end-entity certificate. */
    public static CertificateProfile leaf(X500Name subject, List<GeneralName> sans, Instant notBefore,
            Instant notAfter, int keyUsage, List<KeyPurposeId> extendedKeyUsage) {
        return new CertificateProfile(subject, sans, notBefore, notAfter, keyUsage, extendedKeyUsage, false, null,
                List.of());
    }

    /** A CA certificate: certificate and CRL signing (and digital signature, for OCSP answers it signs itself). */
    public static CertificateProfile ca(X500Name subject, Instant notBefore, Instant notAfter,
            @Nullable Integer pathLength, List<String> permittedDnsDomains) {
        int usage = org.bouncycastle.asn1.x509.KeyUsage.keyCertSign | org.bouncycastle.asn1.x509.KeyUsage.cRLSign
                | org.bouncycastle.asn1.x509.KeyUsage.digitalSignature;
        return new CertificateProfile(subject, List.of(), notBefore, notAfter, usage, List.of(), true, pathLength,
                permittedDnsDomains);
    }
}
