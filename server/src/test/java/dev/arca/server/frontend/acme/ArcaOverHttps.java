package dev.arca.server.frontend.acme;

import dev.arca.server.TestServer;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Arca as an ACME peer sees it: a real server over HTTPS (its certificate from a test CA made here, for 127.0.0.1
 * and localhost), initialized, with a PKI root issuer and ACME enabled on the vault {@code default}.
 *
 * <p>{@link #tlsCaPem()} is what a client must trust to reach the server; {@link #pkiRootPem()} is what the
 * certificates Arca issues chain to.
 */
public final class ArcaOverHttps implements AutoCloseable {
    public static final String PKI = "/v1/vaults/default/pki";

    private final TestServer server;
    private final Path tlsCaPem;
    private final Path pkiRootPem;

    private ArcaOverHttps(TestServer server, Path tlsCaPem, Path pkiRootPem) {
        this.server = server;
        this.tlsCaPem = tlsCaPem;
        this.pkiRootPem = pkiRootPem;
    }

    /** Starts it in {@code dir} with {@code settings} (names as in arca.toml) besides the TLS ones. */
    public static ArcaOverHttps start(Path dir, Map<String, String> settings) throws Exception {
        Files.createDirectories(dir);
        KeyPair caKey = ecKey();
        X509Certificate ca = sign(new X500Name("CN=Arca ACME test TLS CA"), caKey.getPublic(), caKey.getPrivate(),
                true, null);
        KeyPair serverKey = ecKey();
        X509Certificate serverCert = sign(new X500Name("CN=localhost"), serverKey.getPublic(), caKey.getPrivate(),
                false, new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost")}));
        Path caPem = write(dir.resolve("tls-ca.pem"), ca);
        Path certPem = write(dir.resolve("tls-cert.pem"), serverCert);
        Path keyPem = dir.resolve("tls-key.pem");
        var keyText = new StringWriter();
        try (var writer = new JcaPEMWriter(keyText)) {
            writer.writeObject(new JcaPKCS8Generator(serverKey.getPrivate(), null));
        }
        Files.writeString(keyPem, keyText.toString());

        var all = new HashMap<>(settings);
        all.put("tls_cert", certPem.toString());
        all.put("tls_key", keyPem.toString());
        TestServer server = TestServer.start(dir.resolve("arca"), all).using(trusting(ca)).initAndUnseal();
        try {
            var issuer = expect(201, server.root("POST", PKI + "/issuers/root",
                    "{\"name\":\"root\",\"common_name\":\"Arca ACME Test Root\"}"));
            Path rootPem = dir.resolve("arca-root.pem");
            Files.writeString(rootPem, issuer.json().path("certificate").asText());
            expect(200, server.root("PUT", PKI + "/config/acme", "{\"enabled\":true}"));
            return new ArcaOverHttps(server, caPem, rootPem);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    public TestServer server() {
        return server;
    }

    /** The ACME directory URL of the vault {@code default}. */
    public String directory() {
        return server.address() + PKI + "/acme/directory";
    }

    /** Arca's OCSP responder of the vault's PKI. */
    public String ocspUrl() {
        return server.address() + PKI + "/ocsp";
    }

    public Path tlsCaPem() {
        return tlsCaPem;
    }

    public Path pkiRootPem() {
        return pkiRootPem;
    }

    /** Rebuilds the CRL now (it is otherwise rebuilt by a job) and answers it as PEM. */
    public String freshCrlPem() {
        expect(200, server.root("POST", PKI + "/crl/rotate", null));
        return expect(200, server.root("GET", PKI + "/crl/pem", null)).body();
    }

    @Override
    public void close() {
        server.close();
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + ", got " + response);
        }
        return response;
    }

    private static KeyPair ecKey() throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, java.security.PublicKey key, PrivateKey caKey, boolean ca,
            GeneralNames names) throws Exception {
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Arca ACME test TLS CA"),
                BigInteger.valueOf(now.toEpochMilli()).shiftLeft(8).add(BigInteger.valueOf(ca ? 1 : 2)),
                Date.from(now.minusSeconds(300)), Date.from(now.plusSeconds(86_400)), subject, key)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(ca))
                .addExtension(Extension.keyUsage, true, new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                        : KeyUsage.digitalSignature));
        if (names != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, names);
        }
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
    }

    private static Path write(Path file, X509Certificate certificate) throws IOException {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            writer.writeObject(certificate);
        }
        return Files.writeString(file, text.toString());
    }

    private static HttpClient trusting(X509Certificate ca) throws Exception {
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("ca", ca);
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        var ssl = SSLContext.getInstance("TLS");
        ssl.init(null, factory.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }
}
