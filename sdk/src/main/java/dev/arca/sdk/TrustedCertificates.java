package dev.arca.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * An {@link SSLContext} that trusts the CA certificates of one PEM file instead of the JDK's defaults: for a server
 * whose certificate comes from a private CA (its own PKI engine, a company CA), as {@code ARCA_CACERT} and
 * {@code --ca-cert} name one. Host names are still verified.
 */
final class TrustedCertificates {
    private TrustedCertificates() {}

    /** @throws ConfigurationException when the file cannot be read or holds no certificate */
    static SSLContext from(Path pemFile) {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException("cannot read CA certificates from " + pemFile + ": " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new ConfigurationException(pemFile + " holds no certificate: give the PEM file of the CA that "
                    + "signed the server's certificate");
        }
        try {
            return trusting(certificates);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigurationException("cannot trust the certificates of " + pemFile + ": " + e.getMessage());
        }
    }

    /**
     * A context that trusts no certificate, for a plain-HTTP address: {@code java.net.http} builds the JDK's default
     * context otherwise, and parsing the default trust store costs a CLI command a tenth of a second it never uses
     * (no redirect is followed, so the address can never become HTTPS).
     */
    static SSLContext trustingNothing() {
        try {
            return trusting(List.of());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make an empty trust store", e);
        }
    }

    private static SSLContext trusting(Collection<? extends Certificate> certificates)
            throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            trusted.setCertificateEntry("ca-" + i++, certificate);
        }
        var trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
