package dev.arca.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens scoped to vaults, renewal ceilings, IP allowlists and rate limits, through real HTTP. */
class AuthCoreIT {
    @TempDir
    Path dir;

    @Test
    void renewalInTheFinalSecond_stillEndsAtMaxTtl() throws InterruptedException {
        try (var server = TestServer.start(dir).initAndUnseal()) {
            var created = server.root("POST", "/v1/tokens", "{\"ttl\":\"2s\",\"max_ttl\":\"3s\"}").json();
            String token = created.path("token").asText();
            var lookup = server.call("GET", "/v1/tokens/self", token, null).json();
            Instant max = Instant.parse(lookup.path("max_expires_at").asText());
            Thread.sleep(1500);
            var renewed = server.call("POST", "/v1/tokens/renew-self", token, "{\"increment\":\"1h\"}");
            assertThat(renewed.status()).isEqualTo(200);
            assertThat(Instant.parse(renewed.json().path("expires_at").asText())).isEqualTo(max);
            Thread.sleep(Duration.between(Instant.now(), max).toMillis() + 300);
            assertThat(server.call("GET", "/v1/tokens/self", token, null).status()).isEqualTo(401);
        }
    }

    @Test
    void vaultToken_isRefusedGlobalRoutesAndOtherVaults() {
        try (var server = TestServer.start(dir).initAndUnseal()) {
            server.root("POST", "/v1/vaults", "{\"name\":\"other\"}");
            String token = server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"x\"]}").json()
                    .path("token").asText();
            assertThat(server.call("GET", "/v1/tokens/self", token, null).json().path("vault_id").asText())
                    .startsWith("vault_");
            assertThat(server.call("POST", "/v1/vaults", token, "{\"name\":\"mine\"}").status()).isEqualTo(403);
            assertThat(server.call("GET", "/v1/vaults/other/secrets/app/x", token, null).status()).isEqualTo(403);
            assertThat(server.call("POST", "/v1/sys/seal", token, null).status()).isEqualTo(403);
        }
    }

    @Test
    void rootPolicy_cannotBeGivenToAVaultToken_andChildrenCannotWiden() {
        try (var server = TestServer.start(dir).initAndUnseal()) {
            assertThat(server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"root\"]}").status())
                    .isEqualTo(400);
            String narrow = server.root("POST", "/v1/tokens", "{\"policies\":[\"a\"]}").json().path("token").asText();
            assertThat(server.call("POST", "/v1/tokens", narrow, "{\"policies\":[\"a\",\"b\"]}").status()).isEqualTo(403);
        }
    }

    @Test
    void vaultIpAllowlist_refusesItsPrincipalsFromOtherAddresses() {
        try (var server = TestServer.start(dir).initAndUnseal()) {
            String token = server.root("POST", "/v1/tokens", "{\"vault\":\"default\"}").json().path("token").asText();
            assertThat(server.root("PATCH", "/v1/vaults/default", "{\"allowed_cidrs\":[\"10.0.0.0/8\"]}").status())
                    .isEqualTo(200);
            var refused = server.call("GET", "/v1/tokens/self", token, null);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().path("error").path("message").asText()).contains("allowlist");
            assertThat(server.root("GET", "/v1/vaults/default", null).json().path("allowed_cidrs").get(0).asText())
                    .isEqualTo("10.0.0.0/8");
            server.root("PATCH", "/v1/vaults/default", "{\"allowed_cidrs\":[\"127.0.0.0/8\",\"::1/128\"]}");
            assertThat(server.call("GET", "/v1/tokens/self", token, null).status()).isEqualTo(200);
        }
    }

    @Test
    void invalidCidr_is400AndChangesNothing() {
        try (var server = TestServer.start(dir).initAndUnseal()) {
            var response = server.root("PATCH", "/v1/vaults/default", "{\"allowed_cidrs\":[\"10.0.0.0/33\"]}");
            assertThat(response.status()).isEqualTo(400);
            assertThat(server.root("GET", "/v1/vaults/default", null).json().path("allowed_cidrs")).isEmpty();
        }
    }

    @Test
    void tooManyRequests_is429WithRetryAfter() {
        try (var server = TestServer.start(dir, Map.of("rate_limit_per_principal", "5")).initAndUnseal()) {
            TestServer.Response limited = null;
            for (int i = 0; i < 40 && limited == null; i++) {
                var response = server.root("GET", "/v1/tokens/self", null);
                if (response.status() == 429) {
                    limited = response;
                }
            }
            assertThat(limited).as("a request beyond the burst was limited").isNotNull();
            assertThat(limited.errorCode()).isEqualTo("rate_limited");
            assertThat(Integer.parseInt(limited.header("Retry-After"))).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void revokeSelf_endsTheToken() {
        try (var server = TestServer.start(dir).initAndUnseal()) {
            String token = server.root("POST", "/v1/tokens", "{}").json().path("token").asText();
            assertThat(server.call("POST", "/v1/tokens/revoke-self", token, null).status()).isEqualTo(204);
            assertThat(server.call("GET", "/v1/tokens/self", token, null).status()).isEqualTo(401);
        }
    }
}
