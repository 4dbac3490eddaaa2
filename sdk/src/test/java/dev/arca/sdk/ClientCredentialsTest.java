package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.SecretText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client-credentials exchange, its refresh before expiry and after a 401, and {@link ArcaClient#fromEnv}. */
class ClientCredentialsTest {
    private static final String TOKEN_ROUTE = "POST /v1/auth/token";
    private static final String ROUTE = "GET /v1/vaults/default/secrets/app/db";
    private static final String VALUE = "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":1,\"type\":\"string\","
            + "\"value\":\"hunter2\"}";

    private final FakeArca server = new FakeArca();

    @AfterEach
    void close() {
        server.close();
    }

    private static String token(String token, int expiresIn) {
        return "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}";
    }

    private ArcaClient client() {
        return ArcaClient.builder().address(server.address()).clientCredentials("cli_1", "arcas_s3cret")
                .vault("default").backoff(Duration.ofMillis(20)).cacheTtl(Duration.ZERO).build();
    }

    private long exchanges() {
        return server.requests().stream().filter(r -> r.route().equals(TOKEN_ROUTE)).count();
    }

    private java.util.List<String> bearersOfReads() {
        return server.requests().stream().filter(r -> r.route().equals(ROUTE)).map(FakeArca.Request::authorization)
                .toList();
    }

    @Test
    void validToken_isExchangedOnceAndSentAsBearer() {
        server.on(TOKEN_ROUTE, 200, token("arca_t1", 3600)).on(ROUTE, 200, VALUE);
        try (var client = client()) {
            client.secrets().read("app/db");
            client.secrets().read("app/db");
        }
        assertThat(exchanges()).isEqualTo(1);
        assertThat(server.requests().get(0).body())
                .isEqualTo("grant_type=client_credentials&client_id=cli_1&client_secret=arcas_s3cret");
        assertThat(bearersOfReads()).containsExactly("Bearer arca_t1", "Bearer arca_t1");
    }

    @Test
    void tokenPast80PercentOfItsLifetime_isExchangedAgain() throws Exception {
        server.once(TOKEN_ROUTE, 200, token("arca_t1", 2), Map.of()).on(TOKEN_ROUTE, 200, token("arca_t2", 2))
                .on(ROUTE, 200, VALUE);
        try (var client = client()) {
            client.secrets().read("app/db");
            Thread.sleep(1_000); // 50 %: still the first token
            client.secrets().read("app/db");
            Thread.sleep(700); // 85 %: exchanged again before it expires
            client.secrets().read("app/db");
        }
        assertThat(exchanges()).isEqualTo(2);
        assertThat(bearersOfReads()).containsExactly("Bearer arca_t1", "Bearer arca_t1", "Bearer arca_t2");
    }

    @Test
    void refusedToken_isExchangedAgainAndTheRequestRetriedOnce() {
        server.once(TOKEN_ROUTE, 200, token("arca_t1", 3600), Map.of()).on(TOKEN_ROUTE, 200, token("arca_t2", 3600))
                .once(ROUTE, 401, "{\"error\":{\"code\":\"unauthenticated\",\"message\":\"revoked\"}}", Map.of())
                .on(ROUTE, 200, VALUE);
        try (var client = client()) {
            assertThat(client.secrets().read("app/db").value().reveal()).isEqualTo("hunter2");
        }
        assertThat(exchanges()).isEqualTo(2);
        assertThat(bearersOfReads()).containsExactly("Bearer arca_t1", "Bearer arca_t2");
    }

    @Test
    void tokenRefusedTwice_throwsAuthenticationAfterOneRenewal() {
        server.on(TOKEN_ROUTE, 200, token("arca_t1", 3600))
                .on(ROUTE, 401, "{\"error\":{\"code\":\"unauthenticated\",\"message\":\"no\"}}");
        try (var client = client()) {
            assertThatThrownBy(() -> client.secrets().read("app/db")).isInstanceOf(AuthenticationException.class);
        }
        assertThat(exchanges()).isEqualTo(2);
        assertThat(bearersOfReads()).hasSize(2);
    }

    @Test
    void concurrentFirstRequests_shareOneExchange() {
        server.on(TOKEN_ROUTE, 200, token("arca_t1", 3600)).on(ROUTE, 200, VALUE);
        try (var client = client()) {
            var reads = new ArrayList<CompletableFuture<String>>();
            for (int i = 0; i < 8; i++) {
                reads.add(CompletableFuture.supplyAsync(() -> client.secrets().read("app/db").value().reveal()));
            }
            reads.forEach(read -> assertThat(read.join()).isEqualTo("hunter2"));
        }
        assertThat(exchanges()).isEqualTo(1);
    }

    @Test
    void wrongSecret_throwsAuthenticationWithoutTheSecret() {
        server.on(TOKEN_ROUTE, 401, "{\"error\":\"invalid_client\",\"error_description\":\"unknown client\"}");
        try (var client = client()) {
            assertThatThrownBy(() -> client.secrets().read("app/db")).isInstanceOf(AuthenticationException.class)
                    .message().doesNotContain("arcas_s3cret");
            assertThat(client.toString()).doesNotContain("arcas_s3cret");
        }
    }

    @Test
    void fromEnv_withClientIdAndSecret_exchanges() {
        server.on(TOKEN_ROUTE, 200, token("arca_t1", 3600)).on(ROUTE, 200, VALUE);
        try (var client = ArcaClient.fromEnv(Map.of("ARCA_ADDR", server.address(), "ARCA_VAULT", "default",
                "ARCA_CLIENT_ID", "cli_1", "ARCA_CLIENT_SECRET", "arcas_s3cret"))) {
            assertThat(client.vault()).isEqualTo("default");
            assertThat(client.secrets().read("app/db").value().reveal()).isEqualTo("hunter2");
        }
        assertThat(exchanges()).isEqualTo(1);
    }

    @Test
    void fromEnv_tokenWinsOverClientCredentials() {
        server.on(ROUTE, 200, VALUE);
        try (var client = ArcaClient.fromEnv(Map.of("ARCA_ADDR", server.address(), "ARCA_VAULT", "default",
                "ARCA_TOKEN", "arca_tok", "ARCA_CLIENT_ID", "cli_1", "ARCA_CLIENT_SECRET", "arcas_s3cret"))) {
            client.secrets().read("app/db");
        }
        assertThat(exchanges()).isZero();
        assertThat(server.last().authorization()).isEqualTo("Bearer arca_tok");
    }

    @Test
    void fromEnv_withoutCredential_saysWhatIsMissing() {
        assertThatThrownBy(() -> ArcaClient.fromEnv(Map.of("ARCA_ADDR", server.address())))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("ARCA_TOKEN")
                .hasMessageContaining("ARCA_CLIENT_ID");
        assertThatThrownBy(() -> ArcaClient.fromEnv(Map.of("ARCA_CLIENT_ID", "cli_1")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("ARCA_CLIENT_SECRET is not set");
    }

    @Test
    void severalCredentials_areRefused() {
        assertThatThrownBy(() -> ArcaClient.builder().token("arca_t").clientCredentials("cli_1", "s").build())
                .isInstanceOf(ConfigurationException.class);
    }
}
