package dev.arca.server.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Date;
import java.util.function.Consumer;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * Encodes and signs one X.509 v2 CRL (RFC 5280 §5) of an issuer: its entries with their reason codes, the
 * authority key identifier, the CRL number, and for a delta CRL the critical delta CRL indicator naming its base.
 * Entries are added as they are read, so building never holds more than the CRL being encoded.
 */
final class CrlBuilder {
    private final SigningIssuer issuer;
    private final X509v2CRLBuilder builder;
    private int entries;

    private CrlBuilder(SigningIssuer issuer, Instant thisUpdate, Instant nextUpdate) {
        this.issuer = issuer;
        this.builder = new X509v2CRLBuilder(CertificateSigner.subjectOf(issuer.certificate()), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(nextUpdate));
    }

    /**
     * A CRL being built.
     *
     * @param baseNumber the number of the full CRL a delta CRL extends; null for a full CRL
     */
    static CrlBuilder start(SigningIssuer issuer, long number, @Nullable Long baseNumber, Instant thisUpdate,
            Instant nextUpdate) {
        var crl = new CrlBuilder(issuer, thisUpdate, nextUpdate);
        try {
            crl.builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()));
            crl.builder.addExtension(Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(number)));
            if (baseNumber != null) {
                crl.builder.addExtension(Extension.deltaCRLIndicator, true,
                        new ASN1Integer(BigInteger.valueOf(baseNumber)));
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot start a CRL of issuer " + issuer.id(), e);
        }
        return crl;
    }

    /** Adds every revocation {@code source} hands over. */
    CrlBuilder addAll(Consumer<Consumer<RevocationStore.Revocation>> source) {
        source.accept(this::add);
        return this;
    }

    void add(RevocationStore.Revocation revocation) {
        // the reason code extension is left out for unspecified (RFC 5280 §5.3.1: SHOULD be absent)
        builder.addCRLEntry(new BigInteger(revocation.serial().replace(":", ""), 16),
                Date.from(revocation.revokedAt()), revocation.reason());
        entries++;
    }

    int entries() {
        return entries;
    }

    /** The signed CRL, DER. */
    byte[] sign() {
        try {
            var signer = new JcaContentSignerBuilder(issuer.spec().signatureAlgorithm()).build(issuer.key());
            return builder.build(signer).getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot sign a CRL of issuer " + issuer.id(), e);
        }
    }
}
