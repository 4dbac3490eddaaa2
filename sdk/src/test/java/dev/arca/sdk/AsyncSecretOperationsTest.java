package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link AsyncSecretOperations}: the same requests and answers as the blocking ones, and retries on a timer. */
class AsyncSecretOperationsTest {
    private static final String ROUTE = "GET /v1/vaults/default/secrets/app/db";
    private static final String VALUE = "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":1,\"type\":\"string\","
            + "\"value\":\"hunter2\"}";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok")
            .vault("default").backoff(Duration.ofMillis(500)).build();
    private final AsyncSecretOperations secrets = client.async().secrets();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void read_completesWithTheSecret() {
        server.on(ROUTE, 200, VALUE);
        assertThat(secrets.read("app/db").join().value().reveal()).isEqualTo("hunter2");
        assertThat(server.last().authorization()).isEqualTo("Bearer arca_tok");
    }

    @Test
    void readVersionAndField_putBothInTheQuery() {
        server.on(ROUTE + "?version=2", 200, VALUE).on(ROUTE + "?field=password", 200, VALUE);
        assertThat(secrets.read("app/db", 2).join().version()).isEqualTo(1);
        assertThat(secrets.readField("app/db", "password").join()).isEqualTo("hunter2");
    }

    @Test
    void sealedThenOk_retriesWithoutBlockingTheCaller() {
        server.once(ROUTE, 503, "{\"error\":{\"code\":\"sealed\",\"message\":\"sealed\"}}", Map.of())
                .on(ROUTE, 200, VALUE);
        long start = System.nanoTime();
        var read = secrets.read("app/db");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(400));
        assertThat(read.join().value().reveal()).isEqualTo("hunter2");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void errorAnswer_failsWithTheTypedException() {
        server.on(ROUTE, 404, "{\"error\":{\"code\":\"not_found\",\"message\":\"no secret app/db\"}}");
        assertThatThrownBy(() -> secrets.read("app/db").join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(NotFoundException.class).hasMessage("no secret app/db (not_found)");
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void writeDeleteListAndBatch_sendTheBlockingClientsRequests() {
        server.on("PUT /v1/vaults/default/secrets/app/db", 200, "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":2}")
                .on("DELETE /v1/vaults/default/secrets/app/db", 204, "")
                .on("GET /v1/vaults/default/secrets?prefix=app&limit=1", 200,
                        "{\"data\":[],\"has_more\":false,\"cursor\":null}")
                .on("POST /v1/vaults/default/secrets/batch", 200, "{\"secrets\":{\"app/db\":" + VALUE
                        + "},\"errors\":{\"app/x\":{\"code\":\"access_denied\",\"message\":\"no\"}}}");
        assertThat(secrets.write("app/db", "v2").join().version()).isEqualTo(2);
        assertThat(server.last().body()).contains("\"value\":\"v2\"");
        assertThat(secrets.delete("app/db").join()).isNull();
        assertThat(secrets.list("app", 1, null).join().hasMore()).isFalse();
        var batch = secrets.batchRead(List.of("app/db", "app/x")).join();
        assertThat(batch.secrets().get("app/db").value().reveal()).isEqualTo("hunter2");
        assertThat(batch.errors()).containsKey("app/x");
    }

    @Test
    void resolve_valueOrTheReferencesOwnError() {
        server.once("POST /v1/vaults/default/resolve", 200, "{\"values\":{\"arca://app/db\":\"hunter2\"},"
                + "\"errors\":{}}", Map.of()).on("POST /v1/vaults/default/resolve", 200, "{\"values\":{},"
                + "\"errors\":{\"arca://app/x\":{\"code\":\"access_denied\",\"message\":\"no\"}}}");
        assertThat(secrets.resolve("arca://app/db").join()).isEqualTo("hunter2");
        assertThatThrownBy(() -> secrets.resolve("arca://app/x").join()).cause()
                .isInstanceOf(AccessDeniedException.class);
    }

    @Test
    void closedClient_failsTheFuture() {
        client.close();
        assertThat(secrets.read("app/db")).isCompletedExceptionally();
    }
}
