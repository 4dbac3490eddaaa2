package dev.arca.server.frontend.acme;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.sun.net.httpserver.HttpServer;
import dev.arca.server.TestServer;
import dev.arca.server.pki.KeySpec;
import dev.arca.server.pki.Serials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACME door's protocol over real HTTP with JWS built by hand (Nimbus): every bad input is refused with its RFC
 * 8555 problem type, and every answer, refusals included, carries a fresh nonce and the directory link.
 */
class AcmeServerProtocolIT {
    static final String PKI = "/v1/vaults/default/pki";
    private static final String PROBLEM = "urn:ietf:params:acme:error:";

    @TempDir
    static Path dir;
    static TestServer server;
    static HttpServer responder;
    static final Map<String, String> answers = new ConcurrentHashMap<>();
    /** Tokens whose answer the responder holds back until the latch opens: a validation caught while it runs. */
    static final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    AcmeTestClient client;

    /**
     * One server for the class (init and unseal take a while), validating http-01 against a loopback responder;
     * each test starts from ACME enabled, no EAB.
     */
    @BeforeAll
    static void start() throws IOException {
        responder = HttpServer.create(new InetSocketAddress(
                InetAddress.getLoopbackAddress(), 0), 0);
        responder.createContext("/.well-known/acme-challenge/", exchange -> {
            String token = exchange.getRequestURI().getPath().substring("/.well-known/acme-challenge/".length());
            CountDownLatch hold = held.get(token);
            try {
                if (hold != null && !hold.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("the test never released the answer of " + token);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String answer = answers.get(token);
            byte[] body = (answer == null ? "no such token" : answer).getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(answer == null ? 404 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        responder.start();
        server = TestServer.start(dir, Map.of("acme_http01_port", String.valueOf(responder.getAddress().getPort()),
                "acme_private_ranges", "127.0.0.0/8")).initAndUnseal();
        expect(201, server.root("POST", PKI + "/issuers/root", "{\"name\":\"root\",\"common_name\":\"ACME Test Root\"}"));
    }

    @BeforeEach
    void enable() {
        expect(200, server.root("PUT", PKI + "/config/acme", "{\"enabled\":true,\"eab_policy\":\"not-required\"}"));
        client = new AcmeTestClient(server.address() + PKI + "/acme/directory");
    }

    @AfterAll
    static void stop() {
        responder.stop(0);
        server.close();
    }

    @Test
    void directory_listsAbsoluteUrls_andNewNonceAnswersHead200AndGet204WithFreshNonces() {
        assertThat(client.url("newOrder")).isEqualTo(server.address() + PKI + "/acme/new-order");
        assertThat(client.directory.path("meta").path("externalAccountRequired").asBoolean()).isFalse();
        var head = AcmeTestClient.send("HEAD", client.url("newNonce"), null);
        var get = AcmeTestClient.send("GET", client.url("newNonce"), null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(get.status()).isEqualTo(204);
        assertThat(head.header("Replay-Nonce")).isNotBlank().isNotEqualTo(get.header("Replay-Nonce"));
        assertThat(get.header("Cache-Control")).isEqualTo("no-store");
        assertThat(get.header("Link")).isEqualTo("<" + server.address() + PKI + "/acme/directory>;rel=\"index\"");
    }

    @Test
    void replayedNonce_isRejectedWithAFreshNonce() {
        String nonce = client.nonce();
        var payload = Map.<String, Object>of("termsOfServiceAgreed", true);
        String url = client.url("newAccount");
        var first = AcmeTestClient.send("POST", url, AcmeTestClient.signed(client.key,
                AcmeTestClient.header(nonce, url).jwk(client.key.toPublicJWK()), payload));
        assertThat(first.status()).isEqualTo(201);
        var replayed = AcmeTestClient.send("POST", url, AcmeTestClient.signed(client.key,
                AcmeTestClient.header(nonce, url).jwk(client.key.toPublicJWK()), payload));
        assertProblem(replayed, 400, "badNonce");
        assertThat(replayed.header("Content-Type")).startsWith("application/problem+json");
        assertThat(replayed.header("Replay-Nonce")).isNotBlank().isNotEqualTo(nonce);
        assertThat(replayed.header("Link")).contains("rel=\"index\"");
        // the fresh nonce of the refusal is good for the retry
        var retried = AcmeTestClient.send("POST", url, AcmeTestClient.signed(client.key,
                AcmeTestClient.header(replayed.header("Replay-Nonce"), url).jwk(client.key.toPublicJWK()), payload));
        assertThat(retried.status()).isEqualTo(200);
    }

    @Test
    void renewalInfo_refusesAMalformedCertId_andKnowsNoCertificateItDidNotIssue() {
        String renewalInfo = client.url("renewalInfo");
        assertThat(renewalInfo).isEqualTo(server.address() + PKI + "/acme/renewal-info");
        assertProblem(AcmeTestClient.send("GET", renewalInfo + "/no-dot-here", null), 400, "malformed");
        assertProblem(AcmeTestClient.send("GET", renewalInfo + "/aYmdEGYAs9x1UBDUz3Rr2kfq2ag.AQID", null), 404,
                "malformed");
    }

    @Test
    void unknownNonce_isBadNonce() {
        String url = client.url("newAccount");
        var response = AcmeTestClient.send("POST", url, AcmeTestClient.signed(client.key,
                AcmeTestClient.header("bm90LWEtbm9uY2U", url).jwk(client.key.toPublicJWK()), Map.of()));
        assertProblem(response, 400, "badNonce");
    }

    @Test
    void nonceOfARefusedRequest_isSpent() {
        String nonce = client.nonce();
        String url = client.url("newAccount");
        var wrongUrl = AcmeTestClient.send("POST", url, AcmeTestClient.signed(client.key,
                AcmeTestClient.header(nonce, url + "x").jwk(client.key.toPublicJWK()), Map.of()));
        assertProblem(wrongUrl, 403, "unauthorized");
        var again = AcmeTestClient.send("POST", url, AcmeTestClient.signed(client.key,
                AcmeTestClient.header(nonce, url).jwk(client.key.toPublicJWK()), Map.of()));
        assertProblem(again, 400, "badNonce");
    }

    @Test
    void algNone_isBadSignatureAlgorithm_listingTheAlgorithms() {
        String url = client.url("newAccount");
        var header = new LinkedHashMap<String, Object>(Map.of("alg", "none", "nonce", client.nonce(), "url", url,
                "jwk", client.key.toPublicJWK().toJSONObject()));
        var response = AcmeTestClient.send("POST", url, AcmeTestClient.raw(header, "{}", ""));
        assertProblem(response, 400, "badSignatureAlgorithm");
        assertThat(response.json().path("algorithms").toString()).contains("ES256", "RS256", "EdDSA");
        assertThat(response.header("Replay-Nonce")).isNotBlank();
    }

    @Test
    void hs256_isBadSignatureAlgorithm() {
        String url = client.url("newAccount");
        var header = new JWSHeader.Builder(JWSAlgorithm.HS256).customParam("nonce", client.nonce())
                .customParam("url", url).jwk(client.key.toPublicJWK()).build();
        var jws = AcmeTestClient.hmacSigned(new byte[32], header, "{}");
        var response = AcmeTestClient.send("POST", url, AcmeTestClient.flattened((String) jws.get("protected"),
                (String) jws.get("payload"), (String) jws.get("signature")));
        assertProblem(response, 400, "badSignatureAlgorithm");
    }

    @Test
    void urlOfAnotherEndpoint_isUnauthorized() {
        String nonce = client.nonce();
        var response = AcmeTestClient.send("POST", client.url("newAccount"), AcmeTestClient.signed(client.key,
                AcmeTestClient.header(nonce, client.url("newOrder")).jwk(client.key.toPublicJWK()), Map.of()));
        assertProblem(response, 403, "unauthorized");
    }

    @Test
    void bothJwkAndKid_isMalformed() {
        client.register();
        String url = client.url("newOrder");
        var response = AcmeTestClient.send("POST", url, AcmeTestClient.signed(client.key,
                AcmeTestClient.header(client.nonce(), url).jwk(client.key.toPublicJWK()).keyID(client.kid),
                order("www.example.com")));
        assertProblem(response, 400, "malformed");
        assertThat(response.json().path("detail").asText()).contains("exactly one of jwk and kid");
    }

    @Test
    void unknownKid_isAccountDoesNotExist() {
        client.register();
        client.kid = client.kid.substring(0, client.kid.lastIndexOf('/') + 1) + "acct_nobody";
        assertProblem(client.post(client.url("newOrder"), order("www.example.com")), 400, "accountDoesNotExist");
    }

    @Test
    void signatureByAnotherKey_isRefused() {
        client.register();
        client.key = AcmeTestClient.newKey();
        assertProblem(client.post(client.url("newOrder"), order("www.example.com")), 400, "malformed");
    }

    @Test
    void newAccount_withTheSameKey_answersTheExistingAccount_andOnlyReturnExistingFindsNoneForANewKey() {
        var created = client.register();
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("status").asText()).isEqualTo("valid");
        var again = client.register();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Location")).isEqualTo(created.header("Location"));
        var other = new AcmeTestClient(server.address() + PKI + "/acme/directory");
        assertProblem(other.postJwk(other.url("newAccount"), Map.of("onlyReturnExisting", true)), 400,
                "accountDoesNotExist");
    }

    @Test
    void contactOtherThanMailto_isRefused() {
        assertProblem(client.register(Map.of("contact", List.of("tel:+1555"))), 400, "unsupportedContact");
        assertProblem(client.register(Map.of("contact", List.of("mailto:a@example.com?subject=x"))), 400,
                "invalidContact");
    }

    @Test
    void emailAndUriIdentifiers_areRefused() {
        client.register();
        assertProblem(client.post(client.url("newOrder"), Map.of("identifiers",
                List.of(Map.of("type", "email", "value", "ops@example.com")))), 400, "unsupportedIdentifier");
        assertProblem(client.post(client.url("newOrder"), Map.of("identifiers",
                List.of(Map.of("type", "uri", "value", "https://example.com/")))), 400, "unsupportedIdentifier");
        assertProblem(client.post(client.url("newOrder"), order("ops@example.com")), 400, "rejectedIdentifier");
        assertProblem(client.post(client.url("newOrder"), order("https://example.com/")), 400, "rejectedIdentifier");
    }

    @Test
    void roleDirectory_refusesNamesTheRoleDoesNotAllow() {
        expect(200, server.root("PUT", PKI + "/roles/web", "{\"allowed_domains\":[\"example.com\"],"
                + "\"allow_subdomains\":true}"));
        var roleClient = new AcmeTestClient(server.address() + PKI + "/roles/web/acme/directory");
        roleClient.register();
        var refused = roleClient.post(roleClient.url("newOrder"), order("www.example.org"));
        assertProblem(refused, 400, "rejectedIdentifier");
        assertThat(refused.json().path("detail").asText()).contains("www.example.org");
    }

    @Test
    void eabNewAccountRequired_refusesAnAccountWithoutBinding_andABindingIsSingleUse() throws Exception {
        expect(200, server.root("PUT", PKI + "/config/acme", "{\"eab_policy\":\"new-account-required\"}"));
        client = new AcmeTestClient(server.address() + PKI + "/acme/directory");
        assertThat(client.directory.path("meta").path("externalAccountRequired").asBoolean()).isTrue();
        assertProblem(client.register(), 403, "externalAccountRequired");

        var eab = expect(201, server.root("POST", PKI + "/eab", "{\"comment\":\"ci\"}")).json();
        String keyId = eab.path("id").asText();
        byte[] hmac = Base64URL.from(eab.path("key").asText()).decode();
        assertThat(client.register(Map.of("externalAccountBinding", binding(client, keyId, hmac))).status())
                .isEqualTo(201);
        var listed = expect(200, server.root("GET", PKI + "/eab", null)).json().path("data").get(0);
        assertThat(listed.path("key").isNull() || listed.path("key").isMissingNode()).isTrue();
        assertThat(listed.path("account_id").asText()).isEqualTo(client.kid.substring(client.kid.lastIndexOf('/') + 1));

        var second = new AcmeTestClient(server.address() + PKI + "/acme/directory");
        assertProblem(second.register(Map.of("externalAccountBinding", binding(second, keyId, hmac))), 403,
                "unauthorized");
        var wrongKey = expect(201, server.root("POST", PKI + "/eab", "{}")).json().path("id").asText();
        assertProblem(second.register(Map.of("externalAccountBinding", binding(second, wrongKey, hmac))), 403,
                "unauthorized");
    }

    @Test
    void eabAlwaysRequired_refusesOrdersOfAnAccountOpenedWithoutBinding() {
        client.register();
        expect(200, server.root("PUT", PKI + "/config/acme", "{\"eab_policy\":\"always-required\"}"));
        assertProblem(client.post(client.url("newOrder"), order("www.example.com")), 403, "externalAccountRequired");
    }

    @Test
    void keyChange_rollsTheAccountOverToTheNewKey_andRefusesAKeyAnotherAccountHolds() {
        client.register();
        ECKey newKey = AcmeTestClient.newKey();
        var rolled = client.post(client.url("keyChange"), keyChange(client, newKey));
        assertThat(rolled.status()).as(rolled.body()).isEqualTo(200);
        ECKey oldKey = client.key;
        client.key = newKey;
        assertThat(client.post(client.kid, null).status()).isEqualTo(200);
        client.key = oldKey;
        assertProblem(client.post(client.kid, null), 400, "malformed");

        client.key = newKey;
        var other = new AcmeTestClient(server.address() + PKI + "/acme/directory");
        other.register();
        var taken = other.post(other.url("keyChange"), keyChange(other, newKey));
        assertProblem(taken, 409, "malformed");
    }

    @Test
    void deactivatedAccount_isUnauthorized() {
        client.register();
        var deactivated = client.post(client.kid, Map.of("status", "deactivated"));
        assertThat(deactivated.json().path("status").asText()).isEqualTo("deactivated");
        assertProblem(client.post(client.url("newOrder"), order("www.example.com")), 403, "unauthorized");
    }

    @Test
    void contactUpdate_isKept() {
        client.register();
        client.post(client.kid, Map.of("contact", List.of("mailto:new@example.com")));
        assertThat(client.post(client.kid, null).json().path("contact").get(0).asText())
                .isEqualTo("mailto:new@example.com");
    }

    @Test
    void acmeNotEnabled_saysHowToEnableIt() {
        expect(200, server.root("PUT", PKI + "/config/acme", "{\"enabled\":false}"));
        var response = AcmeTestClient.send("GET", server.address() + PKI + "/acme/directory", null);
        assertProblem(response, 503, "serverInternal");
        assertThat(response.json().path("detail").asText()).contains("ACME is not enabled for vault default")
                .contains("arca pki acme enable");
    }

    @Test
    void config_refusesATtlOver90DaysAnUnknownPolicyAndAMissingRole() {
        assertThat(server.root("PUT", PKI + "/config/acme", "{\"max_ttl\":\"91d\"}").status()).isEqualTo(400);
        assertThat(server.root("PUT", PKI + "/config/acme", "{\"eab_policy\":\"sometimes\"}").status()).isEqualTo(400);
        assertThat(server.root("PUT", PKI + "/config/acme", "{\"default_role\":\"nope\"}").status()).isEqualTo(400);
        var config = expect(200, server.root("GET", PKI + "/config/acme", null)).json();
        assertThat(config.path("max_ttl").asText()).isEqualTo("90d");
        assertThat(config.path("directory").asText()).isEqualTo(server.address() + PKI + "/acme/directory");
    }

    @Test
    void wildcardAuthorization_offersOnlyDns01_andAPlainNameEveryType() {
        client.register();
        var order = expect(201, client.post(client.url("newOrder"), order("*.example.com", "www.example.com")))
                .json();
        var byName = new HashMap<String, JsonNode>();
        for (var url : order.path("authorizations")) {
            var authz = expect(200, client.post(url.asText(), null)).json();
            byName.put((authz.path("wildcard").asBoolean() ? "*." : "") + authz.path("identifier").path("value")
                    .asText(), authz);
        }
        assertThat(types(byName.get("*.example.com"))).containsExactly("dns-01");
        assertThat(byName.get("*.example.com").path("identifier").path("value").asText()).isEqualTo("example.com");
        assertThat(types(byName.get("www.example.com"))).containsExactlyInAnyOrder("http-01", "dns-01",
                "tls-alpn-01");
    }

    @Test
    void finalizeBeforeReady_isOrderNotReady() throws Exception {
        client.register();
        var order = expect(201, client.post(client.url("newOrder"), ipOrder("127.0.0.1"))).json();
        assertProblem(client.post(order.path("finalize").asText(), Map.of("csr", csr("127.0.0.1"))), 403,
                "orderNotReady");
    }

    @Test
    void wrongChallengeResponse_invalidatesTheAuthorizationAndTheOrder_andNoCertificateIsIssued() throws Exception {
        client.register();
        var placed = expect(201, client.post(client.url("newOrder"), ipOrder("127.0.0.1")));
        var authz = validate(placed.json(), "not.the-key-authorization");
        assertThat(authz.path("status").asText()).isEqualTo("invalid");
        var challenge = http01(authz);
        assertThat(challenge.path("status").asText()).isEqualTo("invalid");
        assertThat(challenge.path("error").path("type").asText()).isEqualTo(PROBLEM + "incorrectResponse");
        var order = expect(200, client.post(placed.header("Location"), null)).json();
        assertThat(order.path("status").asText()).isEqualTo("invalid");
        assertThat(order.has("certificate")).isFalse();
        assertProblem(client.post(order.path("finalize").asText(), Map.of("csr", csr("127.0.0.1"))), 403,
                "orderNotReady");
    }

    @Test
    void challengeBeingValidated_andItsAuthorization_answerRetryAfterOneSecond_untilTheOutcome() throws Exception {
        client.register();
        var order = expect(201, client.post(client.url("newOrder"), ipOrder("127.0.0.1"))).json();
        String authzUrl = order.path("authorizations").get(0).asText();
        var challenge = http01(expect(200, client.post(authzUrl, null)).json());
        String token = challenge.path("token").asText();
        answers.put(token, token + "." + client.key.computeThumbprint());
        var release = new CountDownLatch(1);
        held.put(token, release);
        try {
            var started = expect(200, client.post(challenge.path("url").asText(), Map.of()));
            assertThat(started.json().path("status").asText()).isEqualTo("processing");
            assertThat(started.header("Retry-After")).isEqualTo("1");
            var pending = expect(200, client.post(authzUrl, null));
            assertThat(pending.json().path("status").asText()).isEqualTo("pending");
            assertThat(pending.header("Retry-After")).isEqualTo("1");
        } finally {
            release.countDown();
        }
        for (int polls = 0; polls < 300; polls++) {
            var authz = expect(200, client.post(authzUrl, null));
            if (!"pending".equals(authz.json().path("status").asText())) {
                assertThat(authz.json().path("status").asText()).isEqualTo("valid");
                assertThat(authz.header("Retry-After")).isNull();
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the authorization stayed pending");
    }

    @Test
    void csrNamingSomethingNotOrdered_isBadCsr_andTheOrderedNamesAreIssued() throws Exception {
        client.register();
        var placed = expect(201, client.post(client.url("newOrder"), ipOrder("127.0.0.1")));
        assertThat(validate(placed.json(), null).path("status").asText()).isEqualTo("valid");
        var ready = expect(200, client.post(placed.header("Location"), null)).json();
        assertThat(ready.path("status").asText()).isEqualTo("ready");
        String finalizeUrl = ready.path("finalize").asText();
        assertProblem(client.post(finalizeUrl, Map.of("csr", csr("127.0.0.1", "127.0.0.2"))), 400, "badCSR");
        assertProblem(client.post(finalizeUrl, Map.of("csr", csr("127.0.0.2"))), 400, "badCSR");

        ECKey certificateKey = AcmeTestClient.newKey();
        var issued = expect(200, client.post(finalizeUrl, Map.of("csr", csr(certificateKey.toKeyPair(), "127.0.0.1"))))
                .json();
        assertThat(issued.path("status").asText()).isEqualTo("valid");
        var download = expect(200, client.post(issued.path("certificate").asText(), null));
        assertThat(download.header("Content-Type")).startsWith("application/pem-certificate-chain");
        assertThat(download.headers().get("Link")).anyMatch(link -> link.endsWith(";rel=\"up\""))
                .anyMatch(link -> link.endsWith(";rel=\"index\""));
        var chain = CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(download.body().getBytes(StandardCharsets.US_ASCII)));
        var leaf = (X509Certificate) chain.iterator().next();
        assertThat(chain).hasSize(2);
        assertThat(leaf.getSubjectAlternativeNames()).hasSize(1);
        assertThat(leaf.getSubjectAlternativeNames().iterator().next().get(1)).isEqualTo("127.0.0.1");
        assertThat(expect(200, server.root("GET", PKI + "/certs", null)).body())
                .contains(Serials.colonHex(leaf.getSerialNumber()));

        String der = Base64URL.encode(leaf.getEncoded()).toString();
        var other = new AcmeTestClient(server.address() + PKI + "/acme/directory");
        other.register();
        assertProblem(other.post(other.url("revokeCert"), Map.of("certificate", der)), 403, "unauthorized");
        // revoked with the certificate's own key (jwk), then the ordering account is told it already is
        var holder = new AcmeTestClient(server.address() + PKI + "/acme/directory");
        holder.key = certificateKey;
        assertThat(holder.postJwk(holder.url("revokeCert"), Map.of("certificate", der, "reason", 1)).status())
                .isEqualTo(200);
        assertProblem(client.post(client.url("revokeCert"), Map.of("certificate", der)), 400, "alreadyRevoked");
    }

    /** Answers the order's http-01 challenge ({@code answer}, or the right key authorization for null), then waits. */
    private JsonNode validate(JsonNode order,
            String answer) throws Exception {
        String authzUrl = order.path("authorizations").get(0).asText();
        var challenge = http01(expect(200, client.post(authzUrl, null)).json());
        String token = challenge.path("token").asText();
        answers.put(token, answer != null ? answer : token + "." + client.key.computeThumbprint());
        var started = expect(200, client.post(challenge.path("url").asText(), Map.of()));
        assertThat(started.json().path("status").asText()).isIn("processing", "valid", "invalid");
        assertThat(started.headers().get("Link")).anyMatch(link -> link.equals("<" + authzUrl + ">;rel=\"up\""));
        for (int polls = 0; polls < 300; polls++) {
            var authz = expect(200, client.post(authzUrl, null)).json();
            if (!"pending".equals(authz.path("status").asText())) {
                return authz;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the authorization stayed pending");
    }

    private static JsonNode http01(JsonNode authz) {
        for (var challenge : authz.path("challenges")) {
            if (challenge.path("type").asText().equals("http-01")) {
                return challenge;
            }
        }
        throw new AssertionError("no http-01 challenge in " + authz);
    }

    private static List<String> types(JsonNode authz) {
        var types = new ArrayList<String>();
        authz.path("challenges").forEach(challenge -> types.add(challenge.path("type").asText()));
        return types;
    }

    /** A CSR (base64url DER) for IP addresses, the first also its common name. */
    static String csr(String... ips) throws Exception {
        return csr(new KeySpec(KeySpec.Type.EC, 256).generate(), ips);
    }

    static String csr(KeyPair pair, String... ips) throws Exception {
        var sans = Arrays.stream(ips).map(ip -> new GeneralName(
                GeneralName.iPAddress, ip)).toArray(GeneralName[]::new);
        var extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(sans));
        var request = new JcaPKCS10CertificationRequestBuilder(
                new X500Name("CN=" + ips[0]), pair.getPublic())
                .addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                        extensions.generate())
                .build(new JcaContentSignerBuilder("SHA256withECDSA")
                        .build(pair.getPrivate()));
        return Base64URL.encode(request.getEncoded()).toString();
    }

    static Map<String, Object> ipOrder(String ip) {
        return Map.of("identifiers", List.of(Map.of("type", "ip", "value", ip)));
    }

    static Map<String, Object> order(String... names) {
        return Map.of("identifiers", Arrays.stream(names).map(name -> Map.of("type", "dns", "value", name))
                .toList());
    }

    static Map<String, Object> binding(AcmeTestClient client, String keyId, byte[] hmac) {
        var header = new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(keyId)
                .customParam("url", client.url("newAccount")).build();
        return AcmeTestClient.hmacSigned(hmac, header, client.key.toPublicJWK().toJSONString());
    }

    static Map<String, Object> keyChange(AcmeTestClient client, ECKey newKey) {
        var inner = new JWSHeader.Builder(JWSAlgorithm.ES256).jwk(newKey.toPublicJWK())
                .customParam("url", client.url("keyChange"));
        String jws = AcmeTestClient.signed(newKey, inner, Map.of("account", client.kid,
                "oldKey", client.key.toPublicJWK().toJSONObject()));
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = AcmeTestClient.JSON.readValue(jws, Map.class);
            return parsed;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertProblem(TestServer.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().path("type").asText()).as(response.body()).isEqualTo(PROBLEM + type);
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.header("Replay-Nonce")).as("a fresh nonce on every refusal").isNotBlank();
    }

    static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
