package dev.arca.sdk;

import static dev.arca.sdk.PkiSamples.CERT;
import static dev.arca.sdk.PkiSamples.CSR_PEM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Acme;
import dev.arca.api.Json;
import dev.arca.api.Pki;
import dev.arca.api.SecretText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requests {@link PkiOperations} sends to {@code /v1/vaults/{vault}/pki/…} and how it reads the answers. */
class PkiOperationsTest {
    private static final String PKI = "/v1/vaults/default/pki/";
    private static final String DENIED = "{\"error\":{\"code\":\"access_denied\",\"message\":\"issuer root was not "
            + "created exportable\",\"request_id\":\"req_1\"}}";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default")
            .retries(0).build();
    private final PkiOperations pki = client.pki();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    private JsonNode sent() throws IOException {
        return Json.lenient().readTree(server.last().body());
    }

    @Test
    void generateRoot_postsOnlyWhatWasSet_andReadsTheIssuer() throws IOException {
        server.on("POST " + PKI + "issuers/root", 201, PkiSamples.ISSUER);
        Pki.Issuer root = pki.generateRoot(Pki.GenerateRoot.builder("root", "Example Root").key("ec", 384)
                .ttl(Duration.ofDays(3650)).exportable(true).maxPathLength(1).build());
        assertThat(server.last().body()).isEqualTo("{\"name\":\"root\",\"common_name\":\"Example Root\","
                + "\"key_type\":\"ec\",\"key_bits\":384,\"ttl\":\"3650d\",\"max_path_length\":1,\"exportable\":true}");
        assertThat(server.last().authorization()).isEqualTo("Bearer arca_tok");
        assertThat(root.id()).isEqualTo("iss_1");
        assertThat(root.isDefault()).isTrue();
        assertThat(root.certificate()).isEqualTo(CERT);
        assertThat(root.caChain()).containsExactly(CERT);
        assertThat(root.notAfter()).isEqualTo(Instant.parse("2036-01-01T00:00:00Z"));
        assertThat(root.urls().ocspServers()).isEmpty();
    }

    @Test
    void intermediate_generateSignWithTheRoot_thenSetSigned() throws IOException {
        server.on("POST " + PKI + "issuers/intermediate", 201, "{\"issuer\":" + PkiSamples.PENDING + ",\"csr\":"
                        + PkiSamples.json(CSR_PEM) + "}")
                .on("POST " + PKI + "issuers/root/sign-intermediate", 200, PkiSamples.SIGNED)
                .on("POST " + PKI + "issuers/int/signed", 200, PkiSamples.ISSUER);
        Pki.IntermediateRequest request = pki.generateIntermediate(
                Pki.GenerateIntermediate.builder("int", "Example Intermediate").build());
        assertThat(server.last().body()).isEqualTo("{\"name\":\"int\",\"common_name\":\"Example Intermediate\"}");
        assertThat(request.issuer().state()).isEqualTo("pending");
        assertThat(request.issuer().certificate()).isNull();
        assertThat(request.csr()).isEqualTo(CSR_PEM);

        Pki.Issued signed = pki.signIntermediate("root", Pki.SignIntermediate.of(request.csr())
                .withTtl(Duration.ofDays(1825)));
        assertThat(sent().get("csr").asText()).isEqualTo(CSR_PEM);
        assertThat(sent().get("ttl").asText()).isEqualTo("1825d");
        assertThat(signed.privateKey()).isNull();

        pki.setSigned("int", signed.certificate());
        assertThat(server.last().body()).isEqualTo("{\"certificate\":" + PkiSamples.json(CERT) + "}");
    }

