package dev.arca.server.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Issuers over HTTP, checked by OpenSSL: roots of every key type, an intermediate signed in the vault, imports. */
class PkiIssuerIT {
    private static final String PKI = "/v1/vaults/default/pki";

    @TempDir
    Path dir;
    TestServer server;
    OpenSsl openssl;

    @BeforeEach
    void start() {
        server = TestServer.start(dir.resolve("server")).initAndUnseal();
        openssl = new OpenSsl(dir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"ec,256", "ec,384", "rsa,2048", "rsa,3072", "ed25519,0"})
    void root_isASelfSignedCaOpenSslVerifies(String type, int bits) {
        String body = "{\"name\":\"root-" + type + bits + "\",\"common_name\":\"Arca Test Root\",\"key_type\":\"" + type
                + "\"" + (bits == 0 ? "" : ",\"key_bits\":" + bits) + ",\"ttl\":\"365d\","
                + "\"subject\":{\"organization\":\"Arca\",\"country\":\"NO\"}}";
        JsonNode root = expect(201, server.root("POST", PKI + "/issuers/root", body)).json();
        assertThat(root.path("id").asText()).startsWith("iss_");
        assertThat(root.path("kind").asText()).isEqualTo("root");
        assertThat(root.path("state").asText()).isEqualTo("active");
        assertThat(root.path("key_type").asText()).isEqualTo(type);
        assertThat(root.path("serial_number").asText()).matches("[0-9a-f]{2}(:[0-9a-f]{2})+");
        assertThat(root.toString()).doesNotContain("PRIVATE KEY");

        openssl.file("root.pem", root.path("certificate").asText());
        assertThat(openssl.run("verify", "-CAfile", "root.pem", "root.pem").output()).contains("root.pem: OK");
        String text = openssl.run("x509", "-in", "root.pem", "-noout", "-text").output();
        assertThat(text).contains("CA:TRUE").contains("Certificate Sign, CRL Sign").contains("O = Arca")
                .contains("CN = Arca Test Root");
    }

