package dev.arca.server.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.GeneralSubtree;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Encodes and signs X.509 v3 certificates from a {@link CertificateProfile}: subject and authority key identifiers,
 * basic constraints and key usage (critical), extended key usage, SANs (critical when the subject is empty),
 * name constraints, and the issuer's URLs (AIA, CRL distribution points).
 */
public final class CertificateSigner {
    private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter();

    private CertificateSigner() {}

    /** A certificate for {@code subjectKey} signed by {@code issuer}. */
    public static X509Certificate sign(SigningIssuer issuer, PublicKey subjectKey, BigInteger serial,
            CertificateProfile profile) {
        try {
            var utils = new JcaX509ExtensionUtils();
            var builder = new JcaX509v3CertificateBuilder(issuer.certificate(), serial,
                    Date.from(profile.notBefore()), Date.from(profile.notAfter()), profile.subject(), subjectKey);
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(issuer.certificate()));
            addUrls(builder, issuer.urls());
            return finish(builder, utils, subjectKey, profile, issuer.key(), issuer.spec());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign a certificate with issuer " + issuer.id(), e);
        }
    }

    /** A self-signed CA certificate (a root). */
    public static X509Certificate selfSign(KeyPair pair, KeySpec spec, BigInteger serial, CertificateProfile profile) {
        try {
            var utils = new JcaX509ExtensionUtils();
            var builder = new JcaX509v3CertificateBuilder(profile.subject(), serial, Date.from(profile.notBefore()),
                    Date.from(profile.notAfter()), profile.subject(), pair.getPublic());
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(pair.getPublic()));
            return finish(builder, utils, pair.getPublic(), profile, pair.getPrivate(), spec);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot self-sign a CA certificate", e);
        }
    }

    private static X509Certificate finish(X509v3CertificateBuilder builder, JcaX509ExtensionUtils utils,
            PublicKey subjectKey, CertificateProfile profile, PrivateKey signingKey, KeySpec signingSpec)
            throws IOException, GeneralSecurityException {
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(subjectKey));
        builder.addExtension(Extension.basicConstraints, true, profile.ca()
                ? (profile.pathLength() == null ? new BasicConstraints(true) : new BasicConstraints(profile.pathLength()))
                : new BasicConstraints(false));
        if (profile.keyUsage() != 0) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(profile.keyUsage()));
        }
        if (!profile.extendedKeyUsage().isEmpty()) {
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(profile.extendedKeyUsage().toArray(KeyPurposeId[]::new)));
        }
        if (!profile.subjectAltNames().isEmpty()) {
            boolean emptySubject = profile.subject().getRDNs().length == 0;
            builder.addExtension(Extension.subjectAlternativeName, emptySubject,
                    new GeneralNames(profile.subjectAltNames().toArray(GeneralName[]::new)));
        }
        if (!profile.permittedDnsDomains().isEmpty()) {
            var permitted = profile.permittedDnsDomains().stream()
                    .map(domain -> new GeneralSubtree(new GeneralName(GeneralName.dNSName, domain)))
                    .toArray(GeneralSubtree[]::new);
            builder.addExtension(Extension.nameConstraints, true, new NameConstraints(permitted, null));
        }
        try {
            var signer = new JcaContentSignerBuilder(signingSpec.signatureAlgorithm()).build(signingKey);
            return CONVERTER.getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static void addUrls(X509v3CertificateBuilder builder, dev.arca.api.Pki.Urls urls) throws IOException {
        var access = new ArrayList<AccessDescription>();
        for (String url : nonNull(urls.issuingCertificates())) {
            access.add(new AccessDescription(AccessDescription.id_ad_caIssuers, uri(url)));
        }
        for (String url : nonNull(urls.ocspServers())) {
            access.add(new AccessDescription(AccessDescription.id_ad_ocsp, uri(url)));
        }
        if (!access.isEmpty()) {
            builder.addExtension(Extension.authorityInfoAccess, false,
                    new AuthorityInformationAccess(access.toArray(AccessDescription[]::new)));
        }
        List<String> crls = nonNull(urls.crlDistributionPoints());
        if (!crls.isEmpty()) {
            var points = crls.stream().map(url -> new DistributionPoint(
                    new DistributionPointName(new GeneralNames(uri(url))), null, null))
                    .toArray(DistributionPoint[]::new);
            builder.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(points));
        }
    }

    private static GeneralName uri(String url) {
        return new GeneralName(GeneralName.uniformResourceIdentifier, url);
    }

    private static List<String> nonNull(@org.jspecify.annotations.Nullable List<String> list) {
        return list == null ? List.of() : list;
    }

    /** The subject of a certificate as Bouncy Castle names it (what a child certificate's issuer must equal). */
    static X500Name subjectOf(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }
}
