package dev.arca.server.pki;

import static dev.arca.server.pki.CsrTestTools.PKI;
import static dev.arca.server.pki.CsrTestTools.expect;
import static dev.arca.server.pki.CsrTestTools.json;
import static dev.arca.server.pki.CsrTestTools.ok;
import static dev.arca.server.pki.CsrTestTools.quoted;
import static dev.arca.server.pki.CsrTestTools.read;
import static dev.arca.server.pki.CsrTestTools.rule;
import static dev.arca.server.pki.CsrTestTools.token;
import static dev.arca.server.pki.CsrTestTools.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestClock;
import dev.arca.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST …/pki/validate} over HTTP: certificates signed through the CSR routes, and an outside CA made by
 * openssl, with its CRL made by {@code openssl ca}. The server tells time by a {@link TestClock}.
 */
class PkiValidateIT {
    @TempDir
    Path dir;
    TestServer server;
    TestClock clock;
    String rootPem;

    @BeforeEach
    void start() {
        clock = new TestClock(Instant.now());
        server = TestServer.start(dir.resolve("server"), Map.of(), clock).initAndUnseal();
        rootPem = CsrTestTools.root(server, "root", "");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aCertificateOfTheVault_isValid_withItsChainOrWithout() {
        JsonNode leaf = leaf("app.example.com", "{}");
        JsonNode valid = validate(leaf.path("certificate").asText(), leaf.path("ca_chain"),
                ",\"purpose\":\"server_auth\",\"hostname\":\"APP.example.com.\"");
        assertThat(valid.path("errors")).isEmpty();
        assertThat(valid.path("valid").asBoolean()).isTrue();
        assertThat(valid.path("subject").asText()).isEqualTo("CN=app.example.com");
        assertThat(valid.path("issuer").asText()).isEqualTo("CN=root Root");
        assertThat(valid.path("serial_number").asText()).isEqualTo(leaf.path("serial_number").asText());
        assertThat(valid.path("not_after").asText()).isNotEmpty();
        assertValid(validate(leaf.path("certificate").asText(), null, ""));

        // through an intermediate of the vault, the chain found from the vault's issuers
        JsonNode intermediate = json(201, server.root("POST", PKI + "/issuers/intermediate",
                "{\"name\":\"int\",\"common_name\":\"Int CA\"}"));
        JsonNode signed = json(200, server.root("POST", PKI + "/issuers/root/sign-intermediate", "{\"csr\":"
                + quoted(intermediate.path("csr").asText()) + "}"));
        json(200, server.root("POST", PKI + "/issuers/int/signed", "{\"certificate\":"
                + quoted(signed.path("certificate").asText()) + "}"));
        JsonNode below = leaf("deep.example.com", "{\"issuer\":\"int\"}");
        assertThat(below.path("ca_chain")).hasSize(2);
        assertValid(validate(below.path("certificate").asText(), null, ",\"hostname\":\"deep.example.com\""));
        assertValid(validate(below.path("certificate").asText(), below.path("ca_chain"), ""));
    }

    @Test
    void anExpiredCertificate_isExpired_sayingWhenAndToRenewIt() {
        JsonNode leaf = leaf("short.example.com", "{\"ttl\":\"1h\"}");
        assertValid(validate(leaf.path("certificate").asText(), null, ""));
        clock.advance(Duration.ofHours(2));
        JsonNode expired = validate(leaf.path("certificate").asText(), leaf.path("ca_chain"),
                ",\"hostname\":\"short.example.com\"");
        assertThat(expired.path("valid").asBoolean()).isFalse();
        assertThat(codes(expired)).containsExactly("expired");
        assertThat(expired.path("errors").get(0).path("message").asText()).startsWith("expired on ")
                .contains(leaf.path("expiration").asText().substring(0, 16)).endsWith("renew it");
    }

    @Test
    void theWrongPurpose_isAKeyUsageProblem() {
        JsonNode client = leaf("client.example.com", "{\"ext_key_usage\":[\"client_auth\"]}");
        JsonNode asServer = validate(client.path("certificate").asText(), null, ",\"purpose\":\"server_auth\"");
        assertThat(codes(asServer)).containsExactly("key_usage");
        assertThat(asServer.path("errors").get(0).path("message").asText()).contains("server_auth");
        assertValid(validate(client.path("certificate").asText(), null, ",\"purpose\":\"client_auth\""));
        assertValid(validate(client.path("certificate").asText(), null, ",\"purpose\":\"any\""));
        assertThat(codes(validate(client.path("certificate").asText(), null, ",\"purpose\":\"code_signing\"")))
                .containsExactly("key_usage");
    }

    @Test
    void anotherHostName_isANameMismatch_wildcardsMatchingOneLabel() {
        JsonNode leaf = leaf("web.example.com", "{}");
        JsonNode other = validate(leaf.path("certificate").asText(), null, ",\"hostname\":\"db.example.com\"");
        assertThat(codes(other)).containsExactly("name_mismatch");
        assertThat(other.path("errors").get(0).path("message").asText()).contains("web.example.com")
                .contains("db.example.com");

        JsonNode csr = json(201, server.root("POST", PKI + "/csrs/generate", "{\"common_name\":\"Apps\","
                + "\"dns_names\":[\"*.apps.example.com\"],\"ip_addresses\":[\"192.0.2.7\"]}"));
        String wildcard = json(200, server.root("POST", PKI + "/csrs/" + csr.path("id").asText() + "/sign", "{}"))
                .path("certificate").asText();
        assertValid(validate(wildcard, null, ",\"hostname\":\"a.apps.example.com\""));
        assertValid(validate(wildcard, null, ",\"hostname\":\"192.0.2.7\""));
        assertThat(codes(validate(wildcard, null, ",\"hostname\":\"a.b.apps.example.com\"")))
                .containsExactly("name_mismatch");
        assertThat(codes(validate(wildcard, null, ",\"hostname\":\"apps.example.com\"")))
                .containsExactly("name_mismatch");
        assertThat(codes(validate(wildcard, null, ",\"hostname\":\"192.0.2.8\""))).containsExactly("name_mismatch");
    }

    @Test
    void anOutsideCa_isUntrustedUntilImported_thenItsOpensslCrlDecidesRevocation() throws Exception {
        Path ca = Files.createDirectories(dir.resolve("outside"));
        ok(ca, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "root.key",
                "-out", "root.pem", "-days", "30", "-subj", "/CN=Outside Root",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        String leaf = outsideLeaf(ca, "root", "out");
        String outsideRoot = read(ca.resolve("root.pem"));
        clock.advance(Duration.ofMinutes(5)); // openssl dates its certificates from the real time, after the clock's
        JsonNode chainOfOutside = new com.fasterxml.jackson.databind.ObjectMapper().readTree("[" + quoted(outsideRoot)
                + "]");

        JsonNode untrusted = validate(leaf, chainOfOutside, "");
        assertThat(codes(untrusted)).containsExactly("untrusted");
        assertThat(untrusted.path("errors").get(0).path("message").asText()).contains("CN=Outside Root")
                .contains("not an issuer of this vault");
        JsonNode noChain = validate(leaf, null, "");
        assertThat(codes(noChain)).containsExactly("untrusted");
        assertThat(noChain.path("errors").get(0).path("message").asText()).contains("pass its chain");

        json(201, server.root("POST", PKI + "/issuers/import", "{\"name\":\"outside\",\"certificate\":"
                + quoted(outsideRoot) + "}"));
        JsonNode unknown = validate(leaf, null, "");
        assertThat(codes(unknown)).containsExactly("revocation_unknown");
        assertValid(validate(leaf, null, ",\"check_revocation\":false,\"hostname\":\"out.example.com\","
                + "\"purpose\":\"server_auth\""));

        Files.writeString(ca.resolve("index.txt"), "");
        Files.writeString(ca.resolve("crlnumber"), "01\n");
        Files.writeString(ca.resolve("ca.cnf"), "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\n"
                + "crlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 7\n");
        ok(ca, "ca", "-config", "ca.cnf", "-keyfile", "root.key", "-cert", "root.pem", "-gencrl", "-out", "empty.crl");
        assertValid(validate(leaf, null, ",\"crl\":" + quoted(read(ca.resolve("empty.crl")))));
        ok(ca, "ca", "-config", "ca.cnf", "-keyfile", "root.key", "-cert", "root.pem", "-revoke", "out.pem",
                "-crl_reason", "keyCompromise");
        ok(ca, "ca", "-config", "ca.cnf", "-keyfile", "root.key", "-cert", "root.pem", "-gencrl", "-out", "now.crl");
        JsonNode revoked = validate(leaf, null, ",\"crl\":" + quoted(read(ca.resolve("now.crl"))));
        assertThat(codes(revoked)).containsExactly("revoked");
        assertThat(revoked.path("errors").get(0).path("message").asText()).contains("key_compromise")
                .contains("CRL given");
        expect(400, server.root("POST", PKI + "/validate", "{\"certificate\":" + quoted(leaf)
                + ",\"crl\":\"not a crl\"}"));

        // a certificate naming the vault's root as its issuer, signed by another key of the same name
        ok(ca, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "fake.key", "-out", "fake.pem", "-days", "30", "-subj", "/CN=root Root",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        clock.advance(Duration.ofMinutes(5));
        JsonNode forged = validate(outsideLeaf(ca, "fake", "forged"), null, "");
        assertThat(codes(forged)).containsExactly("bad_signature");
    }

    @Test
    void aCertificateRevokedInTheVault_isRevoked() throws Exception {
        JsonNode leaf = leaf("gone.example.com", "{}");
        assertValid(validate(leaf.path("certificate").asText(), null, ""));
        // the revocation routes are another part of the engine: the row is marked as revoking it would
        try (var db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("server/data/arca.db"));
                var update = db.prepareStatement("UPDATE pki_certificates SET revoked_at = ?, revocation_reason = 1 "
                        + "WHERE serial = ?")) {
            db.createStatement().execute("PRAGMA busy_timeout = 10000");
            update.setLong(1, clock.instant().toEpochMilli());
            update.setString(2, leaf.path("serial_number").asText());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        JsonNode revoked = validate(leaf.path("certificate").asText(), null, "");
        assertThat(codes(revoked)).containsExactly("revoked");
        assertThat(revoked.path("errors").get(0).path("message").asText()).contains("issuer root")
                .endsWith("replace it");
        assertValid(validate(leaf.path("certificate").asText(), null, ",\"check_revocation\":false"));
    }

    @Test
    void aNameOutsideTheRootsPermittedDomains_breaksItsNameConstraints() {
        CsrTestTools.root(server, "corp", ",\"permitted_dns_domains\":[\"example.com\"]");
        JsonNode inside = leaf("a.example.com", "{\"issuer\":\"corp\"}");
        assertValid(validate(inside.path("certificate").asText(), inside.path("ca_chain"), ""));
        JsonNode outside = leaf("other.org", "{\"issuer\":\"corp\"}");
        JsonNode broken = validate(outside.path("certificate").asText(), outside.path("ca_chain"), "");
        assertThat(codes(broken)).containsExactly("name_constraints");
        assertThat(codes(validate(outside.path("certificate").asText(), null, ""))).containsExactly("name_constraints");
    }

    @Test
    void malformedInput_is400_andValidatingNeedsReadOnTheValidateResource() {
        String certificate = leaf("x.example.com", "{}").path("certificate").asText();
        expect(400, server.root("POST", PKI + "/validate", "{\"certificate\":\"-----BEGIN CERTIFICATE-----\\nAAAA\\n"
                + "-----END CERTIFICATE-----\\n\"}"));
        expect(400, server.root("POST", PKI + "/validate", "{\"certificate\":\"hello\"}"));
        expect(400, server.root("POST", PKI + "/validate", "{\"certificate\":" + quoted(certificate)
                + ",\"chain\":[\"nope\"]}"));
        expect(400, server.root("POST", PKI + "/validate", "{\"certificate\":" + quoted(certificate)
                + ",\"purpose\":\"everything\"}"));
        expect(400, server.root("POST", PKI + "/validate", "{\"certificate\":" + quoted(certificate)
                + ",\"hostname\":\"not a host\"}"));
        String body = "{\"certificate\":" + quoted(certificate) + "}";
        expect(403, server.call("POST", PKI + "/validate", token(server, rule("_pki/issuers/*", "read")), body));
        assertThat(json(200, server.call("POST", PKI + "/validate", token(server, rule("_pki/validate", "read")),
                body)).path("valid").asBoolean()).isTrue();
    }

    /** A certificate for {@code name} signed through the CSR routes: generate, then sign with {@code signJson}. */
    private JsonNode leaf(String name, String signJson) {
        String id = json(201, server.root("POST", PKI + "/csrs/generate", "{\"common_name\":\"" + name + "\"}"))
                .path("id").asText();
        return json(200, server.root("POST", PKI + "/csrs/" + id + "/sign", signJson));
    }

    /** A leaf for {@code name}.example.com signed by openssl with the CA {@code ca}.pem/.key; its PEM. */
    private static String outsideLeaf(Path dir, String ca, String name) {
        ok(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name + ".example.com");
        write(dir, name + ".ext", "subjectAltName=DNS:" + name + ".example.com\nextendedKeyUsage=serverAuth\n"
                + "keyUsage=critical,digitalSignature\n");
        ok(dir, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-days", "10", "-extfile", name + ".ext", "-out", name + ".pem");
        return read(dir.resolve(name + ".pem"));
    }

    private JsonNode validate(String certificate, JsonNode chain, String more) {
        return json(200, server.root("POST", PKI + "/validate", "{\"certificate\":" + quoted(certificate)
                + (chain == null ? "" : ",\"chain\":" + chain) + more + "}"));
    }

    private static void assertValid(JsonNode validation) {
        assertThat(validation.path("errors")).as(validation.toString()).isEmpty();
        assertThat(validation.path("valid").asBoolean()).isTrue();
    }

    private static List<String> codes(JsonNode validation) {
        var codes = new ArrayList<String>();
        validation.path("errors").forEach(problem -> codes.add(problem.path("code").asText()));
        return codes;
    }
}
