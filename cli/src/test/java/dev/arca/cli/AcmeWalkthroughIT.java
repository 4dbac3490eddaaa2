package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Acme;
import dev.arca.api.Json;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.OpenSsl;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import dev.arca.server.frontend.acme.AcmeTools;
import dev.arca.server.frontend.acme.ChallTestSrv;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * ACME end to end as a user runs it: one Arca server over HTTPS is both the CA (its PKI root behind its own ACME
 * directory, {@code arca pki acme …}) and the ACME client ({@code arca acme …}, then the SDK) that obtains a
 * certificate from it by http-01. The server's validator resolves the name through a pebble-challtestsrv (an A
 * record to 127.0.0.1) and fetches the answer from the port the server's own challenge listener serves. Every
 * certificate is checked by the real {@code openssl} against the vault's root.
 *
 * <p>The server's HTTPS certificate comes from a CA made with {@code openssl} here; the CLI and the SDK trust it as
 * a user's would through the JDK's default trust ({@code -Djavax.net.ssl.trustStore}), set for this class and put
 * back after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcmeWalkthroughIT {
    private static final Duration ORDER_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern PEM_CERTIFICATE =
            Pattern.compile("-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----\n?");

    private Path work;
    private OpenSsl openssl;
    private ChallTestSrv dns;
    private SSLContext systemTrust;
    private ArcaServer server;
    private Cli admin;
    private String directory;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(OpenSsl.available(), "no openssl on this host: skipping (apt-get install openssl)");
        work = Files.createDirectories(dir.resolve("work"));
        openssl = new OpenSsl(work);
        dns = ChallTestSrv.start();
        makeTlsCertificates();
        systemTrust = SSLContext.getDefault();
        SSLContext.setDefault(trusting(work.resolve("tls-ca.pem")));
        int http01 = AcmeTools.freePort();
        server = ArcaServer.start(new ServerConfigLoader(dir.resolve("home")).dev(true)
                .flag("listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve("data").toString())
                .flag("tls_cert", file("tls.pem"))
                .flag("tls_key", file("tls.key"))
                .flag("acme_http01_port", String.valueOf(http01))
                .flag("acme_challenge_listen", "127.0.0.1:" + http01)
                .flag("acme_private_ranges", "127.0.0.0/8")
                .flag("acme_dns_resolver", dns.dnsResolver())
                .load());
        admin = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("home").toString())
                .with("ARCA_VAULT", "default");
        directory = rootAndAcmeServer();
        registerAccount();
        // a certificate secret lives in a project like any secret: acme/<name> by default, web/… for the SDK's
        ok(admin.run("project", "create", "acme"));
        ok(admin.run("project", "create", "web"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (systemTrust != null) {
            SSLContext.setDefault(systemTrust);
        }
        if (dns != null) {
            dns.close();
        }
    }

    @Test
    void issueByHttp01_thenRenew_theSecretKeepsEachChainAndKey_andThePkiEngineRecordsBothSerials()
            throws IOException {
        String name = "www.walkthrough.test";
        dns.addA(name, List.of("127.0.0.1"));

        JsonNode issued = json(admin.run("acme", "issue", "--account", "self", "--domain", name, "--challenge",
                "http-01", "--wait", "--format", "json"));
        assertThat(issued.path("status").asText()).as(issued.toString()).isEqualTo(Acme.VALID);
        assertThat(issued.path("secret").asText()).isEqualTo("acme/" + name);
        assertThat(issued.path("secret_version").asInt()).isEqualTo(1);
        String firstSerial = issued.path("serial_number").asText();
        assertThat(keptCertificate("acme/" + name, "first.pem", name)).isEqualTo(plainHex(firstSerial));

        JsonNode managed = onlyCertificateOf("acme/" + name);
        assertThat(managed.path("domains").toString()).contains(name);
        assertThat(managed.path("serial_number").asText()).isEqualTo(firstSerial);
        assertThat(managed.path("auto_renew").asBoolean()).as("renewed unless --no-auto-renew").isTrue();
        String id = managed.path("id").asText();
        assertThat(ok(admin.run("acme", "certificates", "list")).out()).contains(id).contains("acme/" + name);

        JsonNode renewed = json(admin.run("acme", "renew", id, "--wait", "--format", "json"));
        assertThat(renewed.path("status").asText()).as(renewed.toString()).isEqualTo(Acme.VALID);
        assertThat(renewed.path("renewal").asBoolean()).isTrue();
        assertThat(renewed.path("secret_version").asInt()).as("a renewal adds a version").isEqualTo(2);
        String secondSerial = renewed.path("serial_number").asText();
        assertThat(plainHex(secondSerial)).isNotEqualTo(plainHex(firstSerial));
        assertThat(keptCertificate("acme/" + name, "second.pem", name)).isEqualTo(plainHex(secondSerial));
        assertThat(json(admin.run("secret", "get", "acme/" + name, "--version", "1", "--format", "json"))
                .path("value").asText()).as("the first version stays").isEqualTo(openssl.read("first.pem"));
        assertThat(onlyCertificateOf("acme/" + name).path("serial_number").asText()).isEqualTo(secondSerial);

        var stored = new ArrayList<String>();
        json(admin.run("pki", "cert", "list", "--format", "json")).path("data")
                .forEach(c -> stored.add(plainHex(c.path("serial_number").asText())));
        assertThat(stored).as("the vault's CA keeps what its ACME server issued")
                .contains(plainHex(firstSerial), plainHex(secondSerial));
    }

    @Test
    void sdkIssueAndAwaitOrder_writesAVerifiableCertificateSecret() throws IOException {
        String name = "api.walkthrough.test";
        dns.addA(name, List.of("127.0.0.1"));
        try (ArcaClient client = ArcaClient.builder().address(server.address())
                .token(server.devCredentials().orElseThrow().rootToken()).build()) {
            var acme = client.acme().withVault("default");
            Acme.Order started = acme.issue(new Acme.IssueRequest("self", List.of(name), Acme.HTTP_01,
                    "web/api-tls", null, null, null, null));
            assertThat(started.done()).as("the order moves on in the background").isFalse();

            Acme.Order ended = acme.awaitOrder(started.id(), ORDER_TIMEOUT);
            assertThat(ended.status()).as(ended.error()).isEqualTo(Acme.VALID);
            assertThat(ended.secretVersion()).isEqualTo(1);
            var secret = client.secrets().withVault("default").read("web/api-tls");
            assertThat(secret.type()).isEqualTo("certificate");
            openssl.file("sdk.pem", secret.value().reveal());
            assertThat(verifiedSerial("sdk.pem", name)).isEqualTo(plainHex(ended.serialNumber()));
            assertThat(acme.certificates().data()).anySatisfy(c -> assertThat(c.secret()).isEqualTo("web/api-tls"));
        }
    }

    /** The root made in the vault and the ACME server turned on before it; its directory URL as status prints it. */
    private String rootAndAcmeServer() throws IOException {
        json(admin.run("pki", "root", "generate", "root", "--common-name", "Arca ACME Walkthrough Root",
                "--cert-out", file("root.pem"), "--format", "json"));
        JsonNode enabled = json(admin.run("pki", "acme", "enable", "--format", "json"));
        assertThat(enabled.path("enabled").asBoolean()).isTrue();
        String url = enabled.path("directory").asText();
        assertThat(url).isEqualTo(server.address() + "/v1/vaults/default/pki/acme/directory")
                .startsWith("https://");
        assertThat(ok(admin.run("pki", "acme", "status")).out()).containsPattern("ENABLED +yes")
                .containsPattern("DIRECTORY +" + Pattern.quote(url));
        return url;
    }

    /** The vault's ACME client registered at the vault's own directory, trusting its HTTPS through the given CA. */
    private void registerAccount() throws IOException {
        JsonNode account = json(admin.run("acme", "account", "create", "self", "--directory", directory,
                "--email", "ops@example.test", "--agree-tos", "--directory-ca", file("tls-ca.pem"), "--format", "json"));
        assertThat(account.path("status").asText()).isEqualTo("valid");
        assertThat(account.path("url").asText()).startsWith(server.address() + "/v1/vaults/default/pki/acme/account/");
        assertThat(account.path("email").asText()).isEqualTo("ops@example.test");
        assertThat(account.toString()).doesNotContain("PRIVATE KEY");
    }

    /**
     * The current version of {@code secret} as {@code arca secret get} prints it, written to {@code fileName}: a PEM
     * chain and its key; answers the leaf's serial once openssl verified it.
     */
    private String keptCertificate(String secret, String fileName, String name) throws IOException {
        JsonNode read = json(admin.run("secret", "get", secret, "--format", "json"));
        assertThat(read.path("type").asText()).isEqualTo("certificate");
        openssl.file(fileName, read.path("value").asText());
        assertThat(ok(admin.run("secret", "get", secret)).out().strip()).isEqualTo(read.path("value").asText().strip());
        return verifiedSerial(fileName, name);
    }

    /**
     * Checks the PEM in {@code fileName}: its first certificate verifies to the vault's root and names {@code name},
     * its private key is that certificate's; answers the serial (lower-case hex).
     */
    private String verifiedSerial(String fileName, String name) {
        String pem = openssl.read(fileName);
        assertThat(pem).contains("-----BEGIN CERTIFICATE-----").containsPattern("-----BEGIN (EC )?PRIVATE KEY-----");
        var matcher = PEM_CERTIFICATE.matcher(pem);
        assertThat(matcher.find()).isTrue();
        openssl.file(fileName + ".leaf", matcher.group());
        assertThat(openssl.ok("verify", "-CAfile", "root.pem", fileName + ".leaf")).contains(": OK");
        assertThat(openssl.ok("x509", "-in", fileName + ".leaf", "-noout", "-ext", "subjectAltName"))
                .contains("DNS:" + name);
        assertThat(openssl.ok("pkey", "-in", fileName, "-pubout"))
                .isEqualTo(openssl.ok("x509", "-in", fileName + ".leaf", "-noout", "-pubkey"));
        String serial = openssl.ok("x509", "-in", fileName + ".leaf", "-noout", "-serial").strip();
        return plainHex(serial.substring(serial.indexOf('=') + 1));
    }

    private JsonNode onlyCertificateOf(String secret) throws IOException {
        var matching = new ArrayList<JsonNode>();
        json(admin.run("acme", "certificates", "list", "--format", "json")).path("data").forEach(c -> {
            if (c.path("secret").asText().equals(secret)) {
                matching.add(c);
            }
        });
        assertThat(matching).hasSize(1);
        return matching.getFirst();
    }

    /** A TLS CA and the server's certificate for 127.0.0.1 and localhost, made with openssl as an operator would. */
    private void makeTlsCertificates() {
        openssl.ok("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "tls-ca.key", "-out", "tls-ca.pem", "-days", "1", "-subj", "/CN=Walkthrough TLS CA",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        openssl.ok("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "tls.key",
                "-out", "tls.csr", "-subj", "/CN=localhost");
        openssl.file("tls.ext", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl.ok("x509", "-req", "-in", "tls.csr", "-CA", "tls-ca.pem", "-CAkey", "tls-ca.key",
                "-CAcreateserial", "-out", "tls.pem", "-days", "1", "-extfile", "tls.ext");
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        var store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            store.setCertificateEntry("tls-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        var context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** A serial as openssl prints it and as Arca does, reduced to one form: lower-case hex, no leading zeros. */
    private static String plainHex(String text) {
        return new BigInteger(text.replace(":", ""), 16).toString(16);
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
