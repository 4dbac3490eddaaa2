package dev.arca.server.pki;

import dev.arca.api.Pki;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * An active issuer with its key opened: what signs certificates, CRLs and OCSP answers. Held in memory only while
 * unsealed ({@link IssuerService#signer}); never serialised.
 *
 * @param chain the issuer's certificate then its parents' up to the root
 * @param leafNotAfterBehavior {@code err} or {@code truncate}
 */
public record SigningIssuer(String id, String vaultId, String name, X509Certificate certificate,
        List<X509Certificate> chain, PrivateKey key, KeySpec spec, Pki.Urls urls, String leafNotAfterBehavior) {

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    @Override
    public String toString() {
        return "SigningIssuer[" + id + " " + name + "]";
    }
}
