package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.Security;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which answers {@link HttpTransport} sends again, how long it waits, and that each attempt is signed afresh. The
 * waits are recorded by a {@link RetryPolicy.Sleeper}, not slept, so no assertion depends on the clock.
 */
class RetryTest {
    private static final String VALUE = "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":1,\"type\":\"string\","
            + "\"value\":\"hunter2\"}";
    private static final String ROUTE = "GET /v1/vaults/default/secrets/app/db";

    private final FakeArca server = new FakeArca();
    private final List<Duration> waits = new CopyOnWriteArrayList<>();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok")
            .vault("default").backoff(Duration.ofMillis(20)).sleeper(waits::add).build();

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
        assertThat(client.secrets().read("app/db").value().reveal()).isEqualTo("hunter2");
        assertThat(waits).containsExactly(Duration.ofSeconds(1));
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
                .backoff(Duration.ofMillis(50)).sleeper(waits::add).build()) {
            assertThatThrownBy(() -> offline.secrets().write("app/db", "v")).isInstanceOf(ConnectionException.class);
            // three retries of the write, although it is not idempotent, since it never left
            assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200));
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

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 504})
    void serverErrorOnAGet_isRetried(int status) {
        server.once(ROUTE, status, error(status == 500 ? "internal" : "unavailable"), Map.of()).on(ROUTE, 200, VALUE);
        assertThat(client.secrets().read("app/db").value().reveal()).isEqualTo("hunter2");
        assertThat(server.requests()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 504})
    void serverErrorOnAPost_isNotRetried(int status) {
        server.on("POST /v1/tokens/revoke", status, error(status == 500 ? "internal" : "unavailable"));
        assertThatThrownBy(() -> client.tokens().revokeAccessor("acc_1")).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).statusCode()).isEqualTo(status);
        assertThat(server.requests()).hasSize(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void internalErrorOnAPutOrDelete_isRetried() {
        String secret = "/v1/vaults/default/secrets/app/db";
        server.once("PUT " + secret, 500, error("internal"), Map.of())
                .on("PUT " + secret, 200, "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":2}")
                .once("DELETE " + secret, 500, error("internal"), Map.of()).on("DELETE " + secret, 204, "");
        assertThat(client.secrets().write("app/db", "v").version()).isEqualTo(2);
        client.secrets().delete("app/db");
        assertThat(server.requests()).extracting(FakeArca.Request::method)
                .containsExactly("PUT", "PUT", "DELETE", "DELETE");
    }

    @Test
    void internalErrorTillTheEnd_isAnInternalServerException() {
        server.on(ROUTE, 500, error("internal"));
        assertThatThrownBy(() -> client.secrets().read("app/db")).isInstanceOf(InternalServerException.class);
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void retryBackoff_multipliesEachWaitByTheMultiplier() {
        server.on(ROUTE, 503, error("unavailable"));
        try (var client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default")
                .retries(3).retryBackoff(Duration.ofMillis(100), 3).sleeper(waits::add).build()) {
            assertThatThrownBy(() -> client.secrets().read("app/db")).isInstanceOf(UnavailableException.class);
        }
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(900));
        assertThat(server.requests()).hasSize(4);
    }

    @Test
    void multiplierOfOne_waitsTheSameEveryTime_andNoWaitIsOverAMinute() {
        var even = new RetryPolicy(3, Duration.ofMillis(250), 1, RetryPolicy.Sleeper.THREAD);
        assertThat(even.delayBefore(1, Duration.ZERO)).isEqualTo(even.delayBefore(3, Duration.ZERO))
                .isEqualTo(Duration.ofMillis(250));
        var steep = new RetryPolicy(5, Duration.ofSeconds(10), 10, RetryPolicy.Sleeper.THREAD);
        assertThat(steep.delayBefore(2, Duration.ZERO)).isEqualTo(Duration.ofSeconds(60));
        assertThat(steep.delayBefore(5, Duration.ZERO)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void impossibleRetryOptions_areRefusedSayingWhatToGive() {
        var builder = ArcaClient.builder();
        assertThatThrownBy(() -> builder.retries(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retries must be 0 or more");
        assertThatThrownBy(() -> builder.retryBackoff(Duration.ofSeconds(1), 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiplier must be")
                .hasMessageContaining("1 or more");
        assertThatThrownBy(() -> builder.retryBackoff(Duration.ofSeconds(1), Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.retryBackoff(Duration.ofSeconds(1), Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder.backoff(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("zero or positive");
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the timeout must be positive");
        var machine = Arca.builder();
        assertThatThrownBy(() -> machine.retries(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> machine.retryBackoff(Duration.ofSeconds(1), 0.99))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> machine.timeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arcaBuilderOptions_reachTheTransport(@TempDir Path home) {
        MachineIdentity.save(home, new MachineIdentity.Stored("mach_7", "web-1", "default", server.address(),
                "machine.key"), Ed25519Keys.generate().getPrivate(), null);
        server.on(ROUTE, 503, error("sealed"));
        try (var arca = Arca.builder().timeout(Duration.ofSeconds(7)).retries(2)
                .retryBackoff(Duration.ofMillis(40), 2.5).sleeper(waits::add)
                .open(MachineIdentity.defaultFile(home, "default"))) {
            var transport = arca.client().transport();
            assertThat(transport.timeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(transport.retryPolicy()).extracting(RetryPolicy::retries, RetryPolicy::backoff,
                    RetryPolicy::multiplier).containsExactly(2, Duration.ofMillis(40), 2.5);
            assertThatThrownBy(() -> arca.getSecret("app/db")).isInstanceOf(SealedException.class);
        }
        assertThat(waits).containsExactly(Duration.ofMillis(40), Duration.ofMillis(100));
        assertThat(server.requests()).hasSize(3).allSatisfy(request -> assertThat(request.header("X-Signature"))
                .isNotBlank());
    }

    @Test
    void arcaBuilderSignatureProvider_signsTheRequests(@TempDir Path home) {
        MachineIdentity.save(home, new MachineIdentity.Stored("mach_7", "web-1", "default", server.address(),
                "machine.key"), Ed25519Keys.generate().getPrivate(), null);
        // a provider without Ed25519 cannot sign: the request fails before it is sent, so the provider was used
        try (var arca = Arca.builder().signatureProvider(Security.getProvider("SunJCE"))
                .open(MachineIdentity.defaultFile(home, "default"))) {
            assertThatThrownBy(() -> arca.getSecret("app/db")).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("cannot sign with this key");
        }
        assertThat(server.requests()).isEmpty();
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
    void retriedStatuses_dependOnTheMethodOnlyFor500_502_504() {
        for (String method : List.of("GET", "HEAD", "PUT", "DELETE", "POST", "PATCH")) {
            boolean idempotent = !method.equals("POST") && !method.equals("PATCH");
            assertThat(RetryPolicy.retriesStatus(method, 429)).isTrue();
            assertThat(RetryPolicy.retriesStatus(method, 503)).isTrue();
            assertThat(RetryPolicy.retriesStatus(method, 500)).as(method).isEqualTo(idempotent);
            assertThat(RetryPolicy.retriesStatus(method, 502)).as(method).isEqualTo(idempotent);
            assertThat(RetryPolicy.retriesStatus(method, 504)).as(method).isEqualTo(idempotent);
            assertThat(RetryPolicy.retriesStatus(method, 501)).isFalse();
            assertThat(RetryPolicy.retriesStatus(method, 409)).isFalse();
        }
    }

    @Test
    void lostAnswerOfAWrite_isNotRetried() {
        assertThat(RetryPolicy.retriesFailure("POST", false)).isFalse();
        assertThat(RetryPolicy.retriesFailure("DELETE", false)).isFalse();
        assertThat(RetryPolicy.retriesFailure("GET", false)).isTrue();
        assertThat(RetryPolicy.retriesFailure("POST", true)).isTrue();
    }
}
