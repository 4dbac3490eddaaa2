package dev.arca.server.frontend.acme;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import dev.arca.server.pki.CertificateProfile;
import dev.arca.server.pki.CertificateSigner;
import dev.arca.server.pki.KeySpec;
import dev.arca.server.pki.Pem;
import dev.arca.server.pki.Serials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.slf4j.LoggerFactory;

/**
 * Arca's ACME server against a real client, acme4j, over HTTPS, with a loopback http-01 responder: a full order
 * gives a certificate that verifies against the issuer; an order survives a restart of the server; a revocation is
 * on the CRL and in OCSP at once; and no account key, EAB key or issued key is anywhere in the logs, the audit
 * trail or the database in plaintext.
 */
class AcmeServerAcme4jIT {
    private static final String PKI = "/v1/vaults/default/pki";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** The name the http-01 responder answers for: an IP identifier (RFC 8738), so no DNS is involved. */
    private static final Identifier LOOPBACK = Identifier.ip(InetAddress.getLoopbackAddress());

    @TempDir
    static Path dir;
    static TestServer server;
    static SSLContext trust;
    static com.sun.net.httpserver.HttpServer responder;
    static final Map<String, String> answers = new ConcurrentHashMap<>();
    static X509Certificate root;
    ListAppender<ILoggingEvent> logs;

