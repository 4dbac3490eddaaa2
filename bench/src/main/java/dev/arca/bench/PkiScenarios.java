package dev.arca.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * The PKI engine's scenarios (issue 2·4's figures): signing an EC P-256 CSR unstored and stored, issuing with a key
 * made in the vault, revoking with 100,000 already revoked, OCSP answers, and building a CRL of 100,000 entries.
 */
final class PkiScenarios {
    static final int REVOKED = 100_000;
    /** Not yet revoked rows the {@code pki-revoke} load works through, one a request. */
    private static final int TO_REVOKE = 200_000;

    private PkiScenarios() {}

    static Scenario signUnstored() {
        return new LoadScenario("pki-sign", "sign an EC P-256 CSR against a no_store role (nothing written)",
                (fixture, settings) -> sign(fixture, PkiFixture.UNSTORED_ROLE));
    }

    static Scenario signStored() {
        return new LoadScenario("pki-sign-stored", "sign an EC P-256 CSR against a role that stores its "
                + "certificates (committed before the answer)", (fixture, settings) -> sign(fixture,
                        PkiFixture.STORED_ROLE));
    }

    static Scenario issue() {
        return new LoadScenario("pki-issue", "issue against a role: an EC P-256 key made in the vault, certificate "
                + "stored", (fixture, settings) -> {
                    PkiFixture pki = PkiFixture.of(fixture);
                    HttpRequest request = post(fixture, pki.pki() + "/issue/" + PkiFixture.STORED_ROLE, pki.token(),
                            "{\"common_name\":\"svc.bench.example\"}");
                    return client -> fixture.http().send(request);
                });
    }

    private static Operation sign(Fixture fixture, String role) throws Exception {
        PkiFixture pki = PkiFixture.of(fixture);
        HttpRequest request = post(fixture, pki.pki() + "/sign/" + role, pki.token(), pki.csrBody());
        return client -> fixture.http().send(request);
    }

    /** {@code pki-revoke}: 100,000 revoked rows first, then each request revokes another stored certificate. */
    static Scenario revoke() {
        return new Scenario() {
            @Override
            public String name() {
                return "pki-revoke";
            }

            @Override
            public String description() {
                return "revoke a stored certificate by serial with 100,000 already revoked (p95 should not grow "
                        + "with the count)";
            }

            @Override
            public String unsupported(Target target) {
                return seedsThroughTheDatabase(target);
            }

            @Override
            public Result run(Fixture fixture, Settings settings) throws Exception {
                PkiFixture pki = PkiFixture.of(fixture);
                byte[] template = der(pki.signStored());
                var db = fixture.target().database().orElseThrow();
                long seeding = System.nanoTime();
                pki.insertRows(db, "7e:01:", REVOKED, true, template);
                pki.insertRows(db, "7e:02:", TO_REVOKE, false, template);
                double seedSeconds = (System.nanoTime() - seeding) / 1e9;
                var next = new AtomicInteger();
                String token = pki.token();
                Operation revoke = client -> fixture.http().send(post(fixture, pki.pki() + "/revoke", token,
                        "{\"serial_number\":\"" + PkiFixture.serial("7e:02:", next.getAndIncrement()) + "\"}"));
                LoadRunner.Outcome outcome = LoadRunner.run(revoke, settings.concurrency(), settings.warmup(),
                        settings.duration());
                LoadScenario.reportFailures(name(), fixture.target().backend(), outcome.latencies());
                return Result.of(name(), fixture.target().backend(), settings.concurrency(), outcome, Map.of(
                        "already_revoked", REVOKED, "seed_s", seedSeconds,
                        "p95_ms", outcome.latencies().percentileMillis(95)));
            }
        };
    }

    /** {@code ocsp}: POST requests about one stored, good certificate of the bench root. */
    static Scenario ocsp() {
        return new LoadScenario("ocsp", "OCSP (RFC 6960, POST) about a stored certificate, answered and signed by "
                + "its issuer; no token", (fixture, settings) -> {
                    PkiFixture pki = PkiFixture.of(fixture);
                    X509Certificate leaf = certificate(pki.signStored().path("certificate").asText());
                    X509Certificate root = certificate(pki.rootPem());
                    var id = new CertificateID(new JcaDigestCalculatorProviderBuilder().build()
                            .get(CertificateID.HASH_SHA1), new JcaX509CertificateHolder(root), leaf.getSerialNumber());
                    byte[] body = new OCSPReqBuilder().addRequest(id).build().getEncoded();
                    HttpRequest request = fixture.http().request(pki.pki() + "/ocsp")
                            .header("Content-Type", "application/ocsp-request")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    return client -> fixture.http().send(request);
                });
    }

    /** {@code crl-build}: full CRL rebuilds ({@code POST …/crl/rotate}) with 100,000 revoked certificates. */
    static Scenario crlBuild() {
        return new Scenario() {
            @Override
            public String name() {
                return "crl-build";
            }

            @Override
            public String description() {
                return "build the full CRL of an issuer with 100,000 revoked certificates (POST …/pki/crl/rotate)";
            }

            @Override
            public String unsupported(Target target) {
                return seedsThroughTheDatabase(target);
            }

            @Override
            public Result run(Fixture fixture, Settings settings) throws Exception {
                PkiFixture pki = PkiFixture.of(fixture);
                byte[] template = der(pki.signStored());
                pki.insertRows(fixture.target().database().orElseThrow(), "7e:03:", REVOKED, true, template);
                String token = pki.token();
                HttpRequest rotate = post(fixture, pki.pki() + "/crl/rotate", token, "{}");
                // one build at a time: it is a background job's work, not a request load
                LoadRunner.Outcome outcome = LoadRunner.run(client -> fixture.http().send(rotate), 1,
                        settings.warmup(), settings.duration());
                LoadScenario.reportFailures(name(), fixture.target().backend(), outcome.latencies());
                JsonNode built = fixture.http().call("POST", pki.pki() + "/crl/rotate", token, "{}", 200);
                return Result.of(name(), fixture.target().backend(), 1, outcome, Map.of(
                        "revoked_in_crl", built.path(0).path("entries").asInt(),
                        "build_p50_s", outcome.latencies().percentileMillis(50) / 1000));
            }
        };
    }

    private static String seedsThroughTheDatabase(Target target) {
        return target.database().isEmpty()
                ? "it seeds 100,000 revoked certificates through the database, so it runs only on a server the "
                        + "bench starts" : null;
    }

    private static HttpRequest post(Fixture fixture, String path, String token, String json) {
        return fixture.http().request(path).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static byte[] der(JsonNode issued) throws Exception {
        return certificate(issued.path("certificate").asText()).getEncoded();
    }

    private static X509Certificate certificate(String pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}