    @Test
    void issuers_listGetUpdateDelete_useTheirRoutes_withTheNameEncoded() throws IOException {
        server.on("POST " + PKI + "issuers/import", 201, PkiSamples.ISSUER)
                .on("GET " + PKI + "issuers", 200, PkiSamples.ISSUERS)
                .on("GET " + PKI + "issuers/iss_1", 200, PkiSamples.ISSUER)
                .on("PATCH " + PKI + "issuers/old%20root", 200, PkiSamples.ISSUER)
                .on("DELETE " + PKI + "issuers/old%20root", 204, "");
        pki.importIssuer(Pki.Import.withKey("ext", CERT, SecretText.of(PkiSamples.KEY)));
        assertThat(sent().get("private_key").asText()).isEqualTo(PkiSamples.KEY);
        assertThat(pki.listIssuers().data()).extracting(Pki.Issuer::name).containsExactly("root", "int");
        assertThat(pki.getIssuer("iss_1").kind()).isEqualTo("root");
        pki.updateIssuer("old root", Pki.UpdateIssuer.toDefault().withUrls(new Pki.Urls(null, null,
                List.of("http://127.0.0.1:8420/v1/vaults/default/pki/ocsp"))));
        assertThat(server.last().body()).isEqualTo("{\"urls\":{\"ocsp_servers\":"
                + "[\"http://127.0.0.1:8420/v1/vaults/default/pki/ocsp\"]},\"make_default\":true}");
        pki.deleteIssuer("old root");
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly(
                "POST " + PKI + "issuers/import", "GET " + PKI + "issuers", "GET " + PKI + "issuers/iss_1",
                "PATCH " + PKI + "issuers/old%20root", "DELETE " + PKI + "issuers/old%20root");
    }

    @Test
    void exportOfAKeyNotCreatedExportable_isAccessDenied_andAnExportableOneIsASecret() {
        server.once("GET " + PKI + "issuers/root/export", 403, DENIED, java.util.Map.of())
                .on("GET " + PKI + "issuers/root/export", 200, "{\"issuer\":\"iss_1\",\"private_key\":"
                        + PkiSamples.json(PkiSamples.KEY) + "}");
        assertThatThrownBy(() -> pki.exportIssuerKey("root")).isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("not created exportable");
        Pki.IssuerKey key = pki.exportIssuerKey("root");
        assertThat(key.privateKey().reveal()).isEqualTo(PkiSamples.KEY);
        assertThat(key.toString()).doesNotContain("MIGHkey");
    }

    @Test
    void roles_putTheWholeRole_andGetListDelete() throws IOException {
        server.on("PUT " + PKI + "roles/web", 200, PkiSamples.ROLE).on("GET " + PKI + "roles/web", 200, PkiSamples.ROLE)
                .on("GET " + PKI + "roles", 200, "{\"data\":[" + PkiSamples.ROLE + "],\"has_more\":false}")
                .on("DELETE " + PKI + "roles/web", 204, "");
        Pki.Role role = pki.putRole("web", Pki.RoleWrite.builder().allowedDomains(List.of("example.com"))
                .allowSubdomains(true).allowIpSans(true).maxTtl(Duration.ofDays(30)).extKeyUsage(List.of("server_auth"))
                .build());
        assertThat(server.last().body()).isEqualTo("{\"allowed_domains\":[\"example.com\"],\"allow_subdomains\":true,"
                + "\"allow_ip_sans\":true,\"max_ttl\":\"30d\",\"ext_key_usage\":[\"server_auth\"]}");
        assertThat(role.allowSubdomains()).isTrue();
        assertThat(role.maxTtl()).isEqualTo("30d");
        assertThat(pki.getRole("web").allowedDomains()).containsExactly("example.com");
        assertThat(pki.listRoles().data()).hasSize(1);
        pki.deleteRole("web");
        assertThat(server.last().route()).isEqualTo("DELETE " + PKI + "roles/web");
    }

    @Test
    void issue_sendsTheNames_andTheKeyComesBackAsASecret() {
        server.on("POST " + PKI + "issue/web", 200, PkiSamples.ISSUED);
        Pki.Issued issued = pki.issue("web", Pki.Issue.builder("www.example.com")
                .altNames(List.of("api.example.com")).ipSans(List.of("10.0.0.1")).ttl(Duration.ofHours(12)).build());
        assertThat(server.last().body()).isEqualTo("{\"common_name\":\"www.example.com\",\"alt_names\":"
                + "[\"api.example.com\"],\"ip_sans\":[\"10.0.0.1\"],\"ttl\":\"12h\"}");
        assertThat(issued.serialNumber()).isEqualTo("4b:02:ff");
        assertThat(issued.privateKey()).isNotNull();
        assertThat(SecretText.revealOrNull(issued.privateKey())).isEqualTo(PkiSamples.KEY);
        assertThat(issued.toString()).doesNotContain("MIGHkey");
        assertThat(issued.expiration()).isEqualTo(Instant.parse("2026-01-02T00:00:00Z"));
    }