    @Test
    void theFirstRootIsTheDefault_andItsCertificateIsPublicAlsoWhileSealed() throws Exception {
        JsonNode first = expect(201, server.root("POST", PKI + "/issuers/root", root("first"))).json();
        JsonNode second = expect(201, server.root("POST", PKI + "/issuers/root", root("second"))).json();
        assertThat(first.path("is_default").asBoolean()).isTrue();
        assertThat(second.path("is_default").asBoolean()).isFalse();

        assertThat(expect(200, server.call("GET", PKI + "/ca/pem", null, null)).body())
                .isEqualTo(first.path("certificate").asText());
        expect(200, server.root("PATCH", PKI + "/issuers/second", "{\"make_default\":true}"));
        assertThat(expect(200, server.call("GET", PKI + "/ca/pem", null, null)).body())
                .isEqualTo(second.path("certificate").asText());

        expect(200, server.root("POST", "/v1/sys/seal", null));
        var der = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.address() + PKI
                + "/issuers/first/ca")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(der.statusCode()).isEqualTo(200);
        assertThat(der.headers().firstValue("content-type")).hasValue("application/pkix-cert");
        java.nio.file.Files.write(dir.resolve("first.der"), der.body());
        assertThat(openssl.run("x509", "-inform", "DER", "-in", "first.der", "-noout", "-subject").output())
                .contains("CN = first");
    }

    @Test
    void intermediate_generatedInTheVault_signedByItsRoot_verifiesWithOpenSsl() {
        expect(201, server.root("POST", PKI + "/issuers/root", root("root")));
        JsonNode pending = expect(201, server.root("POST", PKI + "/issuers/intermediate",
                "{\"name\":\"int\",\"common_name\":\"Arca Intermediate\",\"key_type\":\"ec\",\"key_bits\":384}"))
                .json();
        assertThat(pending.path("issuer").path("state").asText()).isEqualTo("pending");
        String csr = pending.path("csr").asText();
        openssl.file("int.csr", csr);
        assertThat(openssl.run("req", "-in", "int.csr", "-noout", "-verify").output()).containsIgnoringCase("verif");

        assertError(409, "conflict", server.root("POST", PKI + "/issuers/int/sign-intermediate",
                "{\"csr\":" + quote(csr) + "}"));
        JsonNode signed = expect(200, server.root("POST", PKI + "/issuers/root/sign-intermediate",
                "{\"csr\":" + quote(csr) + ",\"ttl\":\"90d\"}")).json();
        JsonNode active = expect(200, server.root("POST", PKI + "/issuers/int/signed",
                "{\"certificate\":" + quote(signed.path("certificate").asText()) + "}")).json();
        assertThat(active.path("state").asText()).isEqualTo("active");
        assertThat(active.path("ca_chain")).hasSize(2);

        openssl.file("root.pem", active.path("ca_chain").get(1).asText());
        openssl.file("int.pem", active.path("certificate").asText());
        assertThat(openssl.run("verify", "-CAfile", "root.pem", "int.pem").output()).contains("int.pem: OK");
        assertThat(openssl.run("x509", "-in", "int.pem", "-noout", "-text").output()).contains("CA:TRUE");
        assertError(409, "conflict", server.root("POST", PKI + "/issuers/int/signed",
                "{\"certificate\":" + quote(signed.path("certificate").asText()) + "}"));
    }

    @Test
    void signedCertificateForAnotherKey_is400_andTheIssuerStaysPending() {
        expect(201, server.root("POST", PKI + "/issuers/root", root("root")));
        expect(201, server.root("POST", PKI + "/issuers/intermediate", "{\"name\":\"int\",\"common_name\":\"I\"}"));
        JsonNode other = expect(201, server.root("POST", PKI + "/issuers/root", root("other"))).json();
        var refused = server.root("POST", PKI + "/issuers/int/signed",
                "{\"certificate\":" + quote(other.path("certificate").asText()) + "}");
        assertError(400, "invalid_request", refused);
        assertThat(refused.json().path("error").path("message").asText()).contains("not for issuer int's key");
        assertThat(server.root("GET", PKI + "/issuers/int", null).json().path("state").asText()).isEqualTo("pending");
    }

    @Test
    void import_withKeyIssues_withoutKeyOnlyValidates_andExportNeedsExportable() {
        assertThat(openssl.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=Outside CA",
                "-addext", "basicConstraints=critical,CA:TRUE").exitCode()).isZero();
        String certificate = openssl.read("ca.pem");
        String key = openssl.read("ca.key");

        JsonNode withKey = expect(201, server.root("POST", PKI + "/issuers/import", "{\"name\":\"outside\","
                + "\"certificate\":" + quote(certificate) + ",\"private_key\":" + quote(key) + "}")).json();
        assertThat(withKey.path("kind").asText()).isEqualTo("root");
        assertThat(withKey.toString()).doesNotContain("PRIVATE KEY");
        assertError(403, "access_denied", server.root("GET", PKI + "/issuers/outside/export", null));

        JsonNode certOnly = expect(201, server.root("POST", PKI + "/issuers/import", "{\"name\":\"validation\","
                + "\"certificate\":" + quote(certificate) + "}")).json();
        assertThat(certOnly.path("kind").asText()).isEqualTo("external");
        openssl.file("sub.csr", "");
        assertThat(openssl.run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "sub.key", "-out", "sub.csr", "-subj", "/CN=Sub").exitCode()).isZero();
        assertError(400, "invalid_request", server.root("POST", PKI + "/issuers/validation/sign-intermediate",
                "{\"csr\":" + quote(openssl.read("sub.csr")) + "}"));

        JsonNode exportable = expect(201, server.root("POST", PKI + "/issuers/root",
                "{\"name\":\"exp\",\"common_name\":\"E\",\"exportable\":true}")).json();
        JsonNode exported = expect(200, server.root("GET", PKI + "/issuers/exp/export", null)).json();
        openssl.file("exp.key", exported.path("private_key").asText());
        openssl.file("exp.pem", exportable.path("certificate").asText());
        String fromKey = openssl.run("pkey", "-in", "exp.key", "-pubout").output();
        String fromCert = openssl.run("x509", "-in", "exp.pem", "-noout", "-pubkey").output();
        assertThat(fromKey).isEqualTo(fromCert).contains("PUBLIC KEY");
    }

    @Test
    void importedKeyThatIsNotTheCertificates_is400_andImportsNothing() {
        openssl.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "a.key", "-out", "a.pem", "-days", "30", "-subj", "/CN=A",
                "-addext", "basicConstraints=critical,CA:TRUE");
        openssl.run("genpkey", "-algorithm", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-out", "b.key");
        assertError(400, "invalid_request", server.root("POST", PKI + "/issuers/import", "{\"name\":\"a\","
                + "\"certificate\":" + quote(openssl.read("a.pem")) + ",\"private_key\":" + quote(openssl.read("b.key"))
                + "}"));
        assertError(404, "not_found", server.root("GET", PKI + "/issuers/a", null));
    }

    @Test
    void badInput_is400NamingTheField() {
        assertField("key_type", server.root("POST", PKI + "/issuers/root",
                "{\"name\":\"r\",\"common_name\":\"R\",\"key_type\":\"dsa\"}"));
        assertField("key_bits", server.root("POST", PKI + "/issuers/root",
                "{\"name\":\"r\",\"common_name\":\"R\",\"key_type\":\"rsa\",\"key_bits\":1024}"));
        assertField("common_name", server.root("POST", PKI + "/issuers/root", "{\"name\":\"r\"}"));
        assertField("name", server.root("POST", PKI + "/issuers/root", "{\"name\":\"iss_x\",\"common_name\":\"R\"}"));
        assertField("certificate", server.root("POST", PKI + "/issuers/import",
                "{\"name\":\"x\",\"certificate\":\"-----BEGIN CERTIFICATE-----\\nnot base64\\n-----END CERTIFICATE-----\"}"));
        assertField("urls.ocsp_servers", server.root("POST", PKI + "/issuers/root",
                "{\"name\":\"r\",\"common_name\":\"R\",\"urls\":{\"ocsp_servers\":[\"not a url\"]}}"));
        assertThat(server.root("GET", PKI + "/issuers", null).json().path("data")).isEmpty();
        assertError(404, "not_found", server.call("GET", PKI + "/ca", null, null));
    }

    @Test
    void twoIssuersOfOneName_is409() {
        expect(201, server.root("POST", PKI + "/issuers/root", root("r")));
        assertError(409, "conflict", server.root("POST", PKI + "/issuers/root", root("r")));
    }

    @Test
    void deletedIssuer_isGoneWithItsKey() {
        expect(201, server.root("POST", PKI + "/issuers/root", root("r")));
        expect(204, server.root("DELETE", PKI + "/issuers/r", null));
        assertError(404, "not_found", server.root("GET", PKI + "/issuers/r", null));
        assertError(404, "not_found", server.call("GET", PKI + "/ca", null, null));
    }

    @Test
    void issuerUrls_areWrittenIntoCertificatesItSigns() {
        expect(201, server.root("POST", PKI + "/issuers/root", "{\"name\":\"r\",\"common_name\":\"R\",\"urls\":{"
                + "\"issuing_certificates\":[\"http://pki.example/ca\"],\"crl_distribution_points\":"
                + "[\"http://pki.example/crl\"],\"ocsp_servers\":[\"http://pki.example/ocsp\"]}}"));
        openssl.run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "sub.key", "-out", "sub.csr", "-subj", "/CN=Sub");
        JsonNode signed = expect(200, server.root("POST", PKI + "/issuers/r/sign-intermediate",
                "{\"csr\":" + quote(openssl.read("sub.csr")) + "}")).json();
        openssl.file("sub.pem", signed.path("certificate").asText());
        assertThat(openssl.run("x509", "-in", "sub.pem", "-noout", "-text").output())
                .contains("CA Issuers - URI:http://pki.example/ca").contains("OCSP - URI:http://pki.example/ocsp")
                .contains("URI:http://pki.example/crl");
    }

    static String root(String name) {
        return "{\"name\":\"" + name + "\",\"common_name\":\"" + name + "\"}";
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private void assertField(String field, TestServer.Response response) {
        assertError(400, "invalid_request", response);
        assertThat(response.json().path("error").path("details").path("field").asText()).as(response.body())
                .isEqualTo(field);
    }

    static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }

    static void assertError(int status, String code, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.errorCode()).as(response.body()).isEqualTo(code);
    }
}
