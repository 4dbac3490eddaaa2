package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import dev.arca.api.ErrorCode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorMappingTest {
    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default").retries(0)
            .build();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    private static String error(String code, String message) {
        return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message
                + "\",\"details\":{\"field\":\"path\"},\"request_id\":\"req_123\"}}";
    }

    /** The one class of each code; a code added to the enum without a class here fails every test below. */
    private static final Map<ErrorCode, Class<? extends ApiException>> CLASS_OF = Map.ofEntries(
            Map.entry(ErrorCode.INVALID_REQUEST, ValidationException.class),
            Map.entry(ErrorCode.SECRET_STRUCTURE, SecretStructureException.class),
            Map.entry(ErrorCode.UNAUTHENTICATED, AuthenticationException.class),
            Map.entry(ErrorCode.SESSION_EXPIRED, SessionExpiredException.class),
            Map.entry(ErrorCode.ACCESS_DENIED, AccessDeniedException.class),
            Map.entry(ErrorCode.NOT_FOUND, NotFoundException.class),
            Map.entry(ErrorCode.FIELD_NOT_FOUND, FieldNotFoundException.class),
            Map.entry(ErrorCode.METHOD_NOT_ALLOWED, MethodNotAllowedException.class),
            Map.entry(ErrorCode.CONFLICT, ConflictException.class),
            Map.entry(ErrorCode.LEASE_EXPIRED, LeaseExpiredException.class),
            Map.entry(ErrorCode.PAYLOAD_TOO_LARGE, PayloadTooLargeException.class),
            Map.entry(ErrorCode.RATE_LIMITED, RateLimitedException.class),
            Map.entry(ErrorCode.INTERNAL, InternalServerException.class),
            Map.entry(ErrorCode.NOT_INITIALIZED, NotInitializedException.class),
            Map.entry(ErrorCode.UPSTREAM_FAILED, UpstreamFailedException.class),
            Map.entry(ErrorCode.SEALED, SealedException.class),
            Map.entry(ErrorCode.UNAVAILABLE, UnavailableException.class),
            Map.entry(ErrorCode.UPSTREAM_TIMEOUT, UpstreamTimeoutException.class));

    /** What each code's answer becomes, on a route that names no secret. */
    private Map<ErrorCode, ApiException> thrownForEveryCode() {
        var thrown = new EnumMap<ErrorCode, ApiException>(ErrorCode.class);
        for (ErrorCode code : ErrorCode.values()) {
            server.otherwise(code.status(), error(code.wire(), "it went wrong"));
            thrown.put(code, catchApi(() -> client.vaults().list()));
        }
        return thrown;
    }

    @Test
    void everyErrorCode_mapsToItsOwnClass_carryingTheAnswer() {
        thrownForEveryCode().forEach((code, thrown) -> {
            assertThat(thrown.getClass()).as(code.wire()).isEqualTo(CLASS_OF.get(code));
            assertThat(thrown.errorCode()).hasValue(code);
            assertThat(thrown.statusCode()).isEqualTo(code.status());
            assertThat(thrown.code()).isEqualTo(code.wire());
            assertThat(thrown.detail()).isEqualTo("it went wrong");
            assertThat(thrown.suggestion()).as(code.wire()).isNotBlank().doesNotStartWith("see the message");
            assertThat(thrown.details()).containsEntry("field", "path");
            assertThat(thrown.requestId()).isEqualTo("req_123");
        });
    }

    @Test
    void noTwoErrorCodes_shareAClass() {
        var classes = thrownForEveryCode().values().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(classes).hasSize(ErrorCode.values().length).doesNotContain(ApiException.class);
    }

    @Test
    void aSpecialCode_isASubclassOfTheGeneralCodeOfItsStatus() {
        // 400 invalid_request ⊃ secret_structure, 401 unauthenticated ⊃ session_expired, 404 not_found ⊃
        // field_not_found, 503 unavailable ⊃ sealed: one catch of the general class takes its status's every code
        Map<Integer, List<Class<?>>> byStatus = Arrays.stream(ErrorCode.values()).collect(Collectors.groupingBy(
                ErrorCode::status, Collectors.mapping(code -> (Class<?>) CLASS_OF.get(code), Collectors.toList())));
        byStatus.forEach((status, classes) -> assertThat(classes)
                .as("HTTP " + status)
                .anySatisfy(general -> assertThat(classes).allMatch(general::isAssignableFrom)));
        assertThat(UpstreamException.class).isAssignableFrom(UpstreamFailedException.class)
                .isAssignableFrom(UpstreamTimeoutException.class);
    }

    @Test
    void message_isASentenceWithCodeAndRequestId_detailIsTheServersOwn() {
        server.otherwise(409, error("conflict", "the name 'db' is taken"));
        var thrown = catchApi(() -> client.vaults().list());
        assertThat(thrown.getMessage()).isEqualTo("the name 'db' is taken (conflict, request req_123)");
        assertThat(thrown.detail()).isEqualTo("the name 'db' is taken");
        server.otherwise(409, "{\"error\":{\"code\":\"conflict\",\"message\":\"taken\"}}");
        assertThat(catchApi(() -> client.vaults().list()).getMessage()).isEqualTo("taken (conflict)");
    }

    @Test
    void failedBatchItem_hasTheStatusOfItsCode_orTheBatchsOwnForAnUnknownCode() {
        var known = ErrorDecoder.item("access_denied", "not yours");
        assertThat(known).isInstanceOf(AccessDeniedException.class);
        assertThat(known.statusCode()).isEqualTo(403);
        var missing = ErrorDecoder.item("not_found", null);
        assertThat(missing).isInstanceOf(CredentialNotFoundException.class);
        assertThat(missing.detail()).isEqualTo("Arca failed the item with not_found and no message");
        var unknown = ErrorDecoder.item("teapot", "a newer server's code");
        assertThat(unknown.getClass()).isEqualTo(ApiException.class);
        assertThat(unknown.statusCode()).isEqualTo(200);
    }

    @Test
    void errorCode_isTheSharedEnum_andEmptyForACodeOfANewerServer() {
        server.otherwise(409, error("conflict", "taken"));
        assertThat(catchApi(() -> client.vaults().list()).errorCode()).hasValue(ErrorCode.CONFLICT);
        server.otherwise(418, error("teapot", "a newer server's code"));
        var unknown = catchApi(() -> client.vaults().list());
        assertThat(unknown.getClass()).isEqualTo(ApiException.class);
        assertThat(unknown.code()).isEqualTo("teapot");
        assertThat(unknown.errorCode()).isEmpty();
        assertThat(unknown.suggestion()).isEqualTo("see the message; request req_123 is in the server's audit trail");
    }

    @Test
    void notFound_isACredentialNotFoundOnlyOnASecretRoute() {
        server.otherwise(404, error("not_found", "no vault 'x'"));
        var vault = catchApi(() -> client.vaults().get("x"));
        assertThat(vault.getClass()).isEqualTo(NotFoundException.class);
        var secret = catchApi(() -> client.secrets().read("app/db"));
        assertThat(secret).isInstanceOf(CredentialNotFoundException.class).isInstanceOf(NotFoundException.class);
        assertThat(secret.suggestion()).contains("check the secret's path and vault");
    }

    @Test
    void authenticationFailures_shareAuthenticationException() {
        server.otherwise(401, error("unauthenticated", "unknown token"));
        assertThat(catchApi(() -> client.vaults().list())).isExactlyInstanceOf(AuthenticationException.class);
        server.otherwise(401, error("session_expired", "the session expired"));
        assertThat(catchApi(() -> client.vaults().list())).isInstanceOf(SessionExpiredException.class)
                .isInstanceOf(AuthenticationException.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "401 | session_expired | {}                          | re-authenticate: the session expired",
        "503 | sealed          | {}                          | unseal the vault: arca operator unseal",
        "410 | lease_expired   | {\"lease_id\":\"lease_7\"} | retrieve the secret again: lease lease_7 ended",
        "410 | lease_expired   | {}                          | retrieve the secret again: the lease ended",
        "403 | access_denied   | {}                          | ask an administrator for a policy",
        "400 | invalid_request | {\"field\":\"ttl\"}        | fix the field 'ttl'",
        "504 | upstream_timeout| {}                          | did not answer in time",
        "502 | upstream_failed | {}                          | check the upstream service",
        "501 | not_initialized | {}                          | arca operator init"})
    void suggestion_saysWhatToDoNext(int status, String code, String details, String suggestion) {
        server.otherwise(status, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"m\",\"details\":" + details
                + ",\"request_id\":\"req_1\"}}");
        assertThat(catchApi(() -> client.vaults().list()).suggestion()).contains(suggestion);
    }

    @Test
    void rateLimited_suggestsWaitingAsLongAsTheServerSaid() {
        server.otherwise(429, error("rate_limited", "slow down"), Map.of("Retry-After", "7"));
        assertThat(catchApi(() -> client.vaults().list()).suggestion()).startsWith("wait 7 s");
    }

    @Test
    void oauthErrorBody_mapsByStatusWithTheOAuthCodeInDetails() {
        server.on("POST /v1/auth/token", 401,
                "{\"error\":\"invalid_client\",\"error_description\":\"unknown client or wrong secret\"}");
        var thrown = catchApi(() -> client.auth().clientCredentials("cli_1", "arcas_wrong"));
        assertThat(thrown).isInstanceOf(AuthenticationException.class);
        assertThat(thrown.code()).isEqualTo("unauthenticated");
        assertThat(thrown.detail()).isEqualTo("unknown client or wrong secret (invalid_client)");
        assertThat(thrown.details()).containsEntry("error", "invalid_client");
        assertThat(server.last().body()).isEqualTo("grant_type=client_credentials&client_id=cli_1&client_secret=arcas_wrong");
        assertThat(server.last().header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
    }

    @Test
    void rateLimited_carriesRetryAfter() {
        server.otherwise(429, error("rate_limited", "slow down"), Map.of("Retry-After", "7"));
        assertThatThrownBy(() -> client.vaults().list())
                .asInstanceOf(type(RateLimitedException.class))
                .extracting(RateLimitedException::retryAfter).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void retryAfter_readsSecondsAndDatesAndDefaultsToZero() {
        assertThat(HttpTransport.retryAfter(null)).isEqualTo(Duration.ZERO);
        assertThat(HttpTransport.retryAfter("garbage")).isEqualTo(Duration.ZERO);
        assertThat(HttpTransport.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        assertThat(HttpTransport.retryAfter("120")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void answerWithoutErrorBody_mapsByStatusAndHeaderRequestId() {
        server.otherwise(502, "<html>bad gateway</html>", Map.of("X-Request-Id", "req_proxy"));
        var thrown = catchApi(() -> client.sys().sealStatus());
        assertThat(thrown.getClass()).isEqualTo(UnavailableException.class);
        assertThat(thrown.statusCode()).isEqualTo(502);
        assertThat(thrown.code()).isEqualTo("unavailable");
        assertThat(thrown.requestId()).isEqualTo("req_proxy");
        assertThat(thrown.detail()).contains("HTTP 502");
    }

    @Test
    void health_isReadOnSealedAndUninitializedStatuses() {
        server.otherwise(503, "{\"initialized\":true,\"sealed\":true,\"version\":\"0.1.0\"}");
        assertThat(client.sys().health().sealed()).isTrue();
        server.otherwise(501, "{\"initialized\":false,\"sealed\":true,\"version\":\"0.1.0\",\"new_field\":1}");
        assertThat(client.sys().health().initialized()).isFalse();
    }

    @Test
    void health_withErrorBody_stillThrows() {
        server.otherwise(503, error("unavailable", "shutting down"));
        assertThat(catchApi(() -> client.sys().health()).code()).isEqualTo("unavailable");
    }

    @Test
    void unparsableAnswer_neverQuotesTheBody() {
        server.otherwise(200, "{\"value\": hunter2}");
        assertThatThrownBy(() -> client.secrets().read("app/db"))
                .isInstanceOf(ArcaException.class)
                .hasNoCause()
                .message().doesNotContain("hunter2");
    }

    @Test
    void request_carriesTokenAndEncodedPathAndOmitsNulls() {
        server.otherwise(200, "{\"id\":\"sk_1\",\"path\":\"app/db x\",\"version\":2}");
        assertThat(client.secrets().write("app/db x", "s3cr3t").version()).isEqualTo(2);
        var request = server.last();
        assertThat(request.route()).isEqualTo("PUT /v1/vaults/default/secrets/app/db%20x");
        assertThat(request.authorization()).isEqualTo("Bearer arca_tok");
        assertThat(request.body()).isEqualTo("{\"type\":\"string\",\"value\":\"s3cr3t\"}");
    }

    @Test
    void readByVersionAndList_sendQueries() {
        server.otherwise(200, "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":1,\"type\":\"string\",\"value\":\"v\"}");
        client.secrets().withVault("vault_abc").read("app/db", 1);
        assertThat(server.last().route()).isEqualTo("GET /v1/vaults/vault_abc/secrets/app/db?version=1");
        client.secrets().readById("sk_1", 3);
        assertThat(server.last().route()).isEqualTo("GET /v1/secrets/sk_1?version=3");
        server.otherwise(200, "{\"data\":[{\"id\":\"sk_1\",\"path\":\"app/db\",\"type\":\"json\",\"version\":1}],"
                + "\"has_more\":true,\"cursor\":\"c1\"}");
        var page = client.secrets().list("app/", 10, null);
        assertThat(server.last().route()).isEqualTo("GET /v1/vaults/default/secrets?prefix=app%2F&limit=10");
        assertThat(page.hasMore()).isTrue();
        assertThat(page.data()).singleElement().extracting(dev.arca.api.Secret.Item::path).isEqualTo("app/db");
    }

    @Test
    void revokeByAccessor_postsRefAndAcceptsNoContent() {
        server.otherwise(204, "");
        client.tokens().revokeAccessor("acc_1");
        assertThat(server.last().route()).isEqualTo("POST /v1/tokens/revoke");
        assertThat(server.last().body()).isEqualTo("{\"accessor\":\"acc_1\"}");
    }

    @Test
    void unreachableServer_saysWhereAndAsksIfRunning() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        try (var offline = ArcaClient.builder().address("http://127.0.0.1:" + port).token("arca_tok").retries(0)
                .build()) {
            assertThatThrownBy(() -> offline.sys().health())
                    .isInstanceOf(ConnectionException.class)
                    .hasMessageStartingWith("cannot reach Arca at http://127.0.0.1:" + port + ": ")
                    .hasMessageEndingWith("; is the server running?")
                    .message().doesNotContain("arca_tok");
        }
    }

    private static ApiException catchApi(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected an ApiException");
    }
}
