package dev.arca.server.acme;

import dev.arca.server.frontend.acme.AcmeTools;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.server.TestServer;
import dev.arca.server.pki.Pem;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The ACME client against a real Pebble (external account binding required, 5 % of good nonces refused) and
 * pebble-challtestsrv as its DNS: accounts, http-01 through Arca's challenge listener, dns-01 through a hook,
 * renewal into a new secret version, and an order that spans a restart of Arca. One Arca and one Pebble serve the
 * class; each test uses names of its own.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Tag("peer") // a real peer (Pebble, BIND): .ci/run runs it after verify
class AcmeClientPebbleIT {
    private static final String V = "/v1/vaults/default";
    private static final String A = V + "/acme";

    @TempDir
    static Path dir;
    static Pebble pebble;
    static TestServer server;
    static Map<String, String> settings;
    static Path hookLog;
    static Path hookBlock;

    @BeforeAll
    static void start() throws Exception {
        int httpPort = AcmeTools.freePort();
        pebble = Pebble.start(dir, httpPort);
        hookLog = dir.resolve("hook.log");
        hookBlock = dir.resolve("hook.block");
        Path hook = dir.resolve("dns-hook.sh");
        String challtestsrv = "http://127.0.0.1:" + pebble.challtestsrvPort;
        Files.writeString(hook, """
                #!/bin/bash
                echo "$1 $2 $3" >> %s
                if [ -e %s ]; then exit 1; fi
                case "$1" in
                  present) curl -sf -X POST -d "{\\"host\\":\\"$2\\",\\"value\\":\\"$3\\"}" %s/set-txt ;;
                  cleanup) curl -sf -X POST -d "{\\"host\\":\\"$2\\"}" %s/clear-txt ;;
                esac
                """.formatted(hookLog, hookBlock, challtestsrv, challtestsrv));
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        settings = Map.of("acme_challenge_listen", "127.0.0.1:" + httpPort, "acme_dns_hook", hook.toString());
        server = TestServer.start(dir.resolve("arca"), settings).initAndUnseal();
        expect(201, server.root("POST", V + "/projects", "{\"name\":\"acme\"}"));
        for (String name : List.of("web.acme.test.", "dns.acme.test.", "restart.acme.test.")) {
            pebble.challtestsrv("/add-a", "{\"host\":\"" + name + "\",\"addresses\":[\"127.0.0.1\"]}");
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (pebble != null) {
            pebble.close();
        }
    }

    @Test
    @Order(1)
    void anAccountWithEab_registers_andAnswersNoKey() {
        var missingEab = server.root("PUT", A + "/accounts/no-eab", account(null));
        expect(400, missingEab);
        assertThat(missingEab.json().path("error").path("message").asText()).contains("external account binding");

        JsonNode account = expect(200, server.root("PUT", A + "/accounts/pebble",
                account("{\"key_id\":\"" + Pebble.EAB_KID + "\",\"hmac_key\":\"" + Pebble.EAB_KEY + "\"}"))).json();
        assertThat(account.path("status").asText()).isEqualTo("valid");
        assertThat(account.path("url").asText()).startsWith("https://127.0.0.1:");
        assertThat(account.path("key_type").asText()).isEqualTo("ec");
        String read = expect(200, server.root("GET", A + "/accounts/pebble", null)).body();
        assertThat(read).doesNotContain("PRIVATE").contains("\"url\"");
        assertThat(expect(200, server.root("GET", A + "/accounts", null)).json().path("data").get(0).path("name")
                .asText()).isEqualTo("pebble");
    }

    @Test
    @Order(2)
    void aWrongEabKey_isA400SayingWhatTheCaAnsweredAndWhatToCheck() {
        var wrong = server.root("PUT", A + "/accounts/wrong", account("{\"key_id\":\"" + Pebble.EAB_KID
                + "\",\"hmac_key\":\"" + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" + "\"}"));
        expect(400, wrong);
        assertThat(wrong.json().path("error").path("message").asText()).contains("the CA answered").contains("eab");
        expect(404, server.root("GET", A + "/accounts/wrong", null));
        var notBase64 = server.root("PUT", A + "/accounts/wrong", account("{\"key_id\":\"" + Pebble.EAB_KID
                + "\",\"hmac_key\":\"not base64url!\"}"));
        expect(400, notBase64);
        assertThat(notBase64.json().path("error").path("details").path("field").asText()).isEqualTo("eab.hmac_key");
    }

    @Test
    @Order(3)
    void http01_writesVersion1_whoseChainVerifiesAgainstPebblesRoot_andWhoseKeyMatches() throws Exception {
        JsonNode order = expect(202, server.root("POST", A + "/certificates",
                "{\"account\":\"pebble\",\"domains\":[\"web.acme.test\"],\"challenge\":\"http-01\"}")).json();
        assertThat(order.path("status").asText()).isEqualTo("pending");
        assertThat(order.path("secret").asText()).isEqualTo("acme/web.acme.test");
        JsonNode done = awaitDone(order.path("id").asText());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("valid");
        assertThat(done.path("secret_version").asInt()).isEqualTo(1);

        JsonNode secret = expect(200, server.root("GET", V + "/secrets/acme/web.acme.test?metadata=true", null))
                .json();
        assertThat(secret.path("type").asText()).isEqualTo("certificate");
        String value = secret.path("value").asText();
        List<X509Certificate> chain = chainOf(value);
        verifies(chain, pebble.root());
        assertThat(chain.getFirst().getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))))
                .contains("web.acme.test");
        assertThat(matches(Pem.privateKey(value.substring(value.indexOf("-----BEGIN PRIVATE KEY")), "value"),
                chain.getFirst())).isTrue();
        String serial = chain.getFirst().getSerialNumber().toString(16);
        assertThat(done.path("serial_number").asText()).isEqualTo(serial);
        assertThat(secret.path("metadata").toString()).contains(serial).contains("web.acme.test");

        JsonNode certificate = certificateFor("acme/web.acme.test");
        assertThat(certificate.path("serial_number").asText()).isEqualTo(serial);
        Instant notBefore = Instant.parse(certificate.path("not_before").asText());
        Instant notAfter = Instant.parse(certificate.path("not_after").asText());
        assertThat(Instant.parse(certificate.path("renew_at").asText())).isBetween(notBefore, notAfter);
    }

    @Test
    @Order(4)
    void renew_writesVersion2_withAnotherSerial_andAWatcherHearsIt() throws Exception {
        JsonNode certificate = certificateFor("acme/web.acme.test");
        String secretId = expect(200, server.root("GET", V + "/secrets/acme/web.acme.test", null)).json()
                .path("id").asText();
        CompletableFuture<HttpResponse<String>> watch = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                URI.create(server.address() + "/v1/secrets/" + secretId + "/watch?since=1&wait=30s"))
                .header("Authorization", "Bearer " + server.rootToken).build(), HttpResponse.BodyHandlers.ofString());

        JsonNode order = expect(202, server.root("POST", A + "/certificates/" + certificate.path("id").asText()
                + "/renew", null)).json();
        assertThat(order.path("renewal").asBoolean()).isTrue();
        JsonNode done = awaitDone(order.path("id").asText());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("valid");
        assertThat(done.path("secret_version").asInt()).isEqualTo(2);
        assertThat(done.path("serial_number").asText()).isNotEqualTo(certificate.path("serial_number").asText());

        HttpResponse<String> heard = watch.get();
        assertThat(heard.statusCode()).isEqualTo(200);
        assertThat(heard.body()).contains("\"version\":2");
        String first = expect(200, server.root("GET", V + "/secrets/acme/web.acme.test?version=1", null)).json()
                .path("value").asText();
        assertThat(chainOf(first).getFirst().getSerialNumber().toString(16))
                .isEqualTo(certificate.path("serial_number").asText());
    }

    @Test
    @Order(5)
    void dns01ThroughTheHook_isValid_andTheTxtRecordIsClearedAfterwards() throws Exception {
        expect(200, server.root("PUT", A + "/dns/challtestsrv", "{\"type\":\"hook\"}"));
        JsonNode order = expect(202, server.root("POST", A + "/certificates", "{\"account\":\"pebble\","
                + "\"domains\":[\"dns.acme.test\"],\"challenge\":\"dns-01\",\"dns_provider\":\"challtestsrv\"}"))
                .json();
        JsonNode done = awaitDone(order.path("id").asText());
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("valid");

        String fqdn = "_acme-challenge.dns.acme.test.";
        List<String> calls = Files.readAllLines(hookLog);
        assertThat(calls).anyMatch(line -> line.startsWith("present " + fqdn + " "));
        assertThat(calls).anyMatch(line -> line.startsWith("cleanup " + fqdn + " "));
        var lookup = new Lookup(fqdn, Type.TXT);
        var resolver = new SimpleResolver("127.0.0.1");
        resolver.setPort(pebble.dnsPort);
        lookup.setResolver(resolver);
        lookup.setCache(null);
        assertThat(lookup.run()).as("TXT records left at " + fqdn).isNull();
    }

    @Test
    @Order(6)
    void anOrderCutByARestartOfArca_isTakenUpAgain_andCompletes() throws Exception {
        Files.writeString(hookBlock, "");
        JsonNode order = expect(202, server.root("POST", A + "/certificates", "{\"account\":\"pebble\","
                + "\"domains\":[\"restart.acme.test\"],\"challenge\":\"dns-01\",\"dns_provider\":\"challtestsrv\"}"))
                .json();
        String id = order.path("id").asText();
        String fqdn = "_acme-challenge.restart.acme.test.";
        // the hook is called only once the CA's order exists and its authorization is pending
        awaitUntil(() -> Files.readAllLines(hookLog).stream().anyMatch(l -> l.startsWith("present " + fqdn)));
        server.close();
        Files.delete(hookBlock);

        TestServer restarted = TestServer.start(dir.resolve("arca"), settings);
        restarted.rootToken = server.rootToken;
        server.unsealKeys.subList(0, 3).forEach(restarted::unseal);
        server = restarted;
        JsonNode done = awaitDone(id);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("valid");
        assertThat(done.path("secret_version").asInt()).isEqualTo(1);
        assertThat(Files.readAllLines(hookLog)).anyMatch(line -> line.startsWith("cleanup " + fqdn));
    }

    private static String account(String eab) {
        return "{\"directory_url\":\"" + pebble.directory() + "\",\"email\":\"ops@acme.test\",\"terms_agreed\":true,"
                + "\"ca_certificate\":" + json(pebble.caPem) + (eab == null ? "" : ",\"eab\":" + eab) + "}";
    }

    private static JsonNode certificateFor(String secret) {
        for (JsonNode certificate : expect(200, server.root("GET", A + "/certificates", null)).json().path("data")) {
            if (certificate.path("secret").asText().equals(secret)) {
                return certificate;
            }
        }
        throw new AssertionError("no managed certificate at " + secret);
    }

    private static JsonNode awaitDone(String orderId) throws Exception {
        JsonNode[] last = new JsonNode[1];
        awaitUntil(() -> {
            last[0] = expect(200, server.root("GET", A + "/orders/" + orderId, null)).json();
            return Set.of("valid", "invalid").contains(last[0].path("status").asText());
        });
        return last[0];
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits for a state the server reaches on its own (a deadline against hanging, not a timing assertion). */
    private static void awaitUntil(Condition condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(25));
        while (!condition.holds()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the state awaited never came");
            }
            Thread.sleep(100);
        }
    }

    /** The certificates of a certificate secret's value (the chain, then the key). */
    private static List<X509Certificate> chainOf(String value) {
        return Pem.certificates(value.substring(0, value.indexOf("-----BEGIN PRIVATE KEY")), "value");
    }

    private static void verifies(List<X509Certificate> chain, X509Certificate root) throws Exception {
        var path = CertificateFactory.getInstance("X.509").generateCertPath(chain);
        var parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, parameters);
    }

    private static boolean matches(PrivateKey key, X509Certificate certificate) throws Exception {
        String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] data = "proof".getBytes(StandardCharsets.US_ASCII);
        var signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        var verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(data);
        return verifier.verify(signature);
    }

    private static String json(String text) {
        return Json.lenient().valueToTree(text).toString();
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
