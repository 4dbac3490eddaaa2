package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Policy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The async twins outside secrets ({@link AsyncArcaClient#policies()}, {@code leases()}, {@code use()},
 * {@code transit()}): the blocking clients' requests and answers, their exceptions in the future, and closing.
 */
class AsyncOperationsTest {
    private static final String LEASE = "{\"lease_id\":\"lease_1\",\"vault_id\":\"vault_1\",\"secret_id\":\"sk_1\","
            + "\"path\":\"app/db\",\"version\":1,\"holder\":\"agent:bot\",\"state\":\"active\"}";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok")
            .vault("default").backoff(Duration.ofMillis(300)).build();
    private final AsyncArcaClient async = client.async();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void policies_putBindTestAndList() {
        server.on("PUT /v1/vaults/default/policies/readers", 200, "{\"name\":\"readers\",\"rules\":[]}")
                .on("POST /v1/vaults/default/policies/readers/bindings", 204, "")
                .on("GET /v1/vaults/default/policies/readers/bindings", 200,
                        "{\"data\":[\"agent:bot\"],\"has_more\":false}")
                .on("POST /v1/vaults/default/policies/test", 200, "{\"allowed\":true}")
                .on("DELETE /v1/vaults/default/policies/readers", 204, "");
        var rules = List.of(new Policy.Rule("app/**", List.of("read"), null, null));
        assertThat(async.policies().put("readers", rules).join().name()).isEqualTo("readers");
        assertThat(server.last().body()).isEqualTo("{\"rules\":[{\"path\":\"app/**\",\"permissions\":[\"read\"]}]}");
        assertThat(async.policies().bind("readers", "agent:bot").join()).isNull();
        assertThat(server.last().body()).isEqualTo("{\"subject\":\"agent:bot\"}");
        assertThat(async.policies().bindings("readers").join()).containsExactly("agent:bot");
        assertThat(async.policies().delete("readers").join()).isNull();
        assertThat(server.last().route()).isEqualTo("DELETE /v1/vaults/default/policies/readers");
    }

    @Test
    void leases_retrieveRenewReleaseAndRevoke() {
        server.on("POST /v1/vaults/default/secrets/app/db/retrieve", 201,
                        "{\"lease_id\":\"lease_1\",\"path\":\"app/db\",\"value\":\"hunter2\"}")
                .on("POST /v1/leases/renew", 200, LEASE)
                .on("POST /v1/leases/release", 204, "")
                .on("POST /v1/vaults/default/leases/revoke", 200, "{\"revoked\":3}");
        var retrieved = async.leases().retrieve("app/db", Duration.ofMinutes(5), null, null).join();
        assertThat(retrieved.value().reveal()).isEqualTo("hunter2");
        assertThat(server.last().body()).isEqualTo("{\"ttl\":\"5m\"}");
        assertThat(async.leases().renew("lease_1", Duration.ofMinutes(1)).join().holder()).isEqualTo("agent:bot");
        assertThat(server.last().body()).isEqualTo("{\"lease_id\":\"lease_1\",\"increment\":\"1m\"}");
        assertThat(async.leases().release("lease_1").join()).isNull();
        assertThat(async.leases().revoke("agent:bot").join()).isEqualTo(3);
    }

    @Test
    void leases_aTtlOfPartSeconds_isRefusedBeforeSending() {
        assertThatThrownBy(() -> async.leases().retrieve("app/db", Duration.ofMillis(1500), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void leaseExpired_failsTheFutureWithTheTypedException() {
        server.on("POST /v1/leases/release", 410,
                "{\"error\":{\"code\":\"lease_expired\",\"message\":\"lease lease_1 ended\"}}");
        assertThatThrownBy(() -> async.leases().release("lease_1").join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(LeaseExpiredException.class).hasMessage("lease lease_1 ended (lease_expired)");
    }

    @Test
    void use_httpRequestAndSign_sendTheBlockingClientsBodies() {
        server.on("POST /v1/vaults/default/secrets/app/token/use", 200,
                "{\"status\":200,\"headers\":{},\"body\":\"ok\",\"body_encoding\":\"utf8\"}");
        var response = async.use().httpRequest("app/token", UpstreamRequest.get("https://api.example.com/v1/me"),
                HeaderInjection.bearer()).join();
        assertThat(response.body()).isEqualTo("ok");
        assertThat(server.last().body()).isEqualTo("{\"operation\":\"http_request\",\"method\":\"GET\","
                + "\"url\":\"https://api.example.com/v1/me\",\"header_type\":\"bearer\"}");
        server.on("POST /v1/vaults/default/secrets/app/token/use", 200,
                "{\"algorithm\":\"hmac-sha256\",\"signature\":\"c2ln\"}");
        assertThat(async.use().sign("app/token", "hmac-sha256", "hi".getBytes(StandardCharsets.UTF_8)).join()
                .signature()).isEqualTo("c2ln");
        assertThat(server.last().body()).contains("\"data\":\"aGk=\",\"encoding\":\"base64\"");
    }

    @Test
    void transit_encryptTextAndDecryptBothForms() {
        server.on("POST /v1/vaults/default/transit/app/k/encrypt", 200,
                "{\"ciphertext\":\"arca:v1:AAAA\",\"key_version\":1}");
        assertThat(async.transit().encryptText("app/k", "hi", null).join().ciphertext()).isEqualTo("arca:v1:AAAA");
        assertThat(server.last().body()).isEqualTo("{\"data\":\"hi\"}");
        server.on("POST /v1/vaults/default/transit/app/k/decrypt", 200, "{\"plaintext\":\"aGk=\"}");
        assertThat(async.transit().decrypt("app/k", "arca:v1:AAAA", new byte[] {7}).join())
                .isEqualTo("hi".getBytes(StandardCharsets.UTF_8));
        assertThat(server.last().body()).isEqualTo("{\"ciphertext\":\"arca:v1:AAAA\",\"context\":\"Bw==\"}");
        server.on("POST /v1/vaults/default/transit/app/k/decrypt", 200, "{\"plaintext\":\"hi\"}");
        assertThat(async.transit().decryptText("app/k", "arca:v1:AAAA", null).join()).isEqualTo("hi");
        assertThat(server.last().body()).isEqualTo("{\"data\":\"arca:v1:AAAA\"}");
    }

    @Test
    void sealedThenOk_isRetriedOnATimer_forTheNewTwinsToo() {
        server.once("POST /v1/vaults/default/transit/app/k/rotate", 503,
                "{\"error\":{\"code\":\"sealed\",\"message\":\"sealed\"}}", Map.of())
                .on("POST /v1/vaults/default/transit/app/k/rotate", 200, "{\"id\":\"sk_9\",\"path\":\"app/k\","
                        + "\"algorithm\":\"aes256-gcm\",\"exportable\":false,\"latest_version\":2,"
                        + "\"min_decryption_version\":1,\"versions\":[],\"created_at\":\"2025-01-01T00:00:00Z\"}");
        long start = System.nanoTime();
        var rotated = async.transit().rotate("app/k");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(250));
        assertThat(rotated.join().latestVersion()).isEqualTo(2);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void closingTheAsyncClient_closesTheClientItShares() {
        server.on("GET /v1/vaults/default/policies", 200, "{\"data\":[],\"has_more\":false}");
        try (AsyncArcaClient shared = client.async()) {
            assertThat(shared.policies().list().join().data()).isEmpty();
        }
        assertThatThrownBy(() -> async.policies().list().join()).cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> client.policies().list()).isInstanceOf(IllegalStateException.class);
        client.close();
    }
}
