package dev.arca.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The storage contract: what every backend must do, run through the real server over HTTP. Subclasses pick the
 * backend ({@link SqliteStorageIT}, {@link PostgresStorageIT}); the assertions are the same.
 */
abstract class StorageContract {
    @TempDir
    Path dir;
    TestServer server;

    /** The {@code --storage} value of a fresh, empty database of this backend. */
    abstract String freshStorage();

    @BeforeEach
    void start() {
        server = TestServer.start(dir, freshStorage()).initAndUnseal();
        assertThat(server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}").status()).isEqualTo(201);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyWrite_isANewVersion_andEveryVersionStaysReadable() {
        for (int i = 1; i <= 3; i++) {
            var written = server.root("PUT", "/v1/vaults/default/secrets/app/key", "{\"value\":\"v" + i + "\"}");
            assertThat(written.json().path("version").asInt()).isEqualTo(i);
        }
        assertThat(server.root("GET", "/v1/vaults/default/secrets/app/key", null).json().path("value").asText())
                .isEqualTo("v3");
        assertThat(server.root("GET", "/v1/vaults/default/secrets/app/key?version=1", null).json().path("value")
                .asText()).isEqualTo("v1");
    }

    @Test
    void structuredValues_roundTripAsFields() {
        server.root("PUT", "/v1/vaults/default/secrets/app/db", "{\"fields\":{\"user\":\"admin\",\"password\":\"pw\"}}");
        JsonNode secret = server.root("GET", "/v1/vaults/default/secrets/app/db", null).json();
        assertThat(secret.path("type").asText()).isEqualTo("json");
        assertThat(secret.path("fields").path("password").asText()).isEqualTo("pw");
        String id = secret.path("id").asText();
        assertThat(server.root("GET", "/v1/secrets/" + id, null).json().path("fields").path("user").asText())
                .isEqualTo("admin");
    }

    @Test
    void listing_pagesInPathOrderWithPrefixAndCursor() {
        for (String name : List.of("b", "a", "c/one", "c/two", "d")) {
            server.root("PUT", "/v1/vaults/default/secrets/app/" + name, "{\"value\":\"x\"}");
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var page = server.root("GET", "/v1/vaults/default/secrets?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    null).json();
            page.path("data").forEach(item -> seen.add(item.path("path").asText()));
            cursor = page.path("has_more").asBoolean() ? page.path("cursor").asText() : null;
        } while (cursor != null);
        assertThat(seen).containsExactly("app/a", "app/b", "app/c/one", "app/c/two", "app/d");
        var prefixed = server.root("GET", "/v1/vaults/default/secrets?prefix=app/c/", null).json();
        assertThat(prefixed.path("data")).extracting(n -> n.path("path").asText()).containsExactly("app/c/one", "app/c/two");
    }

    @Test
    void softDelete_hidesTheSecret_andAWriteBringsItBack() {
        server.root("PUT", "/v1/vaults/default/secrets/app/gone", "{\"value\":\"x\"}");
        assertThat(server.root("DELETE", "/v1/vaults/default/secrets/app/gone", null).status()).isEqualTo(204);
        assertThat(server.root("GET", "/v1/vaults/default/secrets/app/gone", null).status()).isEqualTo(404);
        assertThat(server.root("GET", "/v1/vaults/default/secrets", null).body()).doesNotContain("app/gone");
        var again = server.root("PUT", "/v1/vaults/default/secrets/app/gone", "{\"value\":\"y\"}");
        assertThat(again.json().path("version").asInt()).isEqualTo(2);
    }

    @Test
    void concurrentWritesToOneSecret_getDistinctVersions() throws Exception {
        server.root("PUT", "/v1/vaults/default/secrets/app/hot", "{\"value\":\"0\"}");
        Set<Integer> versions = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int n = i;
                writes.add(pool.submit(() -> {
                    var r = server.root("PUT", "/v1/vaults/default/secrets/app/hot", "{\"value\":\"" + n + "\"}");
                    assertThat(r.status()).as(r.body()).isEqualTo(200);
                    versions.add(r.json().path("version").asInt());
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        }
        assertThat(versions).hasSize(32).doesNotContain(1);
    }

    @Test
    void restart_comesUpSealed_andKeepsEverythingAfterUnseal() {
        server.root("PUT", "/v1/vaults/default/secrets/app/kept", "{\"value\":\"still-here\"}");
        server.restart();
        assertThat(server.root("GET", "/v1/vaults/default/secrets/app/kept", null).errorCode()).isEqualTo("sealed");
        server.unseal(server.unsealKeys.get(2));
        server.unseal(server.unsealKeys.get(0));
        assertThat(server.root("GET", "/v1/vaults/default/secrets/app/kept", null).json().path("value").asText())
                .isEqualTo("still-here");
    }

    @Test
    void duplicates_areConflicts() {
        assertThat(server.root("POST", "/v1/vaults", "{\"name\":\"default\"}").status()).isEqualTo(409);
        assertThat(server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}").status()).isEqualTo(409);
    }

    @Test
    void tokens_revokingAParentRevokesItsChildren() {
        var parent = server.root("POST", "/v1/tokens", "{\"ttl\":\"1h\"}").json().path("token").asText();
        var child = server.call("POST", "/v1/tokens", parent, "{}").json().path("token").asText();
        assertThat(server.call("GET", "/v1/tokens/self", child, null).status()).isEqualTo(200);
        assertThat(server.root("POST", "/v1/tokens/revoke", "{\"token\":\"" + parent + "\"}").status()).isEqualTo(204);
        assertThat(server.call("GET", "/v1/tokens/self", child, null).status()).isEqualTo(401);
        assertThat(server.call("GET", "/v1/tokens/self", parent, null).status()).isEqualTo(401);
    }
}
