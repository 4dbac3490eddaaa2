package dev.arca.cli;

import static dev.arca.sdk.PkiSamples.CERT;
import static dev.arca.sdk.PkiSamples.CSR_PEM;
import static dev.arca.sdk.PkiSamples.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.sdk.FakeArca;
import dev.arca.sdk.PkiSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca pki …} against canned answers: what it sends, prints and writes. */
class PkiCommandTest {
    private static final String NL = System.lineSeparator();
    private static final String PKI = "/v1/vaults/prod/pki/";

    @TempDir
    Path home;

    @TempDir
    Path dir;

    private final FakeArca server = new FakeArca();

    private Cli cli() {
        return Cli.against(server, home);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode sent() throws IOException {
        return Cli.lastBody(server);
    }

    private String file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content);
        return path.toString();
    }

    private static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as(result.err()).isZero();
        return result;
    }

    @Test
    void rootGenerate_sendsTheOptions_andDescribesTheIssuer() throws IOException {
        server.on("POST " + PKI + "issuers/root", 201, PkiSamples.ISSUER);
        var result = ok(cli().run("pki", "root", "generate", "root", "--common-name", "Example Root", "--key-type", "ec",
                "--key-bits", "384", "--ttl", "3650d", "--exportable", "--organization", "Example",
                "--ocsp-url", "http://127.0.0.1:8420/v1/vaults/prod/pki/ocsp", "--cert-out", dir + "/root.pem"));
        assertThat(server.last().body()).isEqualTo("{\"name\":\"root\",\"common_name\":\"Example Root\","
                + "\"subject\":{\"organization\":\"Example\"},\"key_type\":\"ec\",\"key_bits\":384,\"ttl\":\"3650d\","
                + "\"exportable\":true,\"urls\":{\"ocsp_servers\":[\"http://127.0.0.1:8420/v1/vaults/prod/pki/ocsp\"]}}");
        assertThat(result.out()).contains("NAME            root" + NL).contains("DEFAULT         yes" + NL)
                .contains("KEY             ec 256" + NL).contains("NOT AFTER       2036-01-01T00:00:00.000Z" + NL);
        assertThat(Files.readString(dir.resolve("root.pem"))).isEqualTo(CERT);

        var json = ok(cli().run("pki", "root", "generate", "root", "--common-name", "R", "--format", "json"));
        assertThat(Json.lenient().readTree(json.out()).get("is_default").asBoolean()).isTrue();
        assertThat(server.last().body()).isEqualTo("{\"name\":\"root\",\"common_name\":\"R\"}");
    }

    @Test
    void rootGenerate_badTtlOrBitsWithoutType_areRefusedBeforeSending() {
        var ttl = cli().run("pki", "root", "generate", "root", "--common-name", "R", "--ttl", "10y");
        assertThat(ttl.exitCode()).isEqualTo(2);
        assertThat(ttl.err()).contains("--ttl: '10y' is not a duration");
        var bits = cli().run("pki", "root", "generate", "root", "--common-name", "R", "--key-bits", "384");
        assertThat(bits.exitCode()).isEqualTo(1);
        assertThat(bits.err()).contains("--key-bits needs --key-type");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void intermediate_generateToAFile_signWithTheRoot_setSigned() throws IOException {
        server.on("POST " + PKI + "issuers/intermediate", 201, "{\"issuer\":" + PkiSamples.PENDING + ",\"csr\":"
                        + PkiSamples.json(CSR_PEM) + "}")
                .on("POST " + PKI + "issuers/root/sign-intermediate", 200, PkiSamples.SIGNED)
                .on("POST " + PKI + "issuers/int/signed", 200, PkiSamples.ISSUER);
        var generated = ok(cli().run("pki", "intermediate", "generate", "int", "--common-name", "Example Int",
                "--csr-out", dir + "/int.csr"));
        assertThat(generated.out()).contains("STATE           pending" + NL).contains("Wrote CSR to " + dir + "/int.csr");
        assertThat(Files.readString(dir.resolve("int.csr"))).isEqualTo(CSR_PEM);

        var signed = ok(cli().run("pki", "issuer", "sign-intermediate", "root", "--csr", dir + "/int.csr",
                "--ttl", "1825d", "--cert-out", dir + "/int.pem", "--chain-out", dir + "/chain.pem"));
        assertThat(sent().get("csr").asText()).isEqualTo(CSR_PEM);
        assertThat(sent().get("ttl").asText()).isEqualTo("1825d");
        assertThat(signed.out()).contains("SERIAL   4b:03" + NL).contains("Wrote certificate to " + dir + "/int.pem")
                .doesNotContain("BEGIN");
        assertThat(Files.readString(dir.resolve("chain.pem"))).isEqualTo(CERT);

        ok(cli().run("pki", "issuer", "set-signed", "int", "--certificate", dir + "/int.pem"));
        assertThat(server.last().body()).isEqualTo("{\"certificate\":" + PkiSamples.json(CERT) + "}");
    }

    @Test
    void intermediateGenerate_withoutCsrOut_printsTheCsr_andJsonIsTheWireRecord() throws IOException {
        server.on("POST " + PKI + "issuers/intermediate", 201, "{\"issuer\":" + PkiSamples.PENDING + ",\"csr\":"
                + PkiSamples.json(CSR_PEM) + "}");
        assertThat(ok(cli().run("pki", "intermediate", "generate", "int", "--common-name", "I")).out())
                .endsWith(CSR_PEM.replace("\n", NL));
        var json = Json.lenient().readTree(ok(cli().run("pki", "intermediate", "generate", "int", "--common-name", "I",
                "--format", "json")).out());
        assertThat(json.get("csr").asText()).isEqualTo(CSR_PEM);
        assertThat(json.get("issuer").get("state").asText()).isEqualTo("pending");
    }

    @Test
    void issuer_importListShowUpdateDelete() throws IOException {
        server.on("POST " + PKI + "issuers/import", 201, PkiSamples.ISSUER).on("GET " + PKI + "issuers", 200,
                        PkiSamples.ISSUERS)
                .on("GET " + PKI + "issuers/root", 200, PkiSamples.ISSUER)
                .on("PATCH " + PKI + "issuers/root", 200, PkiSamples.ISSUER)
                .on("DELETE " + PKI + "issuers/int", 204, "");
        ok(cli().run("pki", "issuer", "import", "ext", "--certificate", file("ca.pem", CERT), "--key",
                file("ca.key", KEY)));
        assertThat(sent().get("private_key").asText()).isEqualTo(KEY);
        ok(cli().run("pki", "issuer", "import", "ext", "--certificate", file("ca.pem", CERT)));
        assertThat(sent().has("private_key")).isFalse();

        assertThat(ok(cli().run("pki", "issuer", "list")).out())
                .contains("NAME  ID     KIND          STATE    DEFAULT  KEY     NOT AFTER" + NL)
                .contains("int   iss_2  intermediate  pending  no       ec 256  -" + NL);
        assertThat(ok(cli().run("pki", "issuer", "show", "root", "--cert-out", dir + "/root.pem")).out())
                .contains("SUBJECT         CN=Example Root" + NL);
        assertThat(Files.readString(dir.resolve("root.pem"))).isEqualTo(CERT);
        ok(cli().run("pki", "issuer", "get", "root"));

        ok(cli().run("pki", "issuer", "update", "root", "--default", "--leaf-not-after", "truncate"));
        assertThat(server.last().body()).isEqualTo("{\"leaf_not_after_behavior\":\"truncate\",\"make_default\":true}");
        var nothing = cli().run("pki", "issuer", "update", "root");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("nothing to change");

        assertThat(ok(cli().run("pki", "issuer", "delete", "int")).out()).isEqualTo("Deleted issuer int" + NL);
        assertThat(server.last().route()).isEqualTo("DELETE " + PKI + "issuers/int");
    }

    @Test
    void issuerExport_toAFile_isOwnerOnly_andAnIssuerNotExportableIsAnError() throws IOException {
        server.once("GET " + PKI + "issuers/root/export", 403, "{\"error\":{\"code\":\"access_denied\",\"message\":"
                        + "\"issuer root was not created exportable\",\"request_id\":\"req_7\"}}", Map.of())
                .on("GET " + PKI + "issuers/root/export", 200, "{\"issuer\":\"iss_1\",\"private_key\":"
                        + PkiSamples.json(KEY) + "}");
        var denied = cli().run("pki", "issuer", "export", "root");
        assertThat(denied.exitCode()).isEqualTo(1);
        assertThat(denied.err()).isEqualTo("error: issuer root was not created exportable (access_denied, request "
                + "req_7)" + NL);
        var written = ok(cli().run("pki", "issuer", "export", "root", "--key-out", dir + "/root.key"));
        assertThat(written.out()).doesNotContain("MIGHkey");
        assertThat(Files.readString(dir.resolve("root.key"))).isEqualTo(KEY);
        assertThat(permissions(dir.resolve("root.key"))).isEqualTo("rw-------");
    }

    @Test
    void rolePut_sendsOnlyWhatWasGiven_switchesBothWays() throws IOException {
        server.on("PUT " + PKI + "roles/web", 200, PkiSamples.ROLE);
        var result = ok(cli().run("pki", "role", "put", "web", "--allowed-domain", "example.com", "--allowed-domain",
                "example.org", "--allow-subdomains", "--no-enforce-hostnames", "--allow-ip-sans", "--max-ttl", "720h",
                "--ext-key-usage", "server_auth,client_auth", "--no-store"));
        JsonNode body = sent();
        assertThat(body.get("allowed_domains")).hasSize(2);
        assertThat(body.get("allow_subdomains").asBoolean()).isTrue();
        assertThat(body.get("enforce_hostnames").asBoolean()).isFalse();
        assertThat(body.get("allow_ip_sans").asBoolean()).isTrue();
        assertThat(body.get("max_ttl").asText()).isEqualTo("30d");
        assertThat(body.get("ext_key_usage").toString()).isEqualTo("[\"server_auth\",\"client_auth\"]");
        assertThat(body.get("no_store").asBoolean()).isTrue();
        assertThat(body.has("allow_bare_domains")).isFalse();
        assertThat(body.has("ttl")).isFalse();
        assertThat(result.out()).contains("ALLOWED DOMAINS    example.com" + NL)
                .contains("ALLOWS             subdomains,wildcards,ip-sans" + NL);
    }

    @Test
    void role_showListDelete() {
        server.on("GET " + PKI + "roles/web", 200, PkiSamples.ROLE)
                .on("GET " + PKI + "roles", 200, "{\"data\":[" + PkiSamples.ROLE + "],\"has_more\":false}")
                .on("DELETE " + PKI + "roles/web", 204, "");
        assertThat(ok(cli().run("pki", "role", "show", "web")).out()).contains("MAX TTL            30d" + NL);
        assertThat(ok(cli().run("pki", "role", "list")).out())
                .contains("web   (default)  example.com      subdomains,wildcards,ip-sans  24h  30d" + NL);
        ok(cli().run("pki", "role", "delete", "web"));
        assertThat(server.last().route()).isEqualTo("DELETE " + PKI + "roles/web");
    }

    @Test
    void issue_writesCertificateChainAndAnOwnerOnlyKey_andJsonLeavesTheWrittenKeyOut() throws IOException {
        server.on("POST " + PKI + "issue/web", 200, PkiSamples.ISSUED);
        var result = ok(cli().run("pki", "issue", "web", "--common-name", "www.example.com", "--alt-name",
                "api.example.com", "--ip-san", "10.0.0.1", "--ttl", "12h", "--cert-out", dir + "/www.pem",
                "--key-out", dir + "/www.key", "--chain-out", dir + "/chain.pem", "--format", "json"));
        assertThat(server.last().body()).isEqualTo("{\"common_name\":\"www.example.com\",\"alt_names\":"
                + "[\"api.example.com\"],\"ip_sans\":[\"10.0.0.1\"],\"ttl\":\"12h\"}");
        assertThat(Files.readString(dir.resolve("www.pem"))).isEqualTo(CERT);
        assertThat(Files.readString(dir.resolve("www.key"))).isEqualTo(KEY);
        assertThat(permissions(dir.resolve("www.key"))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("chain.pem"))).isEqualTo(CERT);
        JsonNode json = Json.lenient().readTree(result.out());
        assertThat(json.get("serial_number").asText()).isEqualTo("4b:02:ff");
        assertThat(json.has("private_key")).isFalse();
        assertThat(result.out()).doesNotContain("MIGHkey");
    }

    @Test
    void issue_withoutFiles_printsSerialCertificateAndKey() {
        server.on("POST " + PKI + "issue/web", 200, PkiSamples.ISSUED);
        var result = ok(cli().run("pki", "issue", "web", "--common-name", "www.example.com"));
        assertThat(result.out()).isEqualTo(("SERIAL   4b:02:ff\nEXPIRES  2026-01-02T00:00:00.000Z\n" + CERT + KEY)
                .replace("\n", NL));
        var json = ok(cli().run("pki", "issue", "web", "--common-name", "www.example.com", "--format", "json"));
        assertThat(json.out()).contains("\"private_key\" : " + PkiSamples.json(KEY));
    }

    @Test
    void sign_readsTheCsrFromStdin_andPrintsTheCertificate() throws IOException {
        server.on("POST " + PKI + "sign/web", 200, PkiSamples.SIGNED);
        var result = cli().runWithStdin(CSR_PEM, "pki", "sign", "web", "--csr", "-", "--ttl", "30d");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(sent().get("csr").asText()).isEqualTo(CSR_PEM);
        assertThat(result.out()).contains("SERIAL   4b:03" + NL).endsWith(CERT.replace("\n", NL));
        var missing = cli().run("pki", "sign", "web", "--csr", dir + "/nope.csr");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("--csr: no such file: " + dir + "/nope.csr");
    }

    @Test
    void cert_listShowsTheNextCursor_andShowPrintsThePem() {
        server.on("GET " + PKI + "certs?revoked=true&limit=1", 200, PkiSamples.CERTIFICATES)
                .on("GET " + PKI + "certs/4b%3A02%3Aff", 200, PkiSamples.CERTIFICATE);
        assertThat(ok(cli().run("pki", "cert", "list", "--revoked", "--limit", "1")).out()).isEqualTo((""
                + "SERIAL    COMMON NAME      ISSUER  NOT AFTER                 REVOKED\n"
                + "4b:02:ff  www.example.com  iss_1   2026-01-02T00:00:00.000Z  2026-01-01T12:00:00.000Z\n"
                + "More: --cursor c2\n").replace("\n", NL));
        assertThat(ok(cli().run("pki", "cert", "show", "4b:02:ff")).out()).contains("ROLE         web" + NL)
                .endsWith(CERT.replace("\n", NL));
    }

    @Test
    void revoke_bySerialOrCertificate_andExactlyOneOfThem() throws IOException {
        server.on("POST " + PKI + "revoke", 200, PkiSamples.REVOKED);
        assertThat(ok(cli().run("pki", "revoke", "4b:02:ff", "--reason", "key_compromise")).out())
                .isEqualTo("Revoked 4b:02:ff at 2026-01-01T12:00:00.000Z (key_compromise)" + NL);
        assertThat(server.last().body()).isEqualTo("{\"serial_number\":\"4b:02:ff\",\"reason\":\"key_compromise\"}");
        ok(cli().run("pki", "revoke", "--certificate", file("leaf.pem", CERT)));
        assertThat(server.last().body()).isEqualTo("{\"certificate\":" + PkiSamples.json(CERT) + "}");
        int sent = server.requests().size();
        assertThat(cli().run("pki", "revoke").exitCode()).isEqualTo(2);
        assertThat(cli().run("pki", "revoke", "4b:02:ff", "--certificate", file("leaf.pem", CERT)).exitCode())
                .isEqualTo(2);
        assertThat(server.requests()).hasSize(sent);
    }

    @Test
    void tidyAndCrlRotateAndConfig() throws IOException {
        server.on("POST " + PKI + "tidy", 200, "{\"certificates_removed\":3,\"revocations_removed\":1}")
                .on("POST " + PKI + "crl/rotate", 200, PkiSamples.CRLS)
                .on("GET " + PKI + "config/crl", 200, PkiSamples.CRL_CONFIG)
                .on("PUT " + PKI + "config/crl", 200, PkiSamples.CRL_CONFIG);
        assertThat(ok(cli().run("pki", "tidy", "--safety-buffer", "1h", "--no-certificates")).out())
                .isEqualTo("Removed 3 certificates and 1 revocation entries" + NL);
        assertThat(server.last().body()).isEqualTo("{\"certificates\":false,\"safety_buffer\":\"1h\"}");
        assertThat(ok(cli().run("pki", "crl", "rotate")).out()).contains(
                "iss_1   7       no     1        2026-01-01T12:00:00.000Z  2026-01-04T12:00:00.000Z" + NL);
        assertThat(ok(cli().run("pki", "crl", "config")).out()).contains("DELTA INTERVAL  15m" + NL);
        assertThat(server.last().route()).isEqualTo("GET " + PKI + "config/crl");
        ok(cli().run("pki", "crl", "config", "--delta-interval", "5m", "--no-disabled"));
        assertThat(server.last().body()).isEqualTo("{\"delta_interval\":\"5m\",\"disabled\":false}");
    }

    @Test
    void crlShowAndCa_printPem_writeDer_andRefuseDerToTheTerminal() throws IOException {
        String crl = "-----BEGIN X509 CRL-----\nMIIcrl\n-----END X509 CRL-----\n";
        server.on("GET " + PKI + "crl/pem", 200, crl).on("GET " + PKI + "issuers/int/crl/delta", 200, "0\u0001delta")
                .on("GET " + PKI + "ca/pem", 200, CERT).on("GET " + PKI + "issuers/int/ca_chain", 200, CERT + CERT);
        assertThat(ok(cli().run("pki", "crl", "show")).out()).isEqualTo(crl.replace("\n", NL));
        ok(cli().run("pki", "crl", "show", "--issuer", "int", "--delta", "--der", "--out", dir + "/delta.crl"));
        assertThat(Files.readAllBytes(dir.resolve("delta.crl"))).isEqualTo("0\u0001delta".getBytes(StandardCharsets.UTF_8));
        var json = Json.lenient().readTree(ok(cli().run("pki", "crl", "show", "--format", "json")).out());
        assertThat(json.get("pem").asText()).isEqualTo(crl);

        var der = cli().run("pki", "crl", "show", "--der");
        assertThat(der.exitCode()).isEqualTo(2);
        assertThat(der.err()).contains("--der writes binary: give --out FILE");

        assertThat(ok(cli().run("pki", "ca")).out()).isEqualTo(CERT.replace("\n", NL));
        ok(cli().run("pki", "ca", "--issuer", "int", "--chain", "--out", dir + "/chain.pem"));
        assertThat(Files.readString(dir.resolve("chain.pem"))).isEqualTo(CERT + CERT);
    }

    @Test
    void csrApprovalFlow_importApproveSign_andTheRefusalsPrintOneLine() throws IOException {
        server.on("POST " + PKI + "csrs", 201, PkiSamples.CSR)
                .on("GET " + PKI + "csrs?state=pending", 200, "{\"data\":[" + PkiSamples.CSR + "],\"has_more\":false}")
                .once("POST " + PKI + "csrs/csr_1/approve", 403, "{\"error\":{\"code\":\"access_denied\",\"message\":"
                        + "\"you imported csr_1: another principal must approve it (separation of duties)\","
                        + "\"request_id\":\"req_9\"}}", Map.of())
                .on("POST " + PKI + "csrs/csr_1/approve", 200, PkiSamples.APPROVED)
                .on("POST " + PKI + "csrs/csr_1/sign", 200, PkiSamples.SIGNED);
        var imported = ok(cli().run("pki", "csr", "import", "--csr", file("app.csr", CSR_PEM), "--comment", "app"));
        assertThat(imported.out()).contains("STATE         pending" + NL);
        assertThat(server.last().body()).isEqualTo("{\"csr\":" + PkiSamples.json(CSR_PEM) + ",\"comment\":\"app\"}");
        assertThat(ok(cli().run("pki", "csr", "list", "--state", "pending")).out()).contains("csr_1  pending");

        var own = cli().run("pki", "csr", "approve", "csr_1");
        assertThat(own.exitCode()).isEqualTo(1);
        assertThat(own.err()).isEqualTo("error: you imported csr_1: another principal must approve it (separation of "
                + "duties) (access_denied, request req_9)" + NL);
        assertThat(ok(cli().run("pki", "csr", "approve", "csr_1", "--reason", "ticket 42")).out())
                .contains("DECIDED BY    user:bob" + NL);
        assertThat(server.last().body()).isEqualTo("{\"reason\":\"ticket 42\"}");

        ok(cli().run("pki", "csr", "sign", "csr_1", "--issuer", "int", "--ttl", "90d", "--cert-out", dir + "/app.pem"));
        assertThat(server.last().body()).isEqualTo("{\"issuer\":\"int\",\"ttl\":\"90d\"}");
        assertThat(Files.readString(dir.resolve("app.pem"))).isEqualTo(CERT);
    }

    @Test
    void csr_generateShowRejectAndKey() throws IOException {
        server.on("POST " + PKI + "csrs/generate", 201, PkiSamples.APPROVED)
                .on("GET " + PKI + "csrs/csr_1", 200, PkiSamples.CSR)
                .on("POST " + PKI + "csrs/csr_1/reject", 200, PkiSamples.CSR)
                .on("GET " + PKI + "csrs/csr_1/key", 200, "{\"id\":\"csr_1\",\"private_key\":" + PkiSamples.json(KEY)
                        + "}");
        ok(cli().run("pki", "csr", "generate", "--common-name", "app.example.com", "--dns-name", "app.example.com",
                "--key-type", "rsa", "--key-bits", "2048", "--exportable", "--csr-out", dir + "/app.csr"));
        assertThat(server.last().body()).isEqualTo("{\"common_name\":\"app.example.com\",\"dns_names\":"
                + "[\"app.example.com\"],\"key_type\":\"rsa\",\"key_bits\":2048,\"exportable\":true}");
        assertThat(Files.readString(dir.resolve("app.csr"))).isEqualTo(CSR_PEM);
        assertThat(ok(cli().run("pki", "csr", "show", "csr_1")).out()).endsWith(CSR_PEM.replace("\n", NL));
        ok(cli().run("pki", "csr", "reject", "csr_1"));
        assertThat(server.last().body()).isEqualTo("{}");
        ok(cli().run("pki", "csr", "key", "csr_1", "--key-out", dir + "/app.key"));
        assertThat(permissions(dir.resolve("app.key"))).isEqualTo("rw-------");
        assertThat(ok(cli().run("pki", "csr", "key", "csr_1")).out()).isEqualTo(KEY.replace("\n", NL));
    }

    @Test
    void validate_invalid_exitsOne_printingEachError_valid_exitsZero() throws IOException {
        server.on("POST " + PKI + "validate", 200, PkiSamples.INVALID);
        String leaf = file("leaf.pem", CERT);
        String chain = file("chain.pem", "intermediate\n" + CERT + CERT.replace("MIIBroot", "MIIBother"));
        var invalid = cli().run("pki", "validate", "--certificate", leaf, "--chain", chain, "--purpose", "server_auth",
                "--hostname", "other.example.com");
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.out()).startsWith("invalid" + NL)
                .contains("error: revoked: the certificate was revoked at 2026-01-01T12:00:00Z (key_compromise)" + NL)
                .contains("error: name_mismatch: the certificate is not for other.example.com" + NL);
        JsonNode body = sent();
        assertThat(body.get("chain")).hasSize(2);
        assertThat(body.get("chain").get(1).asText()).contains("MIIBother");
        assertThat(body.get("purpose").asText()).isEqualTo("server_auth");

        server.on("POST " + PKI + "validate", 200, PkiSamples.VALID);
        var valid = cli().run("pki", "validate", "--certificate", leaf, "--no-revocation-check", "--format", "json");
        assertThat(valid.exitCode()).isZero();
        assertThat(Json.lenient().readTree(valid.out()).get("valid").asBoolean()).isTrue();
        assertThat(sent().get("check_revocation").asBoolean()).isFalse();

        var notPem = cli().run("pki", "validate", "--certificate", leaf, "--chain", file("junk.pem", "junk"));
        assertThat(notPem.exitCode()).isEqualTo(1);
        assertThat(notPem.err()).contains("holds no PEM certificate");
    }

    @Test
    void help_ofEveryPkiCommand_exitsZero() {
        for (String[] command : new String[][] {{"pki"}, {"pki", "root", "generate"}, {"pki", "issuer"},
                {"pki", "issuer", "sign-intermediate"}, {"pki", "role", "put"}, {"pki", "issue"}, {"pki", "sign"},
                {"pki", "cert", "list"}, {"pki", "revoke"}, {"pki", "tidy"}, {"pki", "crl", "show"},
                {"pki", "crl", "config"}, {"pki", "csr", "sign"}, {"pki", "validate"}, {"pki", "ca"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            var result = cli().run(args);
            assertThat(result.exitCode()).as(String.join(" ", command)).isZero();
            assertThat(result.out()).contains("Usage: arca " + String.join(" ", command));
        }
        assertThat(server.requests()).isEmpty();
    }
}
