package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestSignerTest {
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private final KeyPair keys = Ed25519Keys.generate();
    private final FakeArca server = new FakeArca();

    @AfterEach
    void stop() {
        server.close();
    }

    private static boolean verifies(PublicKey key, String message, String base64Signature) throws Exception {
        var verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(key);
        verifier.update(message.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(Base64.getDecoder().decode(base64Signature));
    }

    @Test
    void canonicalString_isFivePartsJoinedByNewlines() {
        assertThat(RequestSigner.canonical("GET", "/v1/secrets/sk_1?version=2", "1700000000", "bm9uY2U", null))
                .isEqualTo("GET\n/v1/secrets/sk_1?version=2\n1700000000\nbm9uY2U\n" + EMPTY_SHA256);
        assertThat(RequestSigner.canonical("PUT", "/v1/x", "1", "n", "abc".getBytes(StandardCharsets.UTF_8)))
                .endsWith("\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void headers_carryIdTimestampNonceAndAVerifiableSignature() throws Exception {
        var clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_123), ZoneOffset.UTC);
        var signer = new RequestSigner("mach_1", keys.getPrivate(), null, clock, new SecureRandom());
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);

        Map<String, String> headers = signer.sign("POST", "/v1/vaults/prod/secrets/app/db", body);

        assertThat(headers).containsOnlyKeys("X-Machine-Id", "X-Timestamp", "X-Nonce", "X-Signature");
        assertThat(headers.get("X-Machine-Id")).isEqualTo("mach_1");
        assertThat(headers.get("X-Timestamp")).isEqualTo("1700000123");
        assertThat(headers.get("X-Nonce")).matches("[A-Za-z0-9_-]{22}");
        assertThat(Base64.getUrlDecoder().decode(headers.get("X-Nonce"))).hasSize(16);
        String canonical = RequestSigner.canonical("POST", "/v1/vaults/prod/secrets/app/db", "1700000123",
                headers.get("X-Nonce"), body);
        assertThat(verifies(keys.getPublic(), canonical, headers.get("X-Signature"))).isTrue();
        assertThat(verifies(keys.getPublic(), canonical.replace("POST", "GET"), headers.get("X-Signature"))).isFalse();
    }

    @Test
    void anotherProvider_makesTheSameSignatureAsTheJdk() throws Exception {
        var clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_123), ZoneOffset.UTC);
        var bouncyCastle = new BouncyCastleProvider();
        var byProviderWithoutEd25519 = new RequestSigner("mach_1", keys.getPrivate(),
                java.security.Security.getProvider("SunJCE"), clock, fixedNonces());
        var byBc = new RequestSigner("mach_1", keys.getPrivate(), bouncyCastle, clock, fixedNonces());
        var jdkNonces = new RequestSigner("mach_1", keys.getPrivate(), null, clock, fixedNonces());

        Map<String, String> headers = byBc.sign("GET", "/v1/x", null);

        // Ed25519 is deterministic: the same key and message give the same signature whoever computes it
        assertThat(headers).isEqualTo(jdkNonces.sign("GET", "/v1/x", null));
        assertThat(verifies(keys.getPublic(), RequestSigner.canonical("GET", "/v1/x", "1700000123",
                headers.get("X-Nonce"), null), headers.get("X-Signature"))).isTrue();
        // the provider given is the one asked: one without Ed25519 cannot sign
        assertThatThrownBy(() -> byProviderWithoutEd25519.sign("GET", "/v1/x", null))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("cannot sign with this key");
    }

    /** A random source that gives the same bytes on every instance, so two signers use the same nonce. */
    private static SecureRandom fixedNonces() {
        return new SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                java.util.Arrays.fill(bytes, (byte) 7);
            }
        };
    }

    @Test
    void everySignature_hasAFreshNonce() {
        var signer = new RequestSigner("mach_1", keys.getPrivate());
        assertThat(signer.sign("GET", "/v1/x", null).get("X-Nonce"))
                .isNotEqualTo(signer.sign("GET", "/v1/x", null).get("X-Nonce"));
    }

    @Test
    void clientWithIdentity_signsTheExactTargetAndBodySent() throws Exception {
        server.otherwise(200, "{\"id\":\"sk_1\",\"path\":\"a b/c\",\"version\":2,\"type\":\"string\",\"value\":\"v\"}");
        var identity = MachineIdentity.save(java.nio.file.Files.createTempDirectory("arca-signer"),
                new MachineIdentity.Stored("mach_7", "web-1", "vault_1", server.address(), "machine.key"),
                keys.getPrivate(), null);
        try (var client = ArcaClient.builder().identity(identity).build()) {
            assertThat(client.vault()).isEqualTo("vault_1");
            assertThat(client.address().toString()).isEqualTo(server.address());
            client.secrets().read("a b/c", 2);
            client.secrets().write("a b/c", "new value");
        }
        assertThat(server.requests()).hasSize(2);
        for (FakeArca.Request request : server.requests()) {
            assertThat(request.authorization()).isNull();
            assertThat(request.header("X-Machine-Id")).isEqualTo("mach_7");
            String canonical = RequestSigner.canonical(request.method(), request.target(), request.header("X-Timestamp"),
                    request.header("X-Nonce"), request.body().getBytes(StandardCharsets.UTF_8));
            assertThat(verifies(keys.getPublic(), canonical, request.header("X-Signature")))
                    .as("signature of %s", request.route()).isTrue();
        }
        assertThat(server.requests().get(0).target()).isEqualTo("/v1/vaults/vault_1/secrets/a%20b/c?version=2");
        assertThat(server.requests().get(0).header("X-Nonce")).isNotEqualTo(server.requests().get(1).header("X-Nonce"));
    }

    @Test
    void toString_showsNoKey() {
        assertThat(new RequestSigner("mach_1", keys.getPrivate()).toString())
                .isEqualTo("RequestSigner[machine=mach_1, key=<redacted>]");
    }
}
