package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which answers {@link HttpTransport} sends again, how long it waits, and that each attempt is signed afresh. */
class RetryTest {
    private static final String VALUE = "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":1,\"type\":\"string\","
            + "\"value\":\"hunter2\"}";
    private static final String ROUTE = "GET /v1/vaults/default/secrets/app/db";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok")
            .vault("default").backoff(Duration.ofMillis(20)).build();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    private static String error(String code) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"no\",\"request_id\":\"req_1\"}}";
    }

    @Test
    void sealedThenOk_succeedsAfterOneRetry() {
        server.once(ROUTE, 503, error("sealed"), Map.of()).on(ROUTE, 200, VALUE);
        assertThat(client.secrets().read("app/db").value().reveal()).isEqualTo("hunter2");
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void rateLimited_waitsAtLeastRetryAfter() {
        server.once(ROUTE, 429, error("rate_limited"), Map.of("Retry-After", "1")).on(ROUTE, 200, VALUE);
        long start = System.nanoTime();
        assertThat(client.secrets().read("app/db").value().reveal()).isEqualTo("hunter2");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void alwaysSealed_givesUpAfterThreeRetries() {
        server.on(ROUTE, 503, error("sealed"));
        assertThatThrownBy(() -> client.secrets().read("app/db")).isInstanceOf(SealedException.class);
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void retryAfterOverAMinute_isNotWaitedFor() {
        server.on(ROUTE, 429, error("rate_limited")).otherwise(429, error("rate_limited"), Map.of("Retry-After", "3600"));
        assertThatThrownBy(() -> client.secrets().read("app/other")).isInstanceOf(RateLimitedException.class);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void validationAndAuthErrors_areNotRetried() {
        server.on(ROUTE, 400, error("invalid_request"));
        assertThatThrownBy(() -> client.secrets().read("app/db")).isInstanceOf(ApiException.class);
        server.on(ROUTE, 401, error("unauthenticated"));
        assertThatThrownBy(() -> client.secrets().read("app/db")).isInstanceOf(AuthenticationException.class);
        server.on(ROUTE, 403, error("access_denied"));
        assertThatThrownBy(() -> client.secrets().read("app/db")).isInstanceOf(AccessDeniedException.class);
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void retriesZero_sendsOnce() {
        server.on(ROUTE, 503, error("sealed"));
        try (var once = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default").retries(0)
                .build()) {
            assertThatThrownBy(() -> once.secrets().read("app/db")).isInstanceOf(SealedException.class);
        }
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void healthReportingSealed_isAnAnswerNotRetried() {
        server.on("GET /v1/sys/health", 503, "{\"initialized\":true,\"sealed\":true,\"version\":\"0.1.0\"}");
        client.sys().health();
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void connectionRefused_isRetriedThenReported() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (var offline = ArcaClient.builder().address("http://127.0.0.1:" + port).token("arca_tok").vault("default")
                .backoff(Duration.ofMillis(50)).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> offline.secrets().write("app/db", "v")).isInstanceOf(ConnectionException.class);
            // 50 + 100 + 200 ms of backoff: the write was retried although it is a POST, since it never left
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(350));
        }
    }

    @Test
    void retriedSignedRequest_carriesAFreshNonceAndTimestampSignature() throws Exception {
        server.once(ROUTE, 503, error("sealed"), Map.of()).on(ROUTE, 200, VALUE);
        var keys = Ed25519Keys.generate();
        var identity = MachineIdentity.save(java.nio.file.Files.createTempDirectory("arca-retry"),
                new MachineIdentity.Stored("mach_7", "web-1", "default", server.address(), "machine.key"),
                keys.getPrivate(), null);
        try (var machine = ArcaClient.builder().identity(identity).backoff(Duration.ofMillis(20)).build()) {
            machine.secrets().read("app/db");
        }
        var first = server.requests().get(0);
        var retry = server.requests().get(1);
        assertThat(retry.header("X-Nonce")).isNotEqualTo(first.header("X-Nonce"));
        assertThat(retry.header("X-Signature")).isNotEqualTo(first.header("X-Signature"));
    }

    @Test
    void backoff_doublesAndYieldsToALongerRetryAfter() {
        var policy = new RetryPolicy(3, Duration.ofSeconds(1));
        assertThat(policy.delayBefore(1, Duration.ZERO)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delayBefore(2, Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delayBefore(3, Duration.ZERO)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delayBefore(4, Duration.ZERO)).isNull();
        assertThat(policy.delayBefore(1, Duration.ofSeconds(5))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void lostAnswerOfAWrite_isNotRetried() {
        assertThat(RetryPolicy.retriesFailure("POST", false)).isFalse();
        assertThat(RetryPolicy.retriesFailure("DELETE", false)).isFalse();
        assertThat(RetryPolicy.retriesFailure("GET", false)).isTrue();
        assertThat(RetryPolicy.retriesFailure("POST", true)).isTrue();
    }
}
