package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service client's cache of read answers: hits, misses, expiry, eviction and invalidation. */
class SecretCacheTest {
    private static final String DB = "GET /v1/vaults/default/secrets/app/db";

    private final FakeArca server = new FakeArca();
    private ArcaClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
        server.close();
    }

    private static String value(String path, String value) {
        return "{\"id\":\"sk_1\",\"path\":\"" + path + "\",\"version\":1,\"type\":\"string\",\"value\":\"" + value
                + "\"}";
    }

    private SecretOperations secrets(Duration ttl, int max) {
        client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default").cacheTtl(ttl)
                .cacheMax(max).build();
        return client.secrets();
    }

    private long requests(String route) {
        return server.requests().stream().filter(r -> r.route().equals(route)).count();
    }

    @Test
    void secondRead_isAnsweredFromTheCache() {
        server.on(DB, 200, value("app/db", "hunter2"));
        var secrets = secrets(Duration.ofSeconds(60), 500);
        assertThat(secrets.read("app/db").value().reveal()).isEqualTo("hunter2");
        assertThat(secrets.read("app/db").value().reveal()).isEqualTo("hunter2");
        assertThat(requests(DB)).isEqualTo(1);
    }

    @Test
    void versionAndField_areCachedApart() {
        server.on(DB, 200, value("app/db", "current")).on(DB + "?version=1", 200, value("app/db", "first"))
                .on(DB + "?field=user", 200, value("app/db", "alice"));
        var secrets = secrets(Duration.ofSeconds(60), 500);
        assertThat(secrets.read("app/db").value().reveal()).isEqualTo("current");
        assertThat(secrets.read("app/db", 1).value().reveal()).isEqualTo("first");
        assertThat(secrets.readField("app/db", "user")).isEqualTo("alice");
        assertThat(secrets.readField("app/db", "user")).isEqualTo("alice");
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void expiredEntry_isReadAgain() throws Exception {
        server.on(DB, 200, value("app/db", "hunter2"));
        var secrets = secrets(Duration.ofMillis(200), 500);
        secrets.read("app/db");
        Thread.sleep(300);
        secrets.read("app/db");
        assertThat(requests(DB)).isEqualTo(2);
    }

    @Test
    void writeDeleteAndInvalidate_forgetThePath() {
        server.on(DB, 200, value("app/db", "hunter2"))
                .on("PUT /v1/vaults/default/secrets/app/db", 200, "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":2}")
                .on("DELETE /v1/vaults/default/secrets/app/db", 204, "");
        var secrets = secrets(Duration.ofSeconds(60), 500);
        secrets.read("app/db");
        secrets.write("app/db", "new");
        secrets.read("app/db");
        secrets.delete("app/db");
        secrets.read("app/db");
        secrets.invalidate("app/db");
        secrets.read("app/db");
        client.async().secrets().write("app/db", "async").join();
        secrets.read("app/db");
        assertThat(requests(DB)).isEqualTo(5);
    }

    @Test
    void readsById_areCachedUnderTheId_andAChangeByEitherNameForgetsBoth() {
        String byId = "GET /v1/secrets/sk_1";
        server.on(DB, 200, value("app/db", "hunter2")).on(byId, 200, value("app/db", "hunter2"))
                .on("PUT /v1/vaults/default/secrets/app/db", 200, "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":2}")
                .on("DELETE /v1/secrets/sk_1", 204, "")
                .on("PATCH /v1/secrets/sk_1/metadata", 200, "{\"id\":\"sk_1\",\"path\":\"app/db\"}");
        var secrets = secrets(Duration.ofSeconds(60), 500);
        secrets.read("sk_1");
        secrets.readById("sk_1", null, null);
        secrets.read("app/db");
        assertThat(requests(byId)).as("read(id) and readById share the id's entry").isEqualTo(1);
        assertThat(requests(DB)).as("a read by path is an entry of its own").isEqualTo(1);

        secrets.write("app/db", "new");
        secrets.read("sk_1");
        secrets.read("app/db");
        assertThat(requests(byId)).as("a write by path forgets the read by id").isEqualTo(2);
        assertThat(requests(DB)).isEqualTo(2);

        secrets.delete("sk_1");
        secrets.read("app/db");
        secrets.read("sk_1");
        assertThat(requests(DB)).as("a delete by id forgets the read by path").isEqualTo(3);
        assertThat(requests(byId)).isEqualTo(3);

        secrets.updateMetadata("sk_1", new dev.arca.api.SecretMetadata.Update(null, null, null, null));
        secrets.invalidate("app/db");
        secrets.read("sk_1");
        secrets.read("app/db");
        assertThat(requests(byId)).isEqualTo(4);
        assertThat(requests(DB)).isEqualTo(4);
        client.async().secrets().delete("sk_1").join();
        secrets.read("app/db");
        assertThat(requests(DB)).as("an async delete by id forgets the path too").isEqualTo(5);
    }

    @Test
    void fullCache_dropsTheLeastRecentlyUsed() {
        for (String name : new String[] {"a", "b", "c"}) {
            server.on("GET /v1/vaults/default/secrets/app/" + name, 200, value("app/" + name, name));
        }
        var secrets = secrets(Duration.ofSeconds(60), 2);
        secrets.read("app/a");
        secrets.read("app/b");
        secrets.read("app/a");
        secrets.read("app/c"); // evicts b, used least recently
        secrets.read("app/a");
        secrets.read("app/b");
        assertThat(requests("GET /v1/vaults/default/secrets/app/a")).isEqualTo(1);
        assertThat(requests("GET /v1/vaults/default/secrets/app/b")).isEqualTo(2);
    }

    @Test
    void zeroTtl_disablesTheCache() {
        server.on(DB, 200, value("app/db", "hunter2"));
        var secrets = secrets(Duration.ZERO, 500);
        secrets.read("app/db");
        secrets.read("app/db");
        assertThat(requests(DB)).isEqualTo(2);
    }

    @Test
    @SuppressWarnings("ObjectToString") // an identity toString is one that shows no value: what this asserts
    void cachedValue_isNotInAnyToString() {
        server.on(DB, 200, value("app/db", "hunter2"));
        var secrets = secrets(Duration.ofSeconds(60), 500);
        var cache = new SecretCache(Duration.ofSeconds(60), 10, System::nanoTime);
        cache.read("default", "app/db", null, null, () -> secrets.read("app/db"));
        assertThat(cache.toString()).doesNotContain("hunter2").contains("entries=1");
        assertThat(client.toString()).doesNotContain("hunter2");
        assertThat(secrets.toString()).doesNotContain("hunter2");
        assertThat(secrets.read("app/db").toString()).doesNotContain("hunter2");
    }
}