    @Test
    void sign_sendsTheCsr_andANameOutsideTheRole_isAccessDeniedNamingIt() {
        server.once("POST " + PKI + "sign/web", 403, "{\"error\":{\"code\":\"access_denied\",\"message\":"
                        + "\"role web does not allow evil.test\"}}", java.util.Map.of())
                .on("POST " + PKI + "sign/web", 200, PkiSamples.SIGNED);
        assertThatThrownBy(() -> pki.sign("web", Pki.Sign.builder(CSR_PEM).build()))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("evil.test");
        Pki.Issued signed = pki.sign("web", Pki.Sign.builder(CSR_PEM).ttl(Duration.ofDays(30)).build());
        assertThat(server.last().body()).isEqualTo("{\"csr\":" + PkiSamples.json(CSR_PEM) + ",\"ttl\":\"30d\"}");
        assertThat(signed.privateKey()).isNull();
    }

    @Test
    void certificates_listWithItsQuery_andGetBySerial() {
        server.on("GET " + PKI + "certs", 200, PkiSamples.CERTIFICATES)
                .on("GET " + PKI + "certs?revoked=true&limit=10&cursor=c2", 200, PkiSamples.CERTIFICATES)
                .on("GET " + PKI + "certs/4b%3A02%3Aff", 200, PkiSamples.CERTIFICATE);
        var page = pki.listCertificates();
        assertThat(page.hasMore()).isTrue();
        assertThat(page.data().get(0).revokedAt()).isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
        pki.listCertificates(true, 10, page.cursor());
        assertThat(server.last().route()).isEqualTo("GET " + PKI + "certs?revoked=true&limit=10&cursor=c2");
        Pki.Certificate certificate = pki.getCertificate("4b:02:ff");
        assertThat(certificate.role()).isEqualTo("web");
        assertThat(certificate.revokedAt()).isNull();
        assertThatThrownBy(() -> pki.listCertificates(false, 0, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void revoke_bySerialOrByCertificate_andAnUnknownSerialIsNotFound() {
        server.on("POST " + PKI + "revoke", 200, PkiSamples.REVOKED);
        Pki.Revoked revoked = pki.revoke(Pki.Revoke.serial("4b:02:ff").withReason("key_compromise"));
        assertThat(server.last().body()).isEqualTo("{\"serial_number\":\"4b:02:ff\",\"reason\":\"key_compromise\"}");
        assertThat(revoked.revocationTime()).isEqualTo(Instant.parse("2026-01-01T12:00:00Z"));
        pki.revoke(Pki.Revoke.certificate(CERT));
        assertThat(server.last().body()).isEqualTo("{\"certificate\":" + PkiSamples.json(CERT) + "}");

        server.on("POST " + PKI + "revoke", 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no certificate "
                + "with serial 00:01\"}}");
        assertThatThrownBy(() -> pki.revoke("00:01")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("00:01");
        assertThat(server.last().body()).isEqualTo("{\"serial_number\":\"00:01\"}");
    }

    @Test
    void tidyAndCrl_configRotate() {
        server.on("POST " + PKI + "tidy", 200, "{\"certificates_removed\":3,\"revocations_removed\":1}")
                .on("GET " + PKI + "config/crl", 200, PkiSamples.CRL_CONFIG)
                .on("PUT " + PKI + "config/crl", 200, PkiSamples.CRL_CONFIG)
                .on("POST " + PKI + "crl/rotate", 200, PkiSamples.CRLS);
        assertThat(pki.tidy(Pki.Tidy.defaults()).certificatesRemoved()).isEqualTo(3);
        assertThat(server.last().body()).isEqualTo("{}");
        pki.tidy(Pki.Tidy.defaults().withSafetyBuffer(Duration.ofHours(1)));
        assertThat(server.last().body()).isEqualTo("{\"safety_buffer\":\"1h\"}");
        assertThat(pki.crlConfig().deltaInterval()).isEqualTo("15m");
        pki.updateCrlConfig(Pki.CrlConfigWrite.expiry(Duration.ofHours(36)).withDeltaInterval(Duration.ofMinutes(5)));
        assertThat(server.last().body()).isEqualTo("{\"expiry\":\"36h\",\"delta_interval\":\"5m\"}");
        List<Pki.CrlBuilt> built = pki.rotateCrl();
        assertThat(built).singleElement().satisfies(crl -> {
            assertThat(crl.number()).isEqualTo(7);
            assertThat(crl.delta()).isFalse();
            assertThat(crl.nextUpdate()).isEqualTo(Instant.parse("2026-01-04T12:00:00Z"));
        });
    }

    @Test
    void csrApprovalFlow_importApproveSign_andTheErrorsOfEachStep() throws IOException {
        server.on("POST " + PKI + "csrs", 201, PkiSamples.CSR)
                .on("GET " + PKI + "csrs?state=pending", 200, "{\"data\":[" + PkiSamples.CSR + "],\"has_more\":false}")
                .once("POST " + PKI + "csrs/csr_1/approve", 403, "{\"error\":{\"code\":\"access_denied\",\"message\":"
                        + "\"you imported csr_1: another principal must approve it (separation of duties)\"}}",
                        java.util.Map.of())
                .on("POST " + PKI + "csrs/csr_1/approve", 200, PkiSamples.APPROVED)
                .once("POST " + PKI + "csrs/csr_1/sign", 409, "{\"error\":{\"code\":\"conflict\",\"message\":"
                        + "\"csr_1 is pending, not approved\"}}", java.util.Map.of())
                .on("POST " + PKI + "csrs/csr_1/sign", 200, PkiSamples.SIGNED);
        Pki.Csr imported = pki.importCsr(new Pki.ImportCsr(CSR_PEM, "for the app"));
        assertThat(server.last().body()).isEqualTo("{\"csr\":" + PkiSamples.json(CSR_PEM)
                + ",\"comment\":\"for the app\"}");
        assertThat(imported.state()).isEqualTo("pending");
        assertThat(pki.listCsrs("pending").data()).extracting(Pki.Csr::id).containsExactly("csr_1");

        assertThatThrownBy(() -> pki.approveCsr("csr_1", Pki.Decision.because("ticket 42")))
                .isInstanceOfSatisfying(AccessDeniedException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("separation of duties");
                });
        Pki.Csr approved = pki.approveCsr("csr_1", Pki.Decision.because("ticket 42"));
        assertThat(server.last().body()).isEqualTo("{\"reason\":\"ticket 42\"}");
        assertThat(approved.decidedBy()).isEqualTo("user:bob");

        assertThatThrownBy(() -> pki.signCsr("csr_1", Pki.SignCsr.defaults())).isInstanceOf(ConflictException.class);
        pki.signCsr("csr_1", Pki.SignCsr.defaults().withIssuer("int").withTtl(Duration.ofDays(90)));
        assertThat(server.last().body()).isEqualTo("{\"issuer\":\"int\",\"ttl\":\"90d\"}");
    }

    @Test
    void csr_generateGetRejectAndKey() throws IOException {
        server.on("POST " + PKI + "csrs/generate", 201, PkiSamples.APPROVED)
                .on("GET " + PKI + "csrs/csr_1", 200, PkiSamples.CSR)
                .on("POST " + PKI + "csrs/csr_1/reject", 200, PkiSamples.CSR)
                .on("GET " + PKI + "csrs/csr_1/key", 200, "{\"id\":\"csr_1\",\"private_key\":"
                        + PkiSamples.json(PkiSamples.KEY) + "}");
        pki.generateCsr(Pki.GenerateCsr.builder("app.example.com").dnsNames(List.of("app.example.com"))
                .key("rsa", 2048).exportable(true).build());
        assertThat(server.last().body()).isEqualTo("{\"common_name\":\"app.example.com\",\"dns_names\":"
                + "[\"app.example.com\"],\"key_type\":\"rsa\",\"key_bits\":2048,\"exportable\":true}");
        assertThat(pki.getCsr("csr_1").keyBits()).isEqualTo(2048);
        pki.rejectCsr("csr_1", Pki.Decision.unexplained());
        assertThat(server.last().body()).isEqualTo("{}");
        assertThat(pki.csrKey("csr_1").privateKey().reveal()).isEqualTo(PkiSamples.KEY);
    }

    @Test
    void validate_anInvalidCertificate_isAnAnswerWithItsErrors() throws IOException {
        server.on("POST " + PKI + "validate", 200, PkiSamples.INVALID);
        Pki.Validation validation = pki.validate(Pki.Validate.builder(CERT).chain(List.of(CERT))
                .purpose("server_auth").hostname("other.example.com").build());
        assertThat(sent().get("chain")).hasSize(1);
        assertThat(sent().get("hostname").asText()).isEqualTo("other.example.com");
        assertThat(sent().has("check_revocation")).isFalse();
        assertThat(validation.valid()).isFalse();
        assertThat(validation.errors()).extracting(Pki.Problem::code).containsExactly("revoked", "name_mismatch");
    }

    @Test
    void caAndCrl_areFetchedAsTheyAreServed_pemOrDer_fullOrDelta() {
        String crl = "-----BEGIN X509 CRL-----\nMIIcrl\n-----END X509 CRL-----\n";
        server.on("GET " + PKI + "ca/pem", 200, CERT).on("GET " + PKI + "issuers/int/ca/pem", 200, CERT)
                .on("GET " + PKI + "ca", 200, "DER").on("GET " + PKI + "issuers/int/ca_chain", 200, CERT + CERT)
                .on("GET " + PKI + "crl", 200, "0\u0001crl").on("GET " + PKI + "crl/delta/pem", 200, crl)
                .on("GET " + PKI + "issuers/int/crl/delta", 200, "0\u0001delta");
        assertThat(pki.caPem(null)).isEqualTo(CERT);
        assertThat(server.last().header("accept")).isEqualTo("application/x-pem-file");
        assertThat(pki.caPem("int")).isEqualTo(CERT);
        assertThat(pki.caDer(null)).isEqualTo("DER".getBytes(StandardCharsets.US_ASCII));
        assertThat(server.last().header("accept")).isEqualTo("application/pkix-cert");
        assertThat(pki.caChainPem("int")).isEqualTo(CERT + CERT);
        assertThat(pki.crlDer(null, false)).isEqualTo("0\u0001crl".getBytes(StandardCharsets.US_ASCII));
        assertThat(server.last().header("accept")).isEqualTo("application/pkix-crl");
        assertThat(pki.crlPem(null, true)).isEqualTo(crl);
        assertThat(pki.crlDer("int", true)).isEqualTo("0\u0001delta".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aCrlNotBuiltYet_isNotFound_likeAnyAnswerOfTheServer() {
        server.on("GET " + PKI + "crl", 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no CRL built yet for "
                + "issuer root\"}}");
        assertThatThrownBy(() -> pki.crlDer(null, false)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining("no CRL built yet");
    }

    @Test
    void withVault_andWithout_one() {
        server.on("GET /v1/vaults/other/pki/issuers", 200, PkiSamples.ISSUERS);
        pki.withVault("other").listIssuers();
        assertThat(server.last().route()).isEqualTo("GET /v1/vaults/other/pki/issuers");
        try (var noVault = ArcaClient.builder().address(server.address()).token("t").retries(0).build()) {
            assertThatThrownBy(() -> noVault.pki().listIssuers()).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("no vault chosen");
        }
        assertThatThrownBy(() -> pki.getIssuer("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("issuer must be given");
    }

    @Test
    void async_sendsTheSameRequests_andFailsTheFutureWithTheSameException() {
        server.on("POST " + PKI + "issue/web", 200, PkiSamples.ISSUED).on("GET " + PKI + "crl/pem", 200, "PEM")
                .on("POST " + PKI + "csrs/csr_1/sign", 409, "{\"error\":{\"code\":\"conflict\",\"message\":\"csr_1 "
                        + "is rejected\"}}");
        AsyncPkiOperations async = client.async().pki();
        assertThat(async.issue("web", Pki.Issue.builder("www.example.com").build()).join().serialNumber())
                .isEqualTo("4b:02:ff");
        assertThat(server.last().body()).isEqualTo("{\"common_name\":\"www.example.com\"}");
        assertThat(async.crlPem(null, false).join()).isEqualTo("PEM");
        assertThat(server.last().header("accept")).isEqualTo("application/x-pem-file");
        assertThatThrownBy(() -> async.signCsr("csr_1", Pki.SignCsr.defaults()).join()).cause()
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void acmeServer_configuredWithOnlyWhatIsGiven_andItsDirectoryRead() {
        server.on("GET " + PKI + "config/acme", 200, AcmeSamples.CONFIG_DISABLED)
                .on("PUT " + PKI + "config/acme", 200, AcmeSamples.config(true, Acme.EAB_ALWAYS_REQUIRED, "web"));
        assertThat(pki.acmeConfig().enabled()).isFalse();
        Acme.ServerConfig enabled = pki.configureAcme(Acme.ServerConfigWrite.enable()
                .withEabPolicy(Acme.EAB_ALWAYS_REQUIRED).withDefaultRole("web").withMaxTtl("30d"));
        assertThat(server.last().body()).isEqualTo("{\"enabled\":true,\"eab_policy\":\"always-required\","
                + "\"default_role\":\"web\",\"max_ttl\":\"30d\"}");
        assertThat(enabled.directory()).isEqualTo(AcmeSamples.DIRECTORY);
        assertThat(enabled.defaultRole()).isEqualTo("web");
        pki.configureAcme(Acme.ServerConfigWrite.disable());
        assertThat(server.last().body()).isEqualTo("{\"enabled\":false}");
    }

    @Test
    void eabKeys_createdWithTheKeyShownOnce_listedWithout_deletedById() {
        server.on("POST " + PKI + "eab", 201, AcmeSamples.EAB_CREATED).on("GET " + PKI + "eab", 200,
                AcmeSamples.EAB_KEYS).on("DELETE " + PKI + "eab/eab_2", 204, "");
        Acme.EabKey created = pki.createEabKey("web-1");
        assertThat(server.last().body()).isEqualTo("{\"comment\":\"web-1\"}");
        assertThat(created.key().reveal()).isEqualTo("c2VjcmV0LWhtYWMta2V5LWJ5dGVz");
        assertThat(created.toString()).doesNotContain("c2VjcmV0LWhtYWMta2V5LWJ5dGVz");
        pki.createEabKey(null);
        assertThat(server.last().body()).isEqualTo("{}");
        var keys = pki.eabKeys().data();
        assertThat(keys).extracting(Acme.EabKey::id).containsExactly("eab_1", "eab_2");
        assertThat(keys).allSatisfy(key -> assertThat(key.key()).isNull());
        assertThat(keys.get(1).accountId()).isEqualTo("acct_7");
        pki.deleteEabKey("eab_2");
        assertThat(server.last().route()).isEqualTo("DELETE " + PKI + "eab/eab_2");
        assertThatThrownBy(() -> pki.deleteEabKey("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void asyncAcmeServer_sendsTheSameRequests() {
        server.on("PUT " + PKI + "config/acme", 200, AcmeSamples.CONFIG_ENABLED)
                .on("POST " + PKI + "eab", 201, AcmeSamples.EAB_CREATED)
                .on("DELETE " + PKI + "eab/eab_1", 204, "");
        AsyncPkiOperations async = client.async().pki();
        assertThat(async.configureAcme(Acme.ServerConfigWrite.enable()).join().enabled()).isTrue();
        assertThat(async.createEabKey("web-1").join().id()).isEqualTo("eab_1");
        async.deleteEabKey("eab_1").join();
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly(
                "PUT " + PKI + "config/acme", "POST " + PKI + "eab", "DELETE " + PKI + "eab/eab_1");
    }
}