    /** One server and responder for the class (init and unseal take a while). */
    @BeforeAll
    static void start() throws Exception {
        responder = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                0), 0);
        responder.createContext("/.well-known/acme-challenge/", exchange -> {
            String token = exchange.getRequestURI().getPath().substring("/.well-known/acme-challenge/".length());
            String answer = answers.get(token);
            byte[] body = (answer == null ? "no such token" : answer).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        responder.start();
        Path cert = dir.resolve("tls.pem");
        Path key = dir.resolve("tls-key.pem");
        trust = selfSignedTls(cert, key);
        server = TestServer.start(dir, Map.of("tls_cert", cert.toString(), "tls_key", key.toString(),
                "acme_http01_port", String.valueOf(responder.getAddress().getPort()),
                "acme_private_ranges", "127.0.0.0/8"))
                .using(HttpClient.newBuilder().sslContext(trust).build()).initAndUnseal();
        JsonNode issuer = expect(201, server.root("POST", PKI + "/issuers/root",
                "{\"name\":\"root\",\"common_name\":\"ACME Test Root\"}")).json();
        root = x509(issuer.path("certificate").asText());
    }

    @BeforeEach
    void enable() {
        expect(200, server.root("PUT", PKI + "/config/acme", "{\"enabled\":true,\"max_ttl\":\"30d\","
                + "\"eab_policy\":\"not-required\"}"));
        logs = new ListAppender<>();
        logs.start();
        rootLogger().addAppender(logs);
    }

    @AfterEach
    void detachLogs() {
        rootLogger().detachAppender(logs);
    }

    @AfterAll
    static void stop() {
        responder.stop(0);
        server.close();
    }

    @Test
    void fullOrder_issuesACertificateThatVerifiesAgainstTheIssuer_andARevocationIsOnTheCrlAndInOcsp() throws Exception {
        KeyPair accountKey = ecKey();
        Account account = new AccountBuilder().agreeToTermsOfService().addEmail("ops@example.com")
                .useKeyPair(accountKey).create(session());
        Order order = account.newOrder().identifier(LOOPBACK).create();
        authorize(order);
        order.execute(ecKey());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);

        var certificate = order.getCertificate();
        X509Certificate leaf = certificate.getCertificate();
        leaf.verify(root.getPublicKey());
        assertThat(certificate.getCertificateChain()).hasSize(2).last().isEqualTo(root);
        assertThat(leaf.getSubjectAlternativeNames().stream().map(name -> String.valueOf(name.get(1))).toList())
                .containsExactly("127.0.0.1");
        assertThat(Duration.between(Instant.now(), leaf.getNotAfter().toInstant())).isLessThanOrEqualTo(
                Duration.ofDays(30));
        String serial = Serials.colonHex(leaf.getSerialNumber());
        assertThat(expect(200, server.root("GET", PKI + "/certs", null)).body()).contains(serial);
        assertRenewalWindowIsTheLastThird(session().login(account.getLocation(), accountKey), certificate, leaf);

        certificate.revoke(RevocationReason.KEY_COMPROMISE);
        assertThat(ocsp(leaf).getCertStatus()).isInstanceOf(RevokedStatus.class);
        expect(200, server.root("POST", PKI + "/crl/rotate", null));
        assertThat(crl().isRevoked(leaf)).isTrue();
        assertNoPlaintext(accountKey);
    }

    @Test
    void orderPlacedBeforeARestart_completesAfterIt() throws Exception {
        KeyPair accountKey = ecKey();
        Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey).create(session());
        Order placed = account.newOrder().identifier(LOOPBACK).create();
        URL accountUrl = account.getLocation();
        URL orderUrl = placed.getLocation();

        server.restartOnTheSamePort();
        for (int i = 0; i < 3; i++) {
            server.unseal(server.unsealKeys.get(i));
        }

        Login login = session().login(accountUrl, accountKey);
        Order order = login.bindOrder(orderUrl);
        assertThat(order.getStatus()).isEqualTo(Status.PENDING);
        authorize(order);
        order.execute(ecKey());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);
        order.getCertificate().getCertificate().verify(root.getPublicKey());
    }

    @Test
    void eabBoundAccount_getsACertificate_andNoKeyIsStoredOrLoggedInPlaintext() throws Exception {
        expect(200, server.root("PUT", PKI + "/config/acme", "{\"eab_policy\":\"always-required\"}"));
        JsonNode eab = expect(201, server.root("POST", PKI + "/eab", "{\"comment\":\"acme4j\"}")).json();
        String hmac = eab.path("key").asText();
        KeyPair accountKey = ecKey();
        Account account = new AccountBuilder().agreeToTermsOfService().useKeyPair(accountKey)
                .withKeyIdentifier(eab.path("id").asText(), hmac).create(session());
        Order order = account.newOrder().identifier(LOOPBACK).create();
        authorize(order);
        order.execute(ecKey());
        assertThat(order.waitForCompletion(WAIT)).isEqualTo(Status.VALID);

        assertNoPlaintext(accountKey);
        byte[] raw = Base64.getUrlDecoder().decode(hmac);
        for (byte[] stored : everythingStored()) {
            assertThat(indexOf(stored, raw)).as("the raw EAB key").isNegative();
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(hmac);
        }
        assertThat(logText()).doesNotContain(hmac);
    }

    /** ARI (RFC 9773), through the certificate and through the login with the certificate alone. */
    private static void assertRenewalWindowIsTheLastThird(org.shredzone.acme4j.Login login,
            org.shredzone.acme4j.Certificate certificate, X509Certificate leaf) throws Exception {
        Instant notAfter = leaf.getNotAfter().toInstant();
        Instant start = notAfter.minus(Duration.between(leaf.getNotBefore().toInstant(), notAfter).dividedBy(3));
        assertThat(certificate.hasRenewalInfo()).isTrue();
        var viaCertificate = certificate.getRenewalInfo();
        assertThat(viaCertificate.getSuggestedWindowStart()).isEqualTo(start);
        assertThat(viaCertificate.getSuggestedWindowEnd()).isEqualTo(notAfter);
        var viaLogin = login.bindRenewalInfo(leaf);
        assertThat(viaLogin.getSuggestedWindowStart()).isEqualTo(start);
        assertThat(viaLogin.renewalIsNotRequired(Instant.now())).isTrue();
    }

    /** Answers every authorization's http-01 challenge from the loopback responder and waits until it is valid. */
    private static void authorize(Order order) throws Exception {
        for (Authorization authorization : order.getAuthorizations()) {
            Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow();
            answers.put(challenge.getToken(), challenge.getAuthorization());
            challenge.trigger();
            Status status = authorization.waitForCompletion(WAIT);
            challenge.fetch();
            assertThat(status).as(String.valueOf(challenge.getError().map(Object::toString))).isEqualTo(Status.VALID);
        }
        assertThat(order.waitUntilReady(WAIT)).isEqualTo(Status.READY);
    }

    private static Session session() {
        return new Session(URI.create(server.address() + PKI + "/acme/directory"), new TrustingProvider(trust));
    }

    /** acme4j's generic provider, its HTTP client trusting the test's TLS certificate. */
    private static final class TrustingProvider extends GenericAcmeProvider {
        private final SSLContext trust;

        TrustingProvider(SSLContext trust) {
            this.trust = trust;
        }

        @Override
        public HttpClient createHttpClient(NetworkSettings settings) {
            return HttpClient.newBuilder().sslContext(trust).connectTimeout(settings.getTimeout()).build();
        }
    }

    /** The account key's private scalar appears nowhere: not in the logs, the audit trail or the database files. */
    private void assertNoPlaintext(KeyPair accountKey) throws IOException {
        byte[] scalar = unsigned(((ECPrivateKey) accountKey.getPrivate()).getS().toByteArray());
        String jwkD = Base64.getUrlEncoder().withoutPadding().encodeToString(scalar);
        String hex = HexFormat.of().formatHex(scalar);
        for (byte[] stored : everythingStored()) {
            assertThat(indexOf(stored, scalar)).as("the raw private scalar").isNegative();
            String text = new String(stored, StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain(jwkD).doesNotContain(hex).doesNotContain("\"d\":");
        }
        assertThat(logText()).doesNotContain(jwkD).doesNotContain(hex);
    }

    /** Every file of the data directory (database, its WAL, the audit trail). */
    private List<byte[]> everythingStored() throws IOException {
        var files = new ArrayList<byte[]>();
        try (Stream<Path> paths = Files.walk(dir.resolve("data"))) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.add(Files.readAllBytes(path));
            }
        }
        files.add(Files.readAllBytes(server.config().auditFile()));
        return files;
    }

    private String logText() {
        var text = new StringBuilder();
        for (ILoggingEvent event : logs.list) {
            text.append(event.getFormattedMessage()).append('\n');
            if (event.getThrowableProxy() != null) {
                text.append(event.getThrowableProxy().getMessage()).append('\n');
            }
        }
        return text.toString();
    }

    /** The OCSP answer for {@code leaf}, asked by POST. */
    private org.bouncycastle.cert.ocsp.SingleResp ocsp(X509Certificate leaf) throws Exception {
        var digests = new JcaDigestCalculatorProviderBuilder().build();
        byte[] request = new OCSPReqBuilder().addRequest(new CertificateID(digests.get(CertificateID.HASH_SHA1),
                new X509CertificateHolder(root.getEncoded()), leaf.getSerialNumber())).build().getEncoded();
        HttpResponse<byte[]> response = client().send(HttpRequest.newBuilder(URI.create(server.address() + PKI
                + "/ocsp")).header("Content-Type", "application/ocsp-request")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(), HttpResponse.BodyHandlers.ofByteArray());
        return ((BasicOCSPResp) new OCSPResp(response.body()).getResponseObject()).getResponses()[0];
    }

    private X509CRL crl() throws Exception {
        HttpResponse<byte[]> response = client().send(HttpRequest.newBuilder(URI.create(server.address() + PKI
                + "/crl")).build(), HttpResponse.BodyHandlers.ofByteArray());
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(
                response.body()));
    }

    private HttpClient client() {
        return HttpClient.newBuilder().sslContext(trust).build();
    }

    /** A self-signed certificate for 127.0.0.1 and localhost, written as PEM; the context trusting only it. */
    private static SSLContext selfSignedTls(Path certFile, Path keyFile) throws Exception {
        KeySpec spec = new KeySpec(KeySpec.Type.EC, 256);
        KeyPair pair = spec.generate();
        Instant now = Instant.now();
        var profile = CertificateProfile.leaf(new X500Name("CN=localhost"), List.of(
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")),
                now.minusSeconds(60), now.plus(Duration.ofDays(1)),
                org.bouncycastle.asn1.x509.KeyUsage.digitalSignature, List.of(KeyPurposeId.id_kp_serverAuth));
        X509Certificate certificate = CertificateSigner.selfSign(pair, spec, Serials.random(), profile);
        Files.writeString(certFile, Pem.encode(certificate));
        Files.writeString(keyFile, Pem.encode(pair.getPrivate()));
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("arca", certificate);
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        var ssl = SSLContext.getInstance("TLS");
        ssl.init(null, factory.getTrustManagers(), null);
        return ssl;
    }

    private static KeyPair ecKey() {
        return new KeySpec(KeySpec.Type.EC, 256).generate();
    }

    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static X509Certificate x509(String pem) throws Exception {
        try (InputStream in = new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static Logger rootLogger() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
