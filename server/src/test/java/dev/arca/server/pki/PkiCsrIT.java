package dev.arca.server.pki;

import static dev.arca.server.pki.CsrTestTools.PKI;
import static dev.arca.server.pki.CsrTestTools.expect;
import static dev.arca.server.pki.CsrTestTools.json;
import static dev.arca.server.pki.CsrTestTools.ok;
import static dev.arca.server.pki.CsrTestTools.openssl;
import static dev.arca.server.pki.CsrTestTools.opensslCsr;
import static dev.arca.server.pki.CsrTestTools.quoted;
import static dev.arca.server.pki.CsrTestTools.read;
import static dev.arca.server.pki.CsrTestTools.rule;
import static dev.arca.server.pki.CsrTestTools.token;
import static dev.arca.server.pki.CsrTestTools.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSR lifecycle over HTTP, checked with real openssl: generate, import, decide, sign, export the key. */
class PkiCsrIT {
    @TempDir
    Path dir;
    TestServer server;
    String rootPem;

    @BeforeEach
    void start() {
        server = TestServer.start(dir.resolve("server")).initAndUnseal();
        rootPem = CsrTestTools.root(server, "root", "");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void generate_makesAnApprovedCsrOpensslVerifies_withTheSubjectAndSansAsked() {
        JsonNode csr = json(201, server.root("POST", PKI + "/csrs/generate", "{\"common_name\":\"svc.example.com\","
                + "\"subject\":{\"organization\":\"Arca Test\"},\"dns_names\":[\"API.example.com\"],"
                + "\"ip_addresses\":[\"10.1.2.3\",\"2001:db8::1\"]}"));
        assertThat(csr.path("id").asText()).startsWith("csr_");
        assertThat(csr.path("origin").asText()).isEqualTo("generated");
        assertThat(csr.path("state").asText()).isEqualTo("approved");
        assertThat(csr.path("key_type").asText()).isEqualTo("ec");
        assertThat(csr.path("key_bits").asInt()).isEqualTo(256);
        assertThat(texts(csr.path("dns_names"))).containsExactly("svc.example.com", "api.example.com");
        assertThat(texts(csr.path("ip_addresses"))).containsExactly("10.1.2.3", "2001:db8:0:0:0:0:0:1");
        assertThat(csr.path("created_by").asText()).startsWith("token:");
        assertThat(csr.toString()).doesNotContain("PRIVATE KEY");

        write(dir, "generated.csr", csr.path("csr").asText());
        String text = ok(dir, "req", "-in", "generated.csr", "-noout", "-text", "-verify");
        assertThat(text).contains("verify OK").contains("CN = svc.example.com").contains("O = Arca Test")
                .contains("DNS:svc.example.com").contains("DNS:api.example.com").contains("IP Address:10.1.2.3")
                .contains("IP Address:2001:DB8:0:0:0:0:0:1").contains("ASN1 OID: prime256v1");
        assertThat(server.root("GET", PKI + "/csrs/" + csr.path("id").asText(), null).json()).isEqualTo(csr);
    }

    @Test
    void generate_refusesBadKeysAndNames() {
        expect(400, server.root("POST", PKI + "/csrs/generate", "{\"common_name\":\"a.example.com\","
                + "\"key_type\":\"rsa\",\"key_bits\":1024}"));
        expect(400, server.root("POST", PKI + "/csrs/generate", "{\"common_name\":\"a.example.com\","
                + "\"dns_names\":[\"not a name\"]}"));
        expect(400, server.root("POST", PKI + "/csrs/generate", "{\"common_name\":\"a.example.com\","
                + "\"ip_addresses\":[\"localhost\"]}"));
        expect(400, server.root("POST", PKI + "/csrs/generate", "{\"dns_names\":[\"a.example.com\"]}"));
        JsonNode rsa = json(201, server.root("POST", PKI + "/csrs/generate", "{\"common_name\":\"Payments\","
                + "\"key_type\":\"rsa\",\"key_bits\":3072,\"dns_names\":[\"*.pay.example.com\"]}"));
        assertThat(rsa.path("key_bits").asInt()).isEqualTo(3072);
        assertThat(texts(rsa.path("dns_names"))).containsExactly("*.pay.example.com");
    }

    @Test
    void import_keepsAnOpensslCsrPending_andRefusesBadOnes() {
        String pem = opensslCsr(dir, "app", "app.example.com", "DNS:app.example.com,DNS:www.example.com,IP:10.0.0.5");
        JsonNode csr = importCsr(server.rootToken, pem);
        assertThat(csr.path("origin").asText()).isEqualTo("imported");
        assertThat(csr.path("state").asText()).isEqualTo("pending");
        assertThat(csr.path("common_name").asText()).isEqualTo("app.example.com");
        assertThat(texts(csr.path("dns_names"))).containsExactly("app.example.com", "www.example.com");
        assertThat(texts(csr.path("ip_addresses"))).containsExactly("10.0.0.5");
        assertThat(csr.has("decided_by")).isFalse();

        // a signature that no longer matches the request
        String body = pem.replace("-----BEGIN CERTIFICATE REQUEST-----\n", "").replace(
                "-----END CERTIFICATE REQUEST-----\n", "").replace("\n", "");
        byte[] der = java.util.Base64.getDecoder().decode(body);
        der[der.length - 5] ^= 0x01;
        String tampered = "-----BEGIN CERTIFICATE REQUEST-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                der) + "\n-----END CERTIFICATE REQUEST-----\n";
        expect(400, importResponse(server.rootToken, tampered));
        expect(400, importResponse(server.rootToken, "not a csr"));
        ok(dir, "req", "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", "weak.key", "-out", "weak.csr",
                "-subj", "/CN=weak.example.com");
        TestServer.Response weak = expect(400, importResponse(server.rootToken, read(dir.resolve("weak.csr"))));
        assertThat(weak.body()).contains("1024 bits");
        String email = opensslCsr(dir, "mail", "mail.example.com", "email:a@example.com");
        expect(400, importResponse(server.rootToken, email));
    }

    @Test
    void decisions_needPkiApprove_andSomeoneOtherThanTheImporter() {
        String id = importCsr(server.rootToken, opensslCsr(dir, "app", "app.example.com", "DNS:app.example.com"))
                .path("id").asText();
        TestServer.Response own = expect(403, server.root("POST", PKI + "/csrs/" + id + "/approve", "{}"));
        assertThat(own.errorCode()).isEqualTo("access_denied");
        assertThat(own.body()).contains("separation of duties");

        String reader = token(server, rule("_pki/csrs/*", "read", "update"));
        expect(403, server.call("POST", PKI + "/csrs/" + id + "/approve", reader, "{}"));
        assertThat(state(id)).isEqualTo("pending");

        String approver = token(server, rule("_pki/csrs/*", "pki:approve"));
        JsonNode approved = json(200, server.call("POST", PKI + "/csrs/" + id + "/approve", approver,
                "{\"reason\":\"ticket SEC-42\"}"));
        assertThat(approved.path("state").asText()).isEqualTo("approved");
        assertThat(approved.path("decided_by").asText()).startsWith("token:")
                .isNotEqualTo(approved.path("created_by").asText());
        assertThat(approved.path("reason").asText()).isEqualTo("ticket SEC-42");
        assertThat(approved.path("decided_at").asText()).isNotEmpty();

        TestServer.Response again = expect(409, server.call("POST", PKI + "/csrs/" + id + "/reject", approver, null));
        assertThat(again.body()).contains("approved, not pending");

        String generated = json(201, server.root("POST", PKI + "/csrs/generate", "{\"common_name\":\"g.example.com\"}"))
                .path("id").asText();
        expect(409, server.call("POST", PKI + "/csrs/" + generated + "/approve", approver, null));
        expect(404, server.call("POST", PKI + "/csrs/csr_nothing/approve", approver, null));
    }

    @Test
    void sign_onlyAnApprovedCsr_once_intoACertificateOpensslVerifies() {
        String approver = token(server, rule("_pki/csrs/*", "pki:approve"));
        String pending = importCsr(server.rootToken, opensslCsr(dir, "p", "p.example.com", "DNS:p.example.com"))
                .path("id").asText();
        TestServer.Response notYet = expect(409, sign(server.rootToken, pending, "{}"));
        assertThat(notYet.body()).contains("is pending");

        String rejected = importCsr(server.rootToken, opensslCsr(dir, "r", "r.example.com", "DNS:r.example.com"))
                .path("id").asText();
        JsonNode no = json(200, server.call("POST", PKI + "/csrs/" + rejected + "/reject", approver,
                "{\"reason\":\"unknown host\"}"));
        assertThat(no.path("state").asText()).isEqualTo("rejected");
        TestServer.Response never = expect(409, sign(server.rootToken, rejected, "{}"));
        assertThat(never.body()).contains("was rejected (unknown host)");

        String id = importCsr(server.rootToken, opensslCsr(dir, "app", "app.example.com",
                "DNS:app.example.com,IP:10.0.0.5")).path("id").asText();
        expect(200, server.call("POST", PKI + "/csrs/" + id + "/approve", approver, null));

        String cannotUse = token(server, rule("_pki/issuers/other", "use"));
        expect(403, sign(cannotUse, id, "{\"issuer\":\"root\"}"));
        expect(403, sign(cannotUse, id, "{}"));
        String user = token(server, rule("_pki/issuers/root", "use"));
        String issuerId = json(200, server.root("GET", PKI + "/issuers/root", null)).path("id").asText();
        JsonNode issued = json(200, sign(user, id, "{\"issuer\":\"" + issuerId + "\",\"ttl\":\"72h\","
                + "\"ext_key_usage\":[\"server_auth\",\"client_auth\"]}"));
        assertThat(issued.has("private_key")).isFalse();
        assertThat(issued.path("issuing_ca").asText()).isEqualTo(rootPem);

        write(dir, "root.pem", rootPem);
        write(dir, "leaf.pem", issued.path("certificate").asText());
        assertThat(ok(dir, "verify", "-CAfile", "root.pem", "-purpose", "sslserver", "leaf.pem"))
                .contains("leaf.pem: OK");
        String text = ok(dir, "x509", "-in", "leaf.pem", "-noout", "-text");
        assertThat(text).contains("CN = app.example.com").contains("DNS:app.example.com")
                .contains("IP Address:10.0.0.5").contains("TLS Web Server Authentication")
                .contains("TLS Web Client Authentication").contains("CA:FALSE");
        // the certificate is for the key of the CSR openssl made
        assertThat(ok(dir, "x509", "-in", "leaf.pem", "-noout", "-pubkey"))
                .isEqualTo(ok(dir, "pkey", "-in", "app.key", "-pubout"));

        JsonNode signed = json(200, server.root("GET", PKI + "/csrs/" + id, null));
        assertThat(signed.path("state").asText()).isEqualTo("signed");
        assertThat(signed.path("serial_number").asText()).isEqualTo(issued.path("serial_number").asText());
        assertThat(signed.path("certificate").asText()).isEqualTo(issued.path("certificate").asText());

        TestServer.Response twice = expect(409, sign(user, id, "{}"));
        assertThat(twice.body()).contains("already signed");
    }

    @Test
    void sign_withTheDefaultsAndAGeneratedCsr_isAThirtyDayServerCertificate() {
        JsonNode csr = json(201, server.root("POST", PKI + "/csrs/generate", "{\"common_name\":\"g.example.com\"}"));
        JsonNode issued = json(200, sign(server.rootToken, csr.path("id").asText(), null));
        write(dir, "root.pem", rootPem);
        write(dir, "g.pem", issued.path("certificate").asText());
        assertThat(ok(dir, "verify", "-CAfile", "root.pem", "-purpose", "sslserver", "g.pem")).contains("g.pem: OK");
        java.time.Instant expiration = java.time.Instant.parse(issued.path("expiration").asText());
        assertThat(expiration).isBetween(java.time.Instant.now().plus(java.time.Duration.ofDays(29)),
                java.time.Instant.now().plus(java.time.Duration.ofDays(31)));
        expect(400, sign(server.rootToken, json(201, server.root("POST", PKI + "/csrs/generate",
                "{\"common_name\":\"h.example.com\"}")).path("id").asText(), "{\"ttl\":\"100000d\"}"));
        expect(400, sign(server.rootToken, json(201, server.root("POST", PKI + "/csrs/generate",
                "{\"common_name\":\"i.example.com\"}")).path("id").asText(), "{\"ext_key_usage\":[\"everything\"]}"));
        expect(404, sign(server.rootToken, json(201, server.root("POST", PKI + "/csrs/generate",
                "{\"common_name\":\"j.example.com\"}")).path("id").asText(), "{\"issuer\":\"nobody\"}"));
    }

    @Test
    void key_onlyOfAGeneratedExportableCsr_toThoseWhoMayReadIt() {
        JsonNode exportable = json(201, server.root("POST", PKI + "/csrs/generate",
                "{\"common_name\":\"e.example.com\",\"exportable\":true}"));
        String id = exportable.path("id").asText();
        JsonNode key = json(200, server.root("GET", PKI + "/csrs/" + id + "/key", null));
        assertThat(key.path("id").asText()).isEqualTo(id);
        write(dir, "e.key", key.path("private_key").asText());
        write(dir, "e.csr", exportable.path("csr").asText());
        assertThat(ok(dir, "pkey", "-in", "e.key", "-pubout")).isEqualTo(ok(dir, "req", "-in", "e.csr", "-noout",
                "-pubkey"));

        String csrReader = token(server, rule("_pki/csrs/*", "read"));
        json(200, server.call("GET", PKI + "/csrs/" + id, csrReader, null));
        expect(403, server.call("GET", PKI + "/csrs/" + id + "/key", csrReader, null));
        String keyReader = token(server, rule("_pki/csrs/*/key", "read"));
        json(200, server.call("GET", PKI + "/csrs/" + id + "/key", keyReader, null));

        String kept = json(201, server.root("POST", PKI + "/csrs/generate", "{\"common_name\":\"k.example.com\"}"))
                .path("id").asText();
        assertThat(expect(403, server.root("GET", PKI + "/csrs/" + kept + "/key", null)).body())
                .contains("not generated exportable");
        String imported = importCsr(server.rootToken, opensslCsr(dir, "i", "i.example.com", "DNS:i.example.com"))
                .path("id").asText();
        assertThat(expect(403, server.root("GET", PKI + "/csrs/" + imported + "/key", null)).body())
                .contains("imported");
    }

    @Test
    void list_byState_inPages() {
        String approver = token(server, rule("_pki/csrs/*", "pki:approve"));
        var pending = new ArrayList<String>();
        for (int i = 0; i < 3; i++) {
            pending.add(importCsr(server.rootToken, opensslCsr(dir, "l" + i, "l" + i + ".example.com",
                    "DNS:l" + i + ".example.com")).path("id").asText());
        }
        expect(200, server.call("POST", PKI + "/csrs/" + pending.getFirst() + "/approve", approver, null));
        String generated = json(201, server.root("POST", PKI + "/csrs/generate", "{\"common_name\":\"g.example.com\"}"))
                .path("id").asText();

        assertThat(ids(json(200, server.root("GET", PKI + "/csrs?state=pending", null))))
                .containsExactlyInAnyOrderElementsOf(pending.subList(1, 3));
        assertThat(ids(json(200, server.root("GET", PKI + "/csrs?state=approved", null))))
                .containsExactlyInAnyOrder(pending.getFirst(), generated);
        expect(400, server.root("GET", PKI + "/csrs?state=lost", null));

        var seen = new ArrayList<String>();
        String cursor = null;
        do {
            JsonNode page = json(200, server.root("GET", PKI + "/csrs?limit=3" + (cursor == null ? ""
                    : "&cursor=" + cursor), null));
            seen.addAll(ids(page));
            cursor = page.path("cursor").isTextual() ? page.path("cursor").asText() : null;
        } while (cursor != null);
        assertThat(seen).hasSize(4).doesNotHaveDuplicates().isSorted();
        String lister = token(server, rule("_pki/csrs", "list"));
        json(200, server.call("GET", PKI + "/csrs", lister, null));
        expect(403, server.call("GET", PKI + "/csrs", token(server, rule("_pki/csrs/*", "read")), null));
    }

    private JsonNode importCsr(String token, String pem) {
        return json(201, importResponse(token, pem));
    }

    private TestServer.Response importResponse(String token, String pem) {
        return server.call("POST", PKI + "/csrs", token, "{\"csr\":" + quoted(pem) + ",\"comment\":\"from openssl\"}");
    }

    private TestServer.Response sign(String token, String id, String body) {
        return server.call("POST", PKI + "/csrs/" + id + "/sign", token, body);
    }

    private String state(String id) {
        return json(200, server.root("GET", PKI + "/csrs/" + id, null)).path("state").asText();
    }

    private static List<String> texts(JsonNode array) {
        var out = new ArrayList<String>();
        array.forEach(node -> out.add(node.asText()));
        return out;
    }

    private static List<String> ids(JsonNode page) {
        var out = new ArrayList<String>();
        page.path("data").forEach(node -> out.add(node.path("id").asText()));
        return out;
    }
}
