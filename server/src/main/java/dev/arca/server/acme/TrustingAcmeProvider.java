package dev.arca.server.acme;

import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;

/**
 * acme4j's generic provider whose HTTP client trusts one more CA besides the system's: acme4j 4 builds its
 * {@code java.net.http} client through {@link org.shredzone.acme4j.provider.AcmeProvider#createHttpClient}, so the
 * extra trust applies to this account's session only, never to the JVM.
 *
 * <p>Guarantees: certificates and host names are still verified (the JDK's PKIX checks and the HTTP client's host
 * name check); a server is trusted when the system's trust store or the given CA certifies it, nothing else.
 */
final class TrustingAcmeProvider extends GenericAcmeProvider {
    private final SSLContext context;

    TrustingAcmeProvider(X509Certificate ca) {
        try {
            X509TrustManager system = trustManager(null);
            KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
            extra.load(null, null);
            extra.setCertificateEntry("ca", ca);
            X509TrustManager own = trustManager(extra);
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new EitherTrustManager(system, own)}, null);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a TLS context trusting the account's CA", e);
        }
    }

    @Override
    public HttpClient createHttpClient(NetworkSettings settings) {
        var builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(settings.getTimeout()).proxy(settings.getProxySelector()).sslContext(context);
        if (settings.getAuthenticator() != null) {
            builder.authenticator(settings.getAuthenticator());
        }
        return builder.build();
    }

    private static X509TrustManager trustManager(@Nullable KeyStore store) throws GeneralSecurityException {
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509TrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager");
    }

    /** Trusts a server when either manager does; the first refusal is the one reported if both refuse. */
    private record EitherTrustManager(X509TrustManager first, X509TrustManager second) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("an ACME client authenticates no TLS clients");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException refused) {
                second.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            var issuers = new ArrayList<>(List.of(first.getAcceptedIssuers()));
            issuers.addAll(List.of(second.getAcceptedIssuers()));
            return issuers.toArray(X509Certificate[]::new);
        }
    }
}
