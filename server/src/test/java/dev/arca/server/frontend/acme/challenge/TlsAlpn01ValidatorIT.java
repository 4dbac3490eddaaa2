package dev.arca.server.frontend.acme.challenge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * tls-alpn-01 against a real JDK TLS server on a free loopback port that negotiates {@code acme-tls/1} and presents
 * a self-signed certificate made here with Bouncy Castle.
 */
class TlsAlpn01ValidatorIT {
    private static final String KEY_AUTHORIZATION = "tok3n.thumbprint";
    private static final AcmeIdentifier LOOPBACK = new AcmeIdentifier(AcmeIdentifier.IP, "127.0.0.1");
    private static final GeneralName LOOPBACK_SAN = new GeneralName(GeneralName.iPAddress, "127.0.0.1");

    private SSLServerSocket server;
    private final List<String> serverNamesSeen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void certificateWithTheDigest_validates_andTheIpIsSentAsItsReverseName() throws Exception {
        serve(certificate(List.of(LOOPBACK_SAN), digest(KEY_AUTHORIZATION), true), true);

        assertThatCode(() -> validator().validate(LOOPBACK, "tok3n", KEY_AUTHORIZATION)).doesNotThrowAnyException();
        assertThat(serverNamesSeen).containsExactly("1.0.0.127.in-addr.arpa");
    }

    @Test
    void digestOfAnotherKeyAuthorization_isIncorrectResponse() throws Exception {
        serve(certificate(List.of(LOOPBACK_SAN), digest("other.thumbprint"), true), true);

        assertFails("incorrectResponse", "digest other than SHA-256");
    }

    @Test
    void missingExtension_isIncorrectResponse() throws Exception {
        serve(certificate(List.of(LOOPBACK_SAN), null, true), true);

        assertFails("incorrectResponse", "no critical id-pe-acmeIdentifier");
    }

    @Test
    void nonCriticalExtension_isIncorrectResponse() throws Exception {
        serve(certificate(List.of(LOOPBACK_SAN), digest(KEY_AUTHORIZATION), false), true);

        assertFails("incorrectResponse", "no critical id-pe-acmeIdentifier");
    }

    @Test
    void secondSubjectAlternativeName_isIncorrectResponse() throws Exception {
        serve(certificate(List.of(LOOPBACK_SAN, new GeneralName(GeneralName.dNSName, "extra.test")),
                digest(KEY_AUTHORIZATION), true), true);

        assertFails("incorrectResponse", "exactly 127.0.0.1");
    }

    @Test
    void serverWithoutAcmeTls1_isTls() throws Exception {
        serve(certificate(List.of(LOOPBACK_SAN), digest(KEY_AUTHORIZATION), true), false);

        assertFails("tls", "acme-tls/1");
    }

    @Test
    void loopback_withoutPrivateRanges_isRefused() throws Exception {
        serve(certificate(List.of(LOOPBACK_SAN), digest(KEY_AUTHORIZATION), true), true);
        var validator = new TlsAlpn01Validator(new ChallengeTargets(ChallengeDns.using(Optional.empty()),
                AddressPolicy.of(List.of())), server.getLocalPort(), Duration.ofSeconds(2));

        assertThatThrownBy(() -> validator.validate(LOOPBACK, "tok3n", KEY_AUTHORIZATION))
                .isInstanceOfSatisfying(ChallengeFailedException.class,
                        e -> assertThat(e.problemType()).isEqualTo("connection"));
        assertThat(serverNamesSeen).isEmpty();
    }

    private void assertFails(String problemType, String detail) {
        assertThatThrownBy(() -> validator().validate(LOOPBACK, "tok3n", KEY_AUTHORIZATION))
                .isInstanceOfSatisfying(ChallengeFailedException.class, e -> {
                    assertThat(e.problemType()).isEqualTo(problemType);
                    assertThat(e.getMessage()).contains(detail);
                });
    }

    private TlsAlpn01Validator validator() {
        return new TlsAlpn01Validator(new ChallengeTargets(ChallengeDns.using(Optional.empty()),
                AddressPolicy.of(List.of("127.0.0.0/8"))), server.getLocalPort(), Duration.ofSeconds(2));
    }

    private static byte[] digest(String keyAuthorization) {
        return KeyAuthorizationDigest.of(keyAuthorization);
    }

    /** A key and a self-signed certificate for {@code names}, with the acmeIdentifier extension when a digest. */
    private static KeyStore certificate(List<GeneralName> names, byte[] digest, boolean critical) throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair key = generator.generateKeyPair();
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=acme tls-alpn-01 test"), BigInteger.ONE,
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)),
                new X500Name("CN=acme tls-alpn-01 test"), key.getPublic())
                .addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(GeneralName[]::new)));
        if (digest != null) {
            builder.addExtension(new ASN1ObjectIdentifier(TlsAlpn01Validator.ACME_IDENTIFIER_OID), critical,
                    new DEROctetString(digest));
        }
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())));
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("challenge", key.getPrivate(), new char[0], new X509Certificate[] {certificate});
        return store;
    }

    /** Serves {@code store}'s certificate to every connection; with {@code alpn}, selecting acme-tls/1. */
    private void serve(KeyStore store, boolean alpn) throws Exception {
        var keys = KeyManagerFactory.getInstance("PKIX");
        keys.init(store, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 5,
                InetAddress.getLoopbackAddress());
        SSLParameters parameters = server.getSSLParameters();
        // the matcher runs on the ClientHello, so the name is recorded before the validator sees a certificate
        parameters.setSNIMatchers(List.of(new SNIMatcher(StandardConstants.SNI_HOST_NAME) {
            @Override
            public boolean matches(SNIServerName name) {
                serverNamesSeen.add(((SNIHostName) name).getAsciiName());
                return true;
            }
        }));
        if (alpn) {
            parameters.setApplicationProtocols(new String[] {TlsAlpn01Validator.ACME_TLS_1});
        }
        server.setSSLParameters(parameters);
        Thread.ofVirtual().start(this::acceptAll);
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try (var socket = (SSLSocket) server.accept()) {
                socket.startHandshake();
            } catch (IOException e) {
                // a closed server, or a handshake the validator ended: the next one is independent
            }
        }
    }
}
