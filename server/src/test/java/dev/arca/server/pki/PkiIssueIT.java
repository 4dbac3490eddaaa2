package dev.arca.server.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import dev.arca.server.TestServer;
import dev.arca.server.storage.Database;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Roles, issue and sign over HTTP against a root and an intermediate made in the vault, every certificate checked
 * by the real {@code openssl}: the chain verifies, the names and usages are the role's, a CSR made by
 * {@code openssl req} is signed, and every refusal is the documented status naming what was refused, storing
 * nothing.
 */
class PkiIssueIT {
    private static final String PKI = "/v1/vaults/default/pki";
    private static final ObjectMapper JSON = Json.lenient();
    private static final String WEB_ROLE = "{\"issuer\":\"int\",\"allowed_domains\":[\"example.com\"],"
            + "\"allow_subdomains\":true,\"ext_key_usage\":[\"server_auth\",\"client_auth\"]}";

    @TempDir
    Path dir;
    TestServer server;
    Path root;
    Path intermediate;

    @BeforeEach
    void start() throws IOException {
        server = TestServer.start(dir).initAndUnseal();
        JsonNode rootIssuer = expect(201, server.root("POST", PKI + "/issuers/root",
                "{\"name\":\"root\",\"common_name\":\"Arca Test Root\"}")).json();
        root = write("root.pem", rootIssuer.path("certificate").asText());
        JsonNode pending = expect(201, server.root("POST", PKI + "/issuers/intermediate",
                "{\"name\":\"int\",\"common_name\":\"Arca Test Intermediate\"}")).json();
        JsonNode signed = expect(200, server.root("POST", PKI + "/issuers/root/sign-intermediate",
                json(Map.of("csr", pending.path("csr").asText())))).json();
        expect(200, server.root("POST", PKI + "/issuers/int/signed",
                json(Map.of("certificate", signed.path("certificate").asText()))));
        intermediate = write("intermediate.pem", signed.path("certificate").asText());
        expect(200, server.root("PUT", PKI + "/roles/web", WEB_ROLE));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void issuedLeaf_verifiesThroughTheIntermediate_withTheRoleNamesAndUsages() throws IOException {
        JsonNode issued = expect(200, server.root("POST", PKI + "/issue/web",
                "{\"common_name\":\"www.example.com\",\"alt_names\":[\"api.example.com\"]}")).json();
        Path leaf = write("leaf.pem", issued.path("certificate").asText());
        assertThat(openssl("verify", "-CAfile", root.toString(), "-untrusted", intermediate.toString(),
                leaf.toString())).contains("leaf.pem: OK");
        String text = openssl("x509", "-in", leaf.toString(), "-noout", "-text");
        assertThat(text).contains("DNS:www.example.com, DNS:api.example.com")
                .contains("TLS Web Server Authentication, TLS Web Client Authentication")
                .contains("Subject: CN = www.example.com").contains("Issuer: CN = Arca Test Intermediate")
                .contains("CA:FALSE").contains("Digital Signature").doesNotContain("Key Encipherment");
        assertThat(issued.path("issuing_ca").asText()).isEqualTo(Files.readString(intermediate));
        assertThat(issued.path("ca_chain")).hasSize(2);
        assertThat(issued.path("ca_chain").get(1).asText()).isEqualTo(Files.readString(root));
        assertThat(issued.path("private_key_type").asText()).isEqualTo("ec");
        assertThat(issued.path("lease_id").isMissingNode()).isTrue();
        String serial = issued.path("serial_number").asText();
        assertThat(openssl("x509", "-in", leaf.toString(), "-noout", "-serial").strip())
                .isEqualToIgnoringCase("serial=" + serial.replace(":", ""));
        Instant expiration = Instant.parse(issued.path("expiration").asText());
        assertThat(Duration.between(Instant.now(), expiration)).isBetween(Duration.ofHours(23), Duration.ofHours(24));
        Path key = write("leaf.key", issued.path("private_key").asText());
        assertThat(openssl("pkey", "-in", key.toString(), "-pubout"))
                .isEqualTo(openssl("x509", "-in", leaf.toString(), "-noout", "-pubkey"));
        assertThat(certificates()).isEqualTo(2); // the intermediate's and the leaf's
        assertThat(Files.readString(server.config().auditFile())).contains(serial)
                .doesNotContain(pemBody(issued.path("private_key").asText()));
    }

    @Test
    void csrMadeByOpenssl_isSigned_keyNeverAnswered() throws IOException {
        Path csr = csr("req.pem", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "/CN=svc.example.com",
                "DNS:svc.example.com,DNS:alt.example.com");
        var response = expect(200, server.root("POST", PKI + "/sign/web", json(Map.of("csr", Files.readString(csr)))));
        JsonNode signed = response.json();
        assertThat(signed.has("private_key")).isFalse();
        Path leaf = write("signed.pem", signed.path("certificate").asText());
        assertThat(openssl("verify", "-CAfile", root.toString(), "-untrusted", intermediate.toString(),
                leaf.toString())).contains("signed.pem: OK");
        assertThat(openssl("x509", "-in", leaf.toString(), "-noout", "-text"))
                .contains("DNS:svc.example.com, DNS:alt.example.com").contains("Subject: CN = svc.example.com");
        assertThat(openssl("x509", "-in", leaf.toString(), "-noout", "-pubkey"))
                .isEqualTo(openssl("pkey", "-in", dir.resolve("req.pem.key").toString(), "-pubout"));
    }

    @Test
    void generateLease_issuesOnALease_whoseEndRevokesTheCertificate() throws Exception {
        expect(200, server.root("PUT", PKI + "/roles/leased", WEB_ROLE.replace("}", ",\"generate_lease\":true}")));
        JsonNode issued = expect(200, server.root("POST", PKI + "/issue/leased",
                "{\"common_name\":\"leased.example.com\",\"ttl\":\"1h\"}")).json();
        String leaseId = issued.path("lease_id").asText();
        assertThat(leaseId).startsWith("lease_");
        JsonNode lease = expect(200, server.root("GET", "/v1/leases/" + leaseId, null)).json();
        assertThat(lease.path("kind").asText()).isEqualTo("pki");
        assertThat(lease.path("path").asText()).isEqualTo("pki/issue/leased");
        assertThat(Instant.parse(lease.path("max_expires_at").asText())).as("the lease ends with the certificate")
                .isBetween(Instant.parse(issued.path("expiration").asText()).minusSeconds(1),
                        Instant.parse(issued.path("expiration").asText()).plusSeconds(1));
        String serial = issued.path("serial_number").asText();
        assertThat(expect(200, server.root("GET", PKI + "/certs/" + serial, null)).json().path("revoked_at")
                .isTextual()).as("not revoked while its lease lives").isFalse();

        expect(204, server.root("POST", "/v1/leases/release", "{\"lease_id\":\"" + leaseId + "\"}"));
        JsonNode revoked = expect(200, server.root("GET", PKI + "/certs/" + serial, null)).json();
        assertThat(revoked.path("revocation_reason").asText()).isEqualTo("cessation_of_operation");
        assertError(400, "generate_lease", server.root("PUT", PKI + "/roles/bad",
                "{\"generate_lease\":true,\"no_store\":true}"));
    }

    @Test
    void formats_derAndPemBundle() throws IOException {
        JsonNode der = expect(200, server.root("POST", PKI + "/issue/web",
                "{\"common_name\":\"der.example.com\",\"format\":\"der\"}")).json();
        Path derFile = dir.resolve("leaf.der");
        Files.write(derFile, Base64.getDecoder().decode(der.path("certificate").asText()));
        assertThat(openssl("x509", "-inform", "DER", "-in", derFile.toString(), "-noout", "-subject"))
                .contains("CN = der.example.com");
        assertThat(Base64.getDecoder().decode(der.path("private_key").asText())).isNotEmpty();
        assertThat(der.path("issuing_ca").asText()).doesNotContain("BEGIN");

        JsonNode bundle = expect(200, server.root("POST", PKI + "/issue/web",
                "{\"common_name\":\"bundle.example.com\",\"format\":\"pem_bundle\"}")).json();
        String text = bundle.path("certificate").asText();
        assertThat(text.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(4); // leaf, intermediate, root
        assertThat(text).contains("-----BEGIN PRIVATE KEY-----");
        assertThat(text.indexOf("PRIVATE KEY")).isGreaterThan(text.indexOf("END CERTIFICATE"));
        assertError(400, "format", server.root("POST", PKI + "/issue/web",
                "{\"common_name\":\"www.example.com\",\"format\":\"p12\"}"));
    }

    @Test
    void roles_putReadListDelete() {
        JsonNode role = expect(200, server.root("PUT", PKI + "/roles/plain", "{}")).json();
        assertThat(role.path("name").asText()).isEqualTo("plain");
        assertThat(role.path("key_type").asText()).isEqualTo("ec");
        assertThat(role.path("max_ttl").asText()).isEqualTo("30d");
        assertThat(role.path("allow_wildcard_certificates").asBoolean()).isTrue();
        assertThat(server.root("GET", PKI + "/roles/plain", null).json()).isEqualTo(role);
        JsonNode replaced = expect(200, server.root("PUT", PKI + "/roles/plain", "{\"key_type\":\"rsa\"}")).json();
        assertThat(replaced.path("key_bits").asInt()).isEqualTo(2048);
        assertThat(server.root("GET", PKI + "/roles", null).json().findValuesAsText("name"))
                .containsExactly("plain", "web");
        assertThat(server.root("DELETE", PKI + "/roles/plain", null).status()).isEqualTo(204);
        assertThat(server.root("GET", PKI + "/roles/plain", null).status()).isEqualTo(404);
        assertThat(server.root("DELETE", PKI + "/roles/plain", null).status()).isEqualTo(404);
    }

    @Test
    void roleWrites_refuseBadFieldsAndUnknownIssuers() {
        assertError(400, "issuer", server.root("PUT", PKI + "/roles/r", "{\"issuer\":\"nope\"}"));
        assertError(400, "max_ttl", server.root("PUT", PKI + "/roles/r", "{\"ttl\":\"2d\",\"max_ttl\":\"1d\"}"));
        assertError(400, "key_usage", server.root("PUT", PKI + "/roles/r", "{\"key_usage\":[\"everything\"]}"));
        assertError(400, "allowed_domains", server.root("PUT", PKI + "/roles/r",
                "{\"allowed_domains\":[\"*.example.com\"]}"));
        assertThat(server.root("GET", PKI + "/roles/r", null).status()).isEqualTo(404);
    }

    @Test
    void refusals_nameWhatWasRefused_andStoreNothing() throws IOException {
        long before = certificates();
        var outside = server.root("POST", PKI + "/issue/web", "{\"common_name\":\"www.evil.org\"}");
        assertThat(outside.status()).isEqualTo(403);
        assertThat(message(outside)).contains("'www.evil.org'");
        var outsideAlt = server.root("POST", PKI + "/issue/web",
                "{\"common_name\":\"www.example.com\",\"alt_names\":[\"db.internal\"]}");
        assertThat(outsideAlt.status()).isEqualTo(403);
        assertThat(message(outsideAlt)).contains("'db.internal'");
        var ip = server.root("POST", PKI + "/issue/web", "{\"common_name\":\"www.example.com\",\"ip_sans\":[\"10.0.0.7\"]}");
        assertThat(ip.status()).isEqualTo(403);
        assertThat(message(ip)).contains("'10.0.0.7'").contains("allow_ip_sans");
        expect(200, server.root("PUT", PKI + "/roles/nowild", "{\"issuer\":\"int\",\"allowed_domains\":"
                + "[\"example.com\"],\"allow_subdomains\":true,\"allow_wildcard_certificates\":false}"));
        var wildcard = server.root("POST", PKI + "/issue/nowild", "{\"common_name\":\"*.example.com\"}");
        assertThat(wildcard.status()).isEqualTo(403);
        assertThat(message(wildcard)).contains("'*.example.com'").contains("allow_wildcard_certificates");
        assertError(400, "ttl", server.root("POST", PKI + "/issue/web",
                "{\"common_name\":\"www.example.com\",\"ttl\":\"31d\"}"));
        assertThat(server.root("POST", PKI + "/issue/nope", "{\"common_name\":\"www.example.com\"}").status())
                .isEqualTo(404);
        Path csr = csr("evil.pem", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "/CN=svc.example.com",
                "DNS:svc.example.com,DNS:evil.org");
        var csrOutside = server.root("POST", PKI + "/sign/web", json(Map.of("csr", Files.readString(csr))));
        assertThat(csrOutside.status()).isEqualTo(403);
        assertThat(message(csrOutside)).contains("'evil.org'");
        assertThat(server.root("POST", PKI + "/sign/nope", json(Map.of("csr", Files.readString(csr)))).status())
                .isEqualTo(404);
        assertThat(certificates()).isEqualTo(before);
    }

    @Test
    void badCsrs_are400SayingWhich() throws IOException {
        long before = certificates();
        assertError(400, "csr", server.root("POST", PKI + "/sign/web", json(Map.of("csr", "not a CSR"))));
        assertError(400, "csr", server.root("POST", PKI + "/sign/web", json(Map.of("csr",
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAAAAAA\n-----END CERTIFICATE REQUEST-----\n"))));

        Path good = csr("good.pem", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "/CN=svc.example.com",
                "DNS:svc.example.com");
        var tampered = server.root("POST", PKI + "/sign/web", json(Map.of("csr", flipLastByte(Files.readString(good)))));
        assertError(400, "csr", tampered);
        assertThat(message(tampered)).contains("signature does not verify");

        Path weak = csr("weak.pem", "rsa:1024", null, null, "/CN=svc.example.com", "DNS:svc.example.com");
        expect(200, server.root("PUT", PKI + "/roles/anykey", "{\"issuer\":\"int\",\"key_type\":\"any\","
                + "\"allowed_domains\":[\"example.com\"],\"allow_subdomains\":true}"));
        var rsa1024 = server.root("POST", PKI + "/sign/anykey", json(Map.of("csr", Files.readString(weak))));
        assertError(400, "csr", rsa1024);
        assertThat(message(rsa1024)).contains("1024").contains("2048");

        Path rsa = csr("rsa.pem", "rsa:2048", null, null, "/CN=svc.example.com", "DNS:svc.example.com");
        var wrongType = server.root("POST", PKI + "/sign/web", json(Map.of("csr", Files.readString(rsa))));
        assertError(400, "csr", wrongType);
        assertThat(message(wrongType)).contains("ec");
        assertThat(certificates()).isEqualTo(before);
        expect(200, server.root("POST", PKI + "/sign/anykey", json(Map.of("csr", Files.readString(rsa)))));
    }

    @Test
    void ttlPastTheIssuer_isRefusedOrClampedByTheIssuersSetting() throws IOException {
        expect(201, server.root("POST", PKI + "/issuers/root", "{\"name\":\"short\",\"common_name\":\"Short Root\","
                + "\"ttl\":\"2h\"}"));
        expect(200, server.root("PUT", PKI + "/roles/short", "{\"issuer\":\"short\",\"allowed_domains\":"
                + "[\"example.com\"],\"allow_subdomains\":true}"));
        long before = certificates();
        var refused = server.root("POST", PKI + "/issue/short", "{\"common_name\":\"www.example.com\"}");
        assertError(400, "ttl", refused);
        assertThat(message(refused)).contains("truncate");
        assertThat(certificates()).isEqualTo(before);

        JsonNode issuer = expect(200, server.root("PATCH", PKI + "/issuers/short",
                "{\"leaf_not_after_behavior\":\"truncate\"}")).json();
        JsonNode clamped = expect(200, server.root("POST", PKI + "/issue/short",
                "{\"common_name\":\"www.example.com\"}")).json();
        assertThat(Instant.parse(clamped.path("expiration").asText()))
                .isEqualTo(Instant.parse(issuer.path("not_after").asText()));
        JsonNode within = expect(200, server.root("POST", PKI + "/issue/short",
                "{\"common_name\":\"www.example.com\",\"ttl\":\"1h\"}")).json();
        assertThat(Instant.parse(within.path("expiration").asText()))
                .isBefore(Instant.parse(issuer.path("not_after").asText()));
    }

    @Test
    void noStoreRole_issuesWithoutARecord() {
        expect(200, server.root("PUT", PKI + "/roles/ephemeral", "{\"issuer\":\"int\",\"allowed_domains\":"
                + "[\"example.com\"],\"allow_subdomains\":true,\"no_store\":true}"));
        long before = certificates();
        expect(200, server.root("POST", PKI + "/issue/ephemeral", "{\"common_name\":\"www.example.com\"}"));
        assertThat(certificates()).isEqualTo(before);
        expect(200, server.root("POST", PKI + "/issue/web", "{\"common_name\":\"www.example.com\"}"));
        assertThat(certificates()).isEqualTo(before + 1);
    }

    @Test
    void rsa3072AndEd25519Issuers_signLeavesOpensslVerifies() throws IOException {
        for (String kind : List.of("rsa", "ed25519")) {
            String key = kind.equals("rsa") ? "\"key_type\":\"rsa\",\"key_bits\":3072" : "\"key_type\":\"ed25519\"";
            JsonNode ca = expect(201, server.root("POST", PKI + "/issuers/root", "{\"name\":\"" + kind
                    + "-root\",\"common_name\":\"Arca " + kind + " Root\"," + key + "}")).json();
            Path caFile = write(kind + "-root.pem", ca.path("certificate").asText());
            assertThat(openssl("x509", "-in", caFile.toString(), "-noout", "-text"))
                    .contains(kind.equals("rsa") ? "Public-Key: (3072 bit)" : "ED25519");
            expect(200, server.root("PUT", PKI + "/roles/" + kind, "{\"issuer\":\"" + kind + "-root\","
                    + "\"allowed_domains\":[\"example.com\"],\"allow_subdomains\":true," + key + "}"));
            JsonNode issued = expect(200, server.root("POST", PKI + "/issue/" + kind,
                    "{\"common_name\":\"" + kind + ".example.com\"}")).json();
            assertThat(issued.path("private_key_type").asText()).isEqualTo(kind);
            Path leaf = write(kind + "-leaf.pem", issued.path("certificate").asText());
            assertThat(openssl("verify", "-CAfile", caFile.toString(), leaf.toString()))
                    .contains(kind + "-leaf.pem: OK");
            String text = openssl("x509", "-in", leaf.toString(), "-noout", "-text");
            assertThat(text).contains("DNS:" + kind + ".example.com");
            if (kind.equals("rsa")) {
                assertThat(text).contains("Key Encipherment");
            }
        }
    }

    // --- helpers

    private long certificates() {
        try (Database db = Database.open(server.config().storage())) {
            return db.read(h -> h.createQuery("SELECT COUNT(*) FROM pki_certificates").mapTo(Long.class).one());
        }
    }

    /** A CSR made by {@code openssl req}; its key is written beside it ({@code name.key}). */
    private Path csr(String name, String newKey, String option, String value, String subject, String sans)
            throws IOException {
        Path out = dir.resolve(name);
        var command = new ArrayList<>(List.of("req", "-new", "-newkey", newKey));
        if (option != null) {
            command.addAll(List.of(option, value));
        }
        command.addAll(List.of("-nodes", "-keyout", out + ".key", "-out", out.toString(), "-subj", subject,
                "-addext", "subjectAltName=" + sans));
        openssl(command.toArray(String[]::new));
        return out;
    }

    /** The CSR with the last byte of its DER (inside the signature) changed: well formed, no longer signed. */
    private static String flipLastByte(String pem) {
        String body = pemBody(pem);
        byte[] der = Base64.getDecoder().decode(body);
        der[der.length - 1] ^= 0x01;
        return "-----BEGIN CERTIFICATE REQUEST-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END CERTIFICATE REQUEST-----\n";
    }

    private static String pemBody(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }

    private String openssl(String... args) {
        OpenSsl.Run run = new OpenSsl(dir).run(args);
        assertThat(run.exitCode()).as("openssl %s: %s", String.join(" ", args), run.output()).isZero();
        return run.output();
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static String json(Map<String, String> fields) {
        try {
            return JSON.writeValueAsString(new LinkedHashMap<>(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String message(TestServer.Response response) {
        return response.json().path("error").path("message").asText();
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }

    private static void assertError(int status, String field, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo(field);
    }
}
