package dev.arca.server.pki;

import static dev.arca.server.pki.PkiIssuerIT.expect;
import static dev.arca.server.pki.PkiIssuerIT.quote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CA key never reaches the disk in plaintext: after importing a CA with its key and generating an exportable
 * root (whose key the test then knows), and signing with both, neither key — as PKCS#8 DER, as its PEM base64, or as
 * its bare EC scalar — is in any file of the data directory (the database with its WAL, every column) or the audit
 * trail, and no answer but the export carries it.
 */
class PkiKeyLeakIT {
    private static final String PKI = "/v1/vaults/default/pki";

    @TempDir
    Path dir;

    @Test
    void caKeys_neverReachTheDatabaseOrTheAuditTrailInPlaintext() throws IOException {
        Path audit = dir.resolve("audit.log");
        var answers = new ArrayList<String>();
        PrivateKey imported;
        PrivateKey generated;
        try (TestServer server = TestServer.start(dir.resolve("server"), Map.of("audit_file", audit.toString()))
                .initAndUnseal()) {
            var openssl = new OpenSsl(dir);
            openssl.run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=Outside",
                    "-addext", "basicConstraints=critical,CA:TRUE");
            imported = Pem.privateKey(openssl.read("ca.key"), "test");
            answers.add(expect(201, server.root("POST", PKI + "/issuers/import", "{\"name\":\"outside\","
                    + "\"certificate\":" + quote(openssl.read("ca.pem")) + ",\"private_key\":"
                    + quote(openssl.read("ca.key")) + "}")).body());
            answers.add(expect(201, server.root("POST", PKI + "/issuers/root",
                    "{\"name\":\"exp\",\"common_name\":\"E\",\"exportable\":true}")).body());
            generated = Pem.privateKey(expect(200, server.root("GET", PKI + "/issuers/exp/export", null)).json()
                    .path("private_key").asText(), "test");
            openssl.run("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", "sub.key", "-out", "sub.csr", "-subj", "/CN=Sub");
            for (String issuer : List.of("outside", "exp")) {
                answers.add(expect(200, server.root("POST", PKI + "/issuers/" + issuer + "/sign-intermediate",
                        "{\"csr\":" + quote(openssl.read("sub.csr")) + "}")).body());
                answers.add(expect(200, server.root("GET", PKI + "/issuers/" + issuer, null)).body());
            }
            answers.add(expect(200, server.root("GET", PKI + "/issuers", null)).body());
        }

        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir.resolve("server"))) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        files.add(audit);
        assertThat(files).hasSizeGreaterThan(1);
        for (PrivateKey key : List.of(imported, generated)) {
            List<byte[]> forms = forms(key);
            for (Path file : files) {
                byte[] content = Files.readAllBytes(file);
                for (byte[] form : forms) {
                    assertThat(indexOf(content, form)).as("a CA key in %s", file).isEqualTo(-1);
                }
            }
            for (String answer : answers) {
                for (byte[] form : forms) {
                    assertThat(indexOf(answer.getBytes(StandardCharsets.UTF_8), form)).as("a CA key in an answer")
                            .isEqualTo(-1);
                }
            }
        }
    }

    /** The key as PKCS#8 DER, the start of its PEM base64, and its bare 32-byte EC scalar. */
    private static List<byte[]> forms(PrivateKey key) {
        byte[] der = key.getEncoded();
        String base64 = Base64.getEncoder().encodeToString(der);
        BigInteger scalar = ((ECPrivateKey) key).getS();
        byte[] raw = scalar.toByteArray();
        byte[] fixed = new byte[32];
        System.arraycopy(raw, Math.max(0, raw.length - 32), fixed, Math.max(0, 32 - raw.length),
                Math.min(32, raw.length));
        // the base64 of the DER's end, where the scalar is (its start encodes the algorithm, the same for every key)
        return List.of(der, base64.substring(base64.length() - 40).getBytes(StandardCharsets.US_ASCII), fixed);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
