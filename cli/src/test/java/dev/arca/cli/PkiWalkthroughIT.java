package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.sdk.OpenSsl;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PKI engine as a user runs it through {@code arca pki …} against a real dev server in this process, every
 * certificate checked by the real {@code openssl}: a root and an intermediate made in the vault, a role, a leaf
 * issued, an {@code openssl req} CSR signed, the CSR approval flow with two principals, validation, and revocation
 * seen by the CRL and by the OCSP responder.
 */
class PkiWalkthroughIT {
    @TempDir
    Path dir;

    private Path work;
    private OpenSsl openssl;
    private ArcaServer server;
    private Cli admin;

    @BeforeEach
    void start() throws IOException {
        Assumptions.assumeTrue(OpenSsl.available(), "no openssl on this host: skipping (apt-get install openssl)");
        work = Files.createDirectories(dir.resolve("work"));
        openssl = new OpenSsl(work);
        server = ArcaServer.start(new ServerConfigLoader(dir.resolve("home")).dev(true)
                .flag("listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve("data").toString())
                .load());
        admin = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("home").toString())
                .with("ARCA_VAULT", "default");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rootIntermediateRoleIssueSignApproveValidateRevoke_opensslAgreesAtEachStep() throws IOException {
        makeRootAndIntermediate();
        JsonNode role = json(admin.run("pki", "role", "put", "web", "--issuer", "int", "--allowed-domain",
                "example.com", "--allow-subdomains", "--format", "json"));
        assertThat(role.get("name").asText()).isEqualTo("web");

        String leafSerial = issueLeaf();
        String signedSerial = signOpensslCsr();
        approvalFlow();
        validate("leaf.pem", "www.example.com");
        var wrongHost = admin.run("pki", "validate", "--certificate", file("leaf.pem"), "--chain", file("int.pem"),
                "--hostname", "www.example.org");
        assertThat(wrongHost.exitCode()).as(wrongHost.out()).isEqualTo(1);
        assertThat(wrongHost.out()).startsWith("invalid").contains("error: name_mismatch: ");

        assertThat(openssl.ok("verify", "-CAfile", "root.pem", "-untrusted", "int.pem", "leaf.pem"))
                .contains("leaf.pem: OK");
        assertThat(ocsp("leaf.pem")).contains("leaf.pem: good");

        JsonNode revoked = json(admin.run("pki", "revoke", leafSerial, "--reason", "key_compromise", "--format",
                "json"));
        assertThat(revoked.get("serial_number").asText()).isEqualTo(leafSerial);
        assertThat(revoked.get("reason").asText()).isEqualTo("key_compromise");
        assertRevocationSeenEverywhere(leafSerial, signedSerial);
    }

    /** The root, then an intermediate generated in the vault whose CSR goes out, is signed by the root and comes back. */
    private void makeRootAndIntermediate() throws IOException {
        JsonNode root = json(admin.run("pki", "root", "generate", "root", "--common-name", "Arca Walkthrough Root",
                "--cert-out", file("root.pem"), "--format", "json"));
        assertThat(root.get("is_default").asBoolean()).isTrue();
        assertThat(root.get("kind").asText()).isEqualTo("root");
        assertThat(openssl.ok("x509", "-in", "root.pem", "-noout", "-subject")).contains("CN = Arca Walkthrough Root");

        JsonNode pending = json(admin.run("pki", "intermediate", "generate", "int", "--common-name",
                "Arca Walkthrough Int", "--csr-out", file("int.csr"), "--format", "json"));
        assertThat(pending.get("issuer").get("state").asText()).isEqualTo("pending");
        assertThat(openssl.ok("req", "-in", "int.csr", "-noout", "-verify")).contains("verify OK");

        json(admin.run("pki", "issuer", "sign-intermediate", "root", "--csr", file("int.csr"), "--ttl", "1825d",
                "--cert-out", file("int.pem"), "--format", "json"));
        assertThat(openssl.ok("verify", "-CAfile", "root.pem", "int.pem")).contains("int.pem: OK");
        JsonNode active = json(admin.run("pki", "issuer", "set-signed", "int", "--certificate", file("int.pem"),
                "--format", "json"));
        assertThat(active.get("state").asText()).isEqualTo("active");
        assertThat(active.get("kind").asText()).isEqualTo("intermediate");
        openssl.file("chain.pem", openssl.read("int.pem") + openssl.read("root.pem"));
    }

    /** A key made in the vault and its certificate; the key is written for its owner only and matches the certificate. */
    private String issueLeaf() throws IOException {
        JsonNode issued = json(admin.run("pki", "issue", "web", "--common-name", "www.example.com", "--cert-out",
                file("leaf.pem"), "--key-out", file("leaf.key"), "--format", "json"));
        assertThat(issued.has("private_key")).as("a key written to --key-out is never printed").isFalse();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("leaf.key"))))
                .isEqualTo("rw-------");
        assertThat(openssl.ok("pkey", "-in", "leaf.key", "-pubout"))
                .isEqualTo(openssl.ok("x509", "-in", "leaf.pem", "-noout", "-pubkey"));
        assertThat(openssl.ok("x509", "-in", "leaf.pem", "-noout", "-ext", "subjectAltName"))
                .contains("DNS:www.example.com");
        String serial = issued.get("serial_number").asText();
        JsonNode stored = json(admin.run("pki", "cert", "show", serial, "--format", "json"));
        assertThat(stored.get("certificate").asText()).isEqualTo(openssl.read("leaf.pem"));
        return serial;
    }

    /** A CSR whose key never leaves openssl, signed against the role. */
    private String signOpensslCsr() throws IOException {
        openssl.csr("app", "app.example.com", "DNS:app.example.com");
        JsonNode signed = json(admin.run("pki", "sign", "web", "--csr", file("app.csr"), "--cert-out",
                file("app.pem"), "--format", "json"));
        assertThat(signed.has("private_key")).isFalse();
        assertThat(openssl.ok("verify", "-CAfile", "root.pem", "-untrusted", "int.pem", "app.pem"))
                .contains("app.pem: OK");
        assertThat(openssl.ok("pkey", "-in", "app.key", "-pubout"))
                .isEqualTo(openssl.ok("x509", "-in", "app.pem", "-noout", "-pubkey"));
        return signed.get("serial_number").asText();
    }

    /**
     * An imported CSR waits: signing it is refused (409), its importer may not approve it (403), another principal
     * holding {@code pki:approve} does, and then it is signed by id.
     */
    private void approvalFlow() throws IOException {
        openssl.csr("api", "api.example.com", "DNS:api.example.com");
        JsonNode imported = json(admin.run("pki", "csr", "import", "--csr", file("api.csr"), "--comment",
                "ticket SEC-7", "--format", "json"));
        String id = imported.get("id").asText();
        assertThat(imported.get("state").asText()).isEqualTo("pending");
        assertThat(imported.get("origin").asText()).isEqualTo("imported");

        var early = admin.run("pki", "csr", "sign", id, "--issuer", "int");
        assertThat(early.exitCode()).isEqualTo(1);
        assertThat(early.err()).contains("(conflict, request req_");
        var own = admin.run("pki", "csr", "approve", id);
        assertThat(own.exitCode()).isEqualTo(1);
        assertThat(own.err()).contains("separation of duties").contains("(access_denied, request req_");

        Cli approver = approver();
        JsonNode approved = json(approver.run("pki", "csr", "approve", id, "--reason", "checked SEC-7", "--format",
                "json"));
        assertThat(approved.get("state").asText()).isEqualTo("approved");
        assertThat(approved.get("decided_by").asText()).isNotEqualTo(imported.get("created_by").asText());
        assertThat(approved.get("reason").asText()).isEqualTo("checked SEC-7");
        assertThat(approver.run("pki", "issue", "web", "--common-name", "x.example.com").exitCode())
                .as("pki:approve grants nothing else").isEqualTo(1);

        JsonNode signed = json(admin.run("pki", "csr", "sign", id, "--issuer", "int", "--ttl", "72h", "--cert-out",
                file("api.pem"), "--format", "json"));
        assertThat(openssl.ok("verify", "-CAfile", "root.pem", "-untrusted", "int.pem", "api.pem"))
                .contains("api.pem: OK");
        JsonNode done = json(admin.run("pki", "csr", "show", id, "--format", "json"));
        assertThat(done.get("state").asText()).isEqualTo("signed");
        assertThat(done.get("serial_number").asText()).isEqualTo(signed.get("serial_number").asText());
    }

    /** The CLI as a second principal: a token whose one policy is {@code pki:approve} on the vault's CSRs. */
    private Cli approver() throws IOException {
        Path policy = dir.resolve("approver.yaml");
        Files.writeString(policy, "rules:\n  - path: _pki/csrs/*\n    permissions: [\"pki:approve\"]\n");
        ok(admin.run("policy", "put", "csr-approver", "--file", policy.toString()));
        JsonNode created = json(admin.run("token", "create", "--policy", "csr-approver", "--ttl", "1h",
                "--display-name", "approver", "--format", "json"));
        return new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("approver-home").toString())
                .with("ARCA_VAULT", "default").with("ARCA_TOKEN", created.get("token").asText());
    }

    private void validate(String certificate, String hostname) throws IOException {
        JsonNode validation = json(admin.run("pki", "validate", "--certificate", file(certificate), "--chain",
                file("int.pem"), "--purpose", "server_auth", "--hostname", hostname, "--format", "json"));
        assertThat(validation.get("valid").asBoolean()).as(validation.toString()).isTrue();
        assertThat(validation.get("errors")).isEmpty();
    }

    private void assertRevocationSeenEverywhere(String leafSerial, String signedSerial) throws IOException {
        JsonNode built = json(admin.run("pki", "crl", "rotate", "--format", "json"));
        assertThat(built).isNotEmpty();
        ok(admin.run("pki", "crl", "show", "--issuer", "int", "--out", file("int-crl.pem")));
        String crl = openssl.ok("crl", "-in", "int-crl.pem", "-noout", "-text");
        assertThat(crl).contains("Key Compromise");
        assertThat(plainHex(crl)).contains(plainHex(leafSerial)).doesNotContain(plainHex(signedSerial));

        var verify = openssl.run("verify", "-crl_check", "-CRLfile", "int-crl.pem", "-CAfile", "root.pem",
                "-untrusted", "int.pem", "leaf.pem");
        assertThat(verify.exitCode()).as(verify.output()).isNotZero();
        assertThat(verify.output()).contains("certificate revoked");
        assertThat(openssl.ok("verify", "-crl_check", "-CRLfile", "int-crl.pem", "-CAfile", "root.pem",
                "-untrusted", "int.pem", "app.pem")).contains("app.pem: OK");

        assertThat(ocsp("leaf.pem")).contains("leaf.pem: revoked").contains("Reason: keyCompromise");
        assertThat(ocsp("app.pem")).contains("app.pem: good");

        var invalid = admin.run("pki", "validate", "--certificate", file("leaf.pem"), "--chain", file("int.pem"),
                "--format", "json");
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(Json.lenient().readTree(invalid.out()).get("errors").toString()).contains("revoked");
    }

    /** {@code openssl ocsp} asking Arca's responder about a certificate of the intermediate, the answer verified. */
    private String ocsp(String certificate) {
        String output = openssl.ok("ocsp", "-issuer", "int.pem", "-cert", certificate, "-url",
                server.address() + "/v1/vaults/default/pki/ocsp", "-CAfile", "chain.pem", "-resp_text");
        assertThat(output).contains("Response verify OK");
        return output;
    }

    /** A serial as openssl prints it and as Arca does, reduced to one form: hex digits only, lower case. */
    private static String plainHex(String text) {
        return text.replace(":", "").toLowerCase(Locale.ROOT);
    }

    private String file(String name) {
        return work.resolve(name).toString();
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
        assertThat(result.err()).isEmpty();
        return result;
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        return Json.lenient().readTree(ok(result).out());
    }
}
