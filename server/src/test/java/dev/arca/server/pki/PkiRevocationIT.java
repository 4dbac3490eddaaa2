package dev.arca.server.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.TestServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.ocsp.OCSPObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.cert.ocsp.UnknownStatus;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation over HTTP, checked by independent verifiers: OpenSSL ({@code crl -text}, {@code verify -crl_check},
 * {@code ocsp}) and the JDK's {@link PKIXRevocationChecker}, against Arca's CRLs and OCSP responder. Stored
 * certificates come from {@code sign-intermediate}; never-stored ones are signed by OpenSSL with the key of a CA
 * imported into the vault; a foreign CA stands for "another issuer".
 */
class PkiRevocationIT {
    /** Where the server stores: SQLite under the test's folder here; PostgreSQL in {@link PkiRevocationPostgresIT}. */
    @org.jspecify.annotations.Nullable String storage() {
        return null;
    }

    private static final String V = "/v1/vaults/default";
    private static final String PKI = V + "/pki";
    private static final ObjectMapper JSON = Json.lenient();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    TestServer server;
    Path rootPem;
    X509Certificate root;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir.resolve("server"), storage()).initAndUnseal();
        JsonNode issuer = expect(201, server.root("POST", PKI + "/issuers/root",
                json(Map.of("name", "root", "common_name", "Arca Test Root")))).json();
        rootPem = write("root.pem", issuer.path("certificate").asText());
        root = x509(issuer.path("certificate").asText());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void revokedBySerial_isInTheNextCrl_andOpensslAndOcspSeeIt() throws Exception {
        Leaf leaf = storedLeaf("leaf-one");
        Path crlBefore = write("before.pem", text(PKI + "/crl/pem", 200));
        assertThat(openssl("verify", "-crl_check", "-CRLfile", crlBefore.toString(), "-CAfile", rootPem.toString(),
                leaf.pem().toString()).output()).contains(": OK");
        assertThat(ocsp(rootPem, leaf.pem(), rootPem)).contains(leaf.pem() + ": good").contains("Response verify OK");

        JsonNode revoked = expect(200, server.root("POST", PKI + "/revoke",
                json(Map.of("serial_number", leaf.serial(), "reason", "key_compromise")))).json();
        assertThat(revoked.path("serial_number").asText()).isEqualTo(leaf.serial());
        assertThat(revoked.path("reason").asText()).isEqualTo("key_compromise");

        // OCSP answers at once; the CRL is not rebuilt on a revocation, only on rotation (or by the job)
        assertThat(ocsp(rootPem, leaf.pem(), rootPem)).contains(leaf.pem() + ": revoked")
                .contains("Reason: keyCompromise");
        assertThat(text(PKI + "/crl/pem", 200)).isEqualTo(Files.readString(crlBefore));
        JsonNode built = expect(200, server.root("POST", PKI + "/crl/rotate", null)).json();
        assertThat(built).hasSize(2);
        assertThat(built.get(0).path("delta").asBoolean()).isFalse();
        assertThat(built.get(0).path("entries").asInt()).isEqualTo(1);
        assertThat(built.get(1).path("delta").asBoolean()).isTrue();
        long number = built.get(0).path("number").asLong();
        assertThat(built.get(1).path("number").asLong()).isEqualTo(number + 1);

        Path crlAfter = write("after.pem", text(PKI + "/crl/pem", 200));
        var verify = openssl("verify", "-crl_check", "-CRLfile", crlAfter.toString(), "-CAfile", rootPem.toString(),
                leaf.pem().toString());
        assertThat(verify.exitCode()).isNotZero();
        assertThat(verify.output()).contains("certificate revoked");

        String fullText = opensslCrlText(bytes(PKI + "/crl", 200, "application/pkix-crl"));
        assertThat(fullText).contains("X509v3 CRL Number:", "Next Update:", "Key Compromise",
                "X509v3 Authority Key Identifier").doesNotContain("Delta CRL Indicator");
        assertThat(fullText.replace(":", "").toLowerCase(java.util.Locale.ROOT)).contains(leaf.serial().replace(":", ""));
        String deltaText = opensslCrlText(bytes(PKI + "/crl/delta", 200, "application/pkix-crl"));
        assertThat(deltaText).contains("X509v3 Delta CRL Indicator: critical", "Key Compromise");
        assertThat(deltaText.replace(":", "").toLowerCase(java.util.Locale.ROOT)).contains(leaf.serial().replace(":", ""));
        assertThat(text(PKI + "/issuers/root/crl/delta/pem", 200)).startsWith("-----BEGIN X509 CRL-----");
        assertThat(bytes(PKI + "/issuers/root/crl", 200, "application/pkix-crl"))
                .isEqualTo(bytes(PKI + "/crl", 200, "application/pkix-crl"));
    }

    @Test
    void revokingTwice_answersTheFirstRevocationUnchanged() throws Exception {
        Leaf leaf = storedLeaf("twice");
        JsonNode first = expect(200, server.root("POST", PKI + "/revoke",
                json(Map.of("serial_number", leaf.serial(), "reason", "superseded")))).json();
        Thread.sleep(20);
        JsonNode second = expect(200, server.root("POST", PKI + "/revoke",
                json(Map.of("serial_number", leaf.serial().replace(":", "").toUpperCase(java.util.Locale.ROOT),
                        "reason", "key_compromise")))).json();
        assertThat(second).isEqualTo(first);
        JsonNode stored = expect(200, server.root("GET", PKI + "/certs/" + leaf.serial(), null)).json();
        assertThat(stored.path("revoked_at").asText()).isEqualTo(first.path("revocation_time").asText());
        assertThat(stored.path("revocation_reason").asText()).isEqualTo("superseded");
        assertThat(stored.path("certificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
    }

    @Test
    void badRevocations_sayWhatIsWrong() throws Exception {
        Leaf leaf = storedLeaf("bad");
        assertError(404, server.root("POST", PKI + "/revoke", json(Map.of("serial_number", "01:02:03"))));
        assertError(400, server.root("POST", PKI + "/revoke", json(Map.of("serial_number", "not hex"))));
        assertError(400, server.root("POST", PKI + "/revoke", json(Map.of())));
        assertError(400, server.root("POST", PKI + "/revoke", json(Map.of("serial_number", leaf.serial(),
                "certificate", Files.readString(leaf.pem())))));
        var reason = server.root("POST", PKI + "/revoke", json(Map.of("serial_number", leaf.serial(),
                "reason", "remove_from_crl")));
        assertError(400, reason);
        assertThat(reason.json().path("error").path("details").path("field").asText()).isEqualTo("reason");
        assertError(404, server.root("GET", PKI + "/certs/0a:0b", null));
        JsonNode revokedAt = server.root("GET", PKI + "/certs/" + leaf.serial(), null).json().get("revoked_at");
        assertThat(revokedAt == null || revokedAt.isNull()).isTrue();
    }

    @Test
    void aNeverStoredCertificate_isUnknownToOcsp_untilRevokedByPresentingIt() throws Exception {
        Path caKey = dir.resolve("imported.key");
        Path caPem = opensslCa("Imported CA", caKey, "imported.pem");
        expect(201, server.root("POST", PKI + "/issuers/import", json(Map.of("name", "imported",
                "certificate", Files.readString(caPem), "private_key", Files.readString(caKey)))));
        Path leaf = opensslLeaf("unstored", caPem, caKey);

        assertThat(ocsp(caPem, leaf, caPem)).contains(leaf + ": unknown");
        JsonNode revoked = expect(200, server.root("POST", PKI + "/revoke", json(Map.of("certificate",
                Files.readString(leaf), "reason", "cessation_of_operation")))).json();
        String serial = revoked.path("serial_number").asText();
        assertThat(ocsp(caPem, leaf, caPem)).contains(leaf + ": revoked").contains("cessationOfOperation");

        JsonNode listed = expect(200, server.root("GET", PKI + "/certs?revoked=true", null)).json();
        assertThat(listed.path("data")).hasSize(1);
        assertThat(listed.path("data").get(0).path("serial_number").asText()).isEqualTo(serial);
        JsonNode entry = expect(200, server.root("GET", PKI + "/certs/" + serial, null)).json();
        assertThat(entry.path("certificate").asText()).isEmpty();
        assertThat(entry.path("common_name").asText()).isEqualTo("unstored");
        JsonNode again = expect(200, server.root("POST", PKI + "/revoke", json(Map.of("certificate",
                Files.readString(leaf))))).json();
        assertThat(again).isEqualTo(revoked);

        expect(200, server.root("POST", PKI + "/crl/rotate", null));
        Path crl = write("imported-crl.pem", text(PKI + "/issuers/imported/crl/pem", 200));
        var verify = openssl("verify", "-crl_check", "-CRLfile", crl.toString(), "-CAfile", caPem.toString(),
                leaf.toString());
        assertThat(verify.output()).contains("certificate revoked");
    }

    @Test
    void anotherIssuersCertificate_isUnknownToOcsp_andCannotBeRevokedHere() throws Exception {
        Path foreignKey = dir.resolve("foreign.key");
        Path foreignPem = opensslCa("Foreign CA", foreignKey, "foreign.pem");
        Path leaf = opensslLeaf("foreign-leaf", foreignPem, foreignKey);
        assertThat(ocsp(foreignPem, leaf, null)).contains(leaf + ": unknown");
        var refused = server.root("POST", PKI + "/revoke", json(Map.of("certificate", Files.readString(leaf))));
        assertError(400, refused);
        assertThat(refused.body()).contains("not signed by an issuer of this vault");
    }

    @Test
    void ocspOverGet_plainAndUrlEncoded_echoesTheNonce() throws Exception {
        Leaf leaf = storedLeaf("get-leaf");
        expect(200, server.root("POST", PKI + "/revoke", json(Map.of("serial_number", leaf.serial(),
                "reason", "affiliation_changed"))));
        byte[] nonce = new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        byte[] request = ocspRequest(root, x509(Files.readString(leaf.pem())).getSerialNumber(), nonce);
        String base64 = Base64.getEncoder().encodeToString(request);
        for (String path : List.of(base64, URLEncoder.encode(base64, StandardCharsets.UTF_8))) {
            BasicOCSPResp basic = basic(bytes(PKI + "/ocsp/" + path, 200, "application/ocsp-response"));
            SingleResp single = basic.getResponses()[0];
            assertThat(single.getCertStatus()).isInstanceOf(RevokedStatus.class);
            assertThat(((RevokedStatus) single.getCertStatus()).getRevocationReason()).isEqualTo(3);
            assertThat(single.getNextUpdate()).isAfter(single.getThisUpdate());
            assertThat(basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(root.getPublicKey())))
                    .isTrue();
            assertThat(basic.getExtension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce).getExtnValue().getOctets())
                    .isEqualTo(new DEROctetString(nonce).getEncoded());
        }
        BasicOCSPResp never = basic(bytes(PKI + "/ocsp/" + URLEncoder.encode(Base64.getEncoder().encodeToString(
                ocspRequest(root, BigInteger.valueOf(424242), null)), StandardCharsets.UTF_8), 200,
                "application/ocsp-response"));
        assertThat(never.getResponses()[0].getCertStatus()).isInstanceOf(UnknownStatus.class);
    }

    @Test
    void malformedOcspRequests_answerMalformedRequest() throws Exception {
        assertThat(ocspStatus(post(PKI + "/ocsp", "not an OCSP request".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(1);
        assertThat(ocspStatus(post(PKI + "/ocsp", new byte[0]))).isEqualTo(1);
        assertThat(ocspStatus(bytes(PKI + "/ocsp/bm90IGFuIE9DU1AgcmVxdWVzdA==", 200, "application/ocsp-response")))
                .isEqualTo(1);
    }

    @Test
    void theJdksRevocationChecker_acceptsBeforeAndRefusesAfter_byCrlAndByOcsp() throws Exception {
        Leaf leaf = storedLeaf("jdk-leaf");
        X509Certificate certificate = x509(Files.readString(leaf.pem()));
        validateWithCrl(certificate);
        validateWithOcsp(certificate);
        expect(200, server.root("POST", PKI + "/revoke", json(Map.of("serial_number", leaf.serial()))));
        expect(200, server.root("POST", PKI + "/crl/rotate", null));
        assertThatThrownBy(() -> validateWithCrl(certificate)).isInstanceOf(CertPathValidatorException.class)
                .satisfies(e -> assertThat(((CertPathValidatorException) e).getReason())
                        .isEqualTo(CertPathValidatorException.BasicReason.REVOKED));
        assertThatThrownBy(() -> validateWithOcsp(certificate)).isInstanceOf(CertPathValidatorException.class)
                .satisfies(e -> assertThat(((CertPathValidatorException) e).getReason())
                        .isEqualTo(CertPathValidatorException.BasicReason.REVOKED));
    }

    @Test
    void crlsAreServedWhileSealed_andOcspSaysTryLater() throws Exception {
        byte[] crl = bytes(PKI + "/crl", 200, "application/pkix-crl");
        byte[] delta = bytes(PKI + "/crl/delta", 200, "application/pkix-crl");
        expect(201, server.root("POST", PKI + "/issuers/root", json(Map.of("name", "fresh",
                "common_name", "Never Built"))));
        byte[] request = ocspRequest(root, BigInteger.TEN, null);
        expect(200, server.root("POST", "/v1/sys/seal", null));

        assertThat(bytes(PKI + "/crl", 200, "application/pkix-crl")).isEqualTo(crl);
        assertThat(bytes(PKI + "/issuers/root/crl/delta", 200, "application/pkix-crl")).isEqualTo(delta);
        assertThat(text(PKI + "/crl/pem", 200)).startsWith("-----BEGIN X509 CRL-----");
        var never = server.call("GET", PKI + "/issuers/fresh/crl", null, null);
        assertThat(never.status()).isEqualTo(503);
        assertThat(never.body()).contains("no CRL of issuer fresh was built yet and Arca is sealed");
        assertThat(ocspStatus(post(PKI + "/ocsp", request))).isEqualTo(3);
        assertThat(ocspStatus(bytes(PKI + "/ocsp/" + URLEncoder.encode(Base64.getEncoder().encodeToString(request),
                StandardCharsets.UTF_8), 200, "application/ocsp-response"))).isEqualTo(3);
    }

    @Test
    void tidy_forgetsExpiredCertificates_andTheirRevocationsLeaveTheCrl() throws Exception {
        Leaf expiring = storedLeaf("expiring", "2s");
        Leaf revokedExpiring = storedLeaf("revoked-expiring", "2s");
        Leaf lasting = storedLeaf("lasting");
        expect(200, server.root("POST", PKI + "/revoke", json(Map.of("serial_number", revokedExpiring.serial()))));
        expect(200, server.root("POST", PKI + "/revoke", json(Map.of("serial_number", lasting.serial()))));
        expect(200, server.root("POST", PKI + "/crl/rotate", null));
        assertThat(crl(PKI + "/crl").getRevokedCertificates()).hasSize(2);
        JsonNode nothingYet = expect(200, server.root("POST", PKI + "/tidy", json(Map.of()))).json();
        assertThat(nothingYet.path("certificates_removed").asInt()).isZero();
        Thread.sleep(4_000);

        JsonNode tidied = expect(200, server.root("POST", PKI + "/tidy",
                json(Map.of("safety_buffer", "1s")))).json();
        assertThat(tidied.path("certificates_removed").asInt()).isEqualTo(1);
        assertThat(tidied.path("revocations_removed").asInt()).isEqualTo(1);
        assertError(404, server.root("GET", PKI + "/certs/" + expiring.serial(), null));
        assertError(404, server.root("GET", PKI + "/certs/" + revokedExpiring.serial(), null));
        X509CRL after = crl(PKI + "/crl");
        assertThat(after.getRevokedCertificates()).hasSize(1);
        assertThat(after.getRevokedCertificate(x509(Files.readString(lasting.pem())).getSerialNumber())).isNotNull();
    }

    @Test
    void certificates_areListedInPages_andByRevocation() throws Exception {
        var serials = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            serials.add(storedLeaf("page-" + i).serial());
        }
        expect(200, server.root("POST", PKI + "/revoke", json(Map.of("serial_number", serials.get(1)))));
        JsonNode first = expect(200, server.root("GET", PKI + "/certs?limit=2", null)).json();
        assertThat(first.path("data")).hasSize(2);
        assertThat(first.path("has_more").asBoolean()).isTrue();
        JsonNode second = expect(200, server.root("GET", PKI + "/certs?limit=2&cursor="
                + first.path("cursor").asText(), null)).json();
        assertThat(second.path("data")).hasSize(1);
        assertThat(second.path("has_more").asBoolean()).isFalse();
        var listed = new ArrayList<String>();
        first.path("data").forEach(c -> listed.add(c.path("serial_number").asText()));
        second.path("data").forEach(c -> listed.add(c.path("serial_number").asText()));
        assertThat(listed).containsExactlyInAnyOrderElementsOf(serials).isSorted();
        JsonNode revoked = expect(200, server.root("GET", PKI + "/certs?revoked=true", null)).json();
        assertThat(revoked.path("data")).hasSize(1);
        assertThat(revoked.path("data").get(0).path("serial_number").asText()).isEqualTo(serials.get(1));
        assertError(400, server.root("GET", PKI + "/certs?cursor=bm9wZQ", null));
    }

    @Test
    void crlConfig_hasTheDefaults_andRefusesNonsense() {
        JsonNode defaults = expect(200, server.root("GET", PKI + "/config/crl", null)).json();
        assertThat(defaults.path("expiry").asText()).isEqualTo("72h");
        assertThat(defaults.path("delta_interval").asText()).isEqualTo("15m");
        assertThat(defaults.path("disabled").asBoolean()).isFalse();
        JsonNode changed = expect(200, server.root("PUT", PKI + "/config/crl",
                json(Map.of("expiry", "24h")))).json();
        assertThat(changed.path("expiry").asText()).isEqualTo("24h");
        assertThat(changed.path("delta_interval").asText()).isEqualTo("15m");
        assertError(400, server.root("PUT", PKI + "/config/crl", json(Map.of("delta_interval", "2d"))));
        assertError(400, server.root("PUT", PKI + "/config/crl", json(Map.of("expiry", "10s"))));
        JsonNode built = expect(200, server.root("POST", PKI + "/crl/rotate", null)).json();
        Instant thisUpdate = Instant.parse(built.get(0).path("this_update").asText());
        assertThat(Instant.parse(built.get(0).path("next_update").asText())).isEqualTo(thisUpdate.plusSeconds(86_400));
    }

    @Test
    void publicRoutesNeedNoToken_butTheRestDo() {
        assertThat(server.call("GET", PKI + "/crl", null, null).status()).isEqualTo(200);
        assertThat(server.call("GET", PKI + "/certs", null, null).status()).isEqualTo(401);
        assertThat(server.call("POST", PKI + "/revoke", null, json(Map.of("serial_number", "01"))).status())
                .isEqualTo(401);
        assertThat(server.call("POST", PKI + "/crl/rotate", null, null).status()).isEqualTo(401);
        assertThat(server.call("POST", PKI + "/tidy", null, null).status()).isEqualTo(401);
    }

    @Test
    void figures_ocspAnswersPerSecond() throws Exception {
        Leaf leaf = storedLeaf("busy");
        byte[] request = ocspRequest(root, x509(Files.readString(leaf.pem())).getSerialNumber(), null);
        for (int i = 0; i < 200; i++) {
            post(PKI + "/ocsp", request); // warm up
        }
        int answers = 4_000;
        var counted = new java.util.concurrent.atomic.AtomicInteger();
        long started = System.nanoTime();
        try (var threads = java.util.concurrent.Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < answers; i++) {
                threads.submit(() -> {
                    if (ocspStatus(post(PKI + "/ocsp", request)) == 0) {
                        counted.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(counted.get()).isEqualTo(answers);
        System.out.printf("PKI figures (SQLite, HTTP, 16 clients, same JVM as the server): %d OCSP answers (good, "
                + "EC P-256 signed) in %.2f s: %.0f answers/s%n", answers, seconds, answers / seconds);
    }

    // --- the JDK's checker

    private void validateWithCrl(X509Certificate certificate) throws Exception {
        var validator = CertPathValidator.getInstance("PKIX");
        var checker = (PKIXRevocationChecker) validator.getRevocationChecker();
        checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.PREFER_CRLS,
                PKIXRevocationChecker.Option.NO_FALLBACK));
        var parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.addCertStore(CertStore.getInstance("Collection",
                new CollectionCertStoreParameters(List.of(crl(PKI + "/crl")))));
        parameters.addCertPathChecker(checker);
        validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)),
                parameters);
    }

    private void validateWithOcsp(X509Certificate certificate) throws Exception {
        var validator = CertPathValidator.getInstance("PKIX");
        var checker = (PKIXRevocationChecker) validator.getRevocationChecker();
        checker.setOcspResponder(URI.create(server.address() + PKI + "/ocsp"));
        checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.NO_FALLBACK));
        var parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.addCertPathChecker(checker);
        validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(certificate)),
                parameters);
    }

    // --- certificates

    record Leaf(String serial, Path pem) {}

    /** A certificate stored under the root: a CSR from OpenSSL signed with {@code sign-intermediate}. */
    private Leaf storedLeaf(String name) throws Exception {
        return storedLeaf(name, null);
    }

    private Leaf storedLeaf(String name, String ttl) throws Exception {
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                key.toString(), "-subj", "/CN=" + name, "-out", csr.toString());
        var body = new HashMap<String, Object>();
        body.put("csr", Files.readString(csr));
        if (ttl != null) {
            body.put("ttl", ttl);
        }
        JsonNode issued = expect(200, server.root("POST", PKI + "/issuers/root/sign-intermediate", json(body)))
                .json();
        return new Leaf(issued.path("serial_number").asText(), write(name + ".pem",
                issued.path("certificate").asText()));
    }

    private Path opensslCa(String commonName, Path key, String file) throws Exception {
        Path pem = dir.resolve(file);
        run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                key.toString(), "-subj", "/CN=" + commonName, "-days", "30", "-addext",
                "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
                "-out", pem.toString());
        return pem;
    }

    /** A leaf OpenSSL signs with a CA's key: Arca never saw it, so it is not stored. */
    private Path opensslLeaf(String commonName, Path caPem, Path caKey) throws Exception {
        Path csr = dir.resolve(commonName + ".csr");
        Path pem = dir.resolve(commonName + ".pem");
        run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                dir.resolve(commonName + ".key").toString(), "-subj", "/CN=" + commonName, "-out", csr.toString());
        run("x509", "-req", "-in", csr.toString(), "-CA", caPem.toString(), "-CAkey", caKey.toString(),
                "-set_serial", "0x" + Long.toHexString(System.nanoTime()), "-days", "2", "-out", pem.toString());
        return pem;
    }

    // --- OpenSSL

    private OpenSsl.Run openssl(String... args) {
        return new OpenSsl(dir).run(args);
    }

    private String ocsp(Path issuer, Path certificate, Path trusted) throws Exception {
        var args = new ArrayList<>(List.of("ocsp", "-issuer", issuer.toString(), "-cert", certificate.toString(),
                "-url", server.address() + PKI + "/ocsp", "-resp_text"));
        if (trusted == null) {
            args.add("-noverify");
        } else {
            args.addAll(List.of("-CAfile", trusted.toString()));
        }
        return openssl(args.toArray(String[]::new)).output();
    }

    private String opensslCrlText(byte[] der) throws Exception {
        Path file = dir.resolve("crl-" + System.nanoTime() + ".der");
        Files.write(file, der);
        return run("crl", "-inform", "DER", "-in", file.toString(), "-noout", "-text");
    }

    /** openssl {@code args}, which must succeed; what it printed. */
    private String run(String... args) {
        OpenSsl.Run result = openssl(args);
        if (!result.ok()) {
            throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + result.output());
        }
        return result.output();
    }

    // --- HTTP

    private byte[] bytes(String path, int status, String contentType) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.address() + path)).GET()
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(path).isEqualTo(status);
        if (contentType != null) {
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(contentType);
        }
        return response.body();
    }

    private String text(String path, int status) throws Exception {
        return new String(bytes(path, status, null), StandardCharsets.US_ASCII);
    }

    private byte[] post(String path, byte[] body) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.address() + path))
                .header("Content-Type", "application/ocsp-request").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/ocsp-response");
        return response.body();
    }

    private X509CRL crl(String path) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(
                bytes(path, 200, "application/pkix-crl")));
    }

    private static byte[] ocspRequest(X509Certificate issuer, BigInteger serial, byte[] nonce) throws Exception {
        var digests = new JcaDigestCalculatorProviderBuilder().build();
        var builder = new OCSPReqBuilder().addRequest(new CertificateID(digests.get(CertificateID.HASH_SHA1),
                new X509CertificateHolder(issuer.getEncoded()), serial));
        if (nonce != null) {
            builder.setRequestExtensions(new Extensions(new Extension(OCSPObjectIdentifiers.id_pkix_ocsp_nonce,
                    false, new DEROctetString(nonce).getEncoded())));
        }
        return builder.build().getEncoded();
    }

    /** The OCSP response status; -1 for an answer that is no OCSP response. */
    private static int ocspStatus(byte[] der) {
        try {
            return new OCSPResp(der).getStatus();
        } catch (IOException e) {
            return -1;
        }
    }

    private static BasicOCSPResp basic(byte[] der) throws Exception {
        OCSPResp response = new OCSPResp(der);
        assertThat(response.getStatus()).isZero();
        return (BasicOCSPResp) response.getResponseObject();
    }

    private static X509Certificate x509(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static String json(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }

    private static void assertError(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.errorCode()).isNotEmpty();
    }
}
