package dev.arca.server.frontend.acme.challenge;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Accepts any server certificate chain and keeps its leaf: for a validator a certificate is evidence to inspect
 * (tls-alpn-01) or irrelevant (an https redirect of http-01, RFC 8555 §8.3), never something to trust. Being an
 * {@link X509ExtendedTrustManager}, it also stands in for the host name check, which it skips.
 */
final class CapturingTrustManager extends X509ExtendedTrustManager {
    private volatile @Nullable X509Certificate leaf;

    /** A TLS context that accepts any server certificate, keeping the leaf in {@code trust}. */
    static SSLContext context(CapturingTrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new X509ExtendedTrustManager[] {trust}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has a TLS context", e);
        }
    }

    /** The leaf certificate of the last handshake, if one came. */
    @Nullable X509Certificate leaf() {
        return leaf;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        leaf = chain.length == 0 ? null : chain[0];
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the validator is never a TLS server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
