package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ES256 JWTs of a client with a registered key, checked with the JDK's own ECDSA, as the server does. */
class ClientJwtTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    private static KeyPair keyPair(String curve) throws Exception {
        var generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static JsonNode part(String jwt, int index) throws Exception {
        return Json.lenient().readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }

    @Test
    void jwt_isES256SignedByTheKey_withTheClaimsTheServerChecks() throws Exception {
        KeyPair pair = keyPair("secp256r1");
        String jwt = new ClientJwt("cli_1", pair.getPrivate(), Clock.fixed(NOW, ZoneOffset.UTC)).assertion();

        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        var verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
        verifier.initVerify(pair.getPublic());
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
        assertThat(Base64.getUrlDecoder().decode(parts[2])).as("r and s, 32 bytes each (JWS, not DER)").hasSize(64);

        assertThat(part(jwt, 0).path("alg").asText()).isEqualTo("ES256");
        JsonNode claims = part(jwt, 1);
        assertThat(claims.path("iss").asText()).isEqualTo("cli_1");
        assertThat(claims.path("sub").asText()).isEqualTo("cli_1");
        assertThat(claims.path("aud").get(0).asText()).isEqualTo("arca");
        assertThat(claims.path("iat").asLong()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.path("exp").asLong()).isEqualTo(NOW.getEpochSecond() + 60);
        assertThat(claims.path("jti").asText()).hasSize(22);
    }

    @Test
    void everyRequest_getsAJwtOfItsOwn() throws Exception {
        var jwt = new ClientJwt("cli_1", keyPair("secp256r1").getPrivate(), Clock.systemUTC());
        Map<String, String> first = new HashMap<>();
        Map<String, String> second = new HashMap<>();
        jwt.apply(first::put, "GET", "/v1/vaults/default/secrets/app/db", new byte[0]);
        jwt.apply(second::put, "GET", "/v1/vaults/default/secrets/app/db", new byte[0]);
        assertThat(first.get("Authorization")).startsWith("Bearer ey").isNotEqualTo(second.get("Authorization"));
        assertThat(part(first.get("Authorization").substring(7), 1).path("jti").asText())
                .isNotEqualTo(part(second.get("Authorization").substring(7), 1).path("jti").asText());
    }

    @Test
    void keyThatIsNotP256_isRefusedWhenConfigured() throws Exception {
        assertThatThrownBy(() -> new ClientJwt("cli_1", keyPair("secp384r1").getPrivate(), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("P-256");
        var ed25519 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        assertThatThrownBy(() -> new ClientJwt("cli_1", ed25519.getPrivate(), Clock.systemUTC()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("P-256");
    }

    @Test
    void builder_refusesASecretAndAKeyTogether_andPemThatIsNotAKey() throws Exception {
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                keyPair("secp256r1").getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        assertThatThrownBy(() -> ArcaClient.builder().clientCredentials("cli_1", "arcas_s").clientJwt("cli_1", pem)
                .build()).isInstanceOf(ConfigurationException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> ArcaClient.builder().clientJwt("cli_1", "hunter2"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("not PEM")
                .hasMessageNotContaining("hunter2");
    }
}
