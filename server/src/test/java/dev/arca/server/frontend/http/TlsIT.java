package dev.arca.server.frontend.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PEM certificate and key made by the real {@code openssl}, checked by a client that trusts only it. */
class TlsIT {
    @TempDir
    Path dir;

    @Test
    void pemCertificateAndKey_serveHttps() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        Process openssl;
        try {
            openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:P-256", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", key.toString(), "-out", cert.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("SKIPPING: no openssl on this machine");
            return;
        }
        assertThat(openssl.waitFor()).isZero();

        var config = new ServerConfigLoader(dir.resolve("home")).flag("listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve("data").toString())
                .flag("tls_cert", cert.toString()).flag("tls_key", key.toString()).load();
        try (var server = ArcaServer.start(config)) {
            assertThat(server.address()).startsWith("https://");
            var response = trustingOnly(cert).send(HttpRequest.newBuilder(URI.create(server.address() + "/v1/sys/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(501);
            assertThat(response.body()).contains("\"initialized\":false");
        }
    }

    private static HttpClient trustingOnly(Path cert) throws Exception {
        var trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("arca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        var ssl = SSLContext.getInstance("TLS");
        ssl.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }
}
