package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.IdentityType;
import dev.arca.api.Policy;
import dev.arca.api.Secret;
import dev.arca.api.SecretMetadata;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The async twins added for parity: by-id rotation and metadata, typed policy calls, paging, the long poll, and
 * the blocking client's cache dropped by an async change.
 */
class AsyncTwinsTest {
    private static final String READ = "GET /v1/vaults/default/secrets/app/db";
    private static final String VALUE = "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":1,\"type\":\"string\","
            + "\"value\":\"hunter2\"}";
    private static final String ROTATED = "{\"id\":\"sk_1\",\"path\":\"app/db\",\"status\":\"rotated\",\"version\":2,"
            + "\"previous_version\":1,\"value\":\"n3w\"}";
    private static final String META = "{\"id\":\"sk_1\",\"path\":\"app/db\",\"description\":\"db\"}";

    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok")
            .vault("default").cacheTtl(Duration.ofMinutes(1)).retries(0).build();
    private final AsyncSecretOperations secrets = client.async().secrets();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void rotateById_usesTheRouteById_andAnswersTheTypedResult() {
        server.on("POST /v1/secrets/sk_1/rotate", 200, ROTATED);
        Secret.Rotated rotated = secrets.rotateById("sk_1", Secret.Rotate.builder().generate().build()).join();
        assertThat(server.last().route()).isEqualTo("POST /v1/secrets/sk_1/rotate");
        assertThat(rotated.status()).isEqualTo(Secret.Rotated.ROTATED);
        assertThat(rotated.version()).isEqualTo(2);
        assertThat(rotated.previousVersion()).isEqualTo(1);
        assertThat(rotated.value().reveal()).isEqualTo("n3w");
    }

    @Test
    void rotateByIdGivenAPath_isRefusedBeforeSending() {
        assertThatThrownBy(() -> secrets.rotateById("app/db", Secret.Rotate.builder().generate().build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use rotate(path");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void metadataById_readsAndUpdatesAtTheRoutesById() {
        server.on("GET /v1/secrets/sk_1/metadata", 200, META).on("PATCH /v1/secrets/sk_1/metadata", 200, META);
        assertThat(secrets.metadata("sk_1").join().description()).isEqualTo("db");
        assertThat(secrets.updateMetadata("sk_1", new SecretMetadata.Update("db", null, null, null)).join().id())
                .isEqualTo("sk_1");
        assertThat(server.last().body()).isEqualTo("{\"description\":\"db\"}");
        server.on("GET /v1/secrets/sk_1?metadata=true", 200, VALUE);
        assertThat(secrets.readWithMetadata("sk_1").join().id()).isEqualTo("sk_1");
    }

    @Test
    void asyncRotate_dropsTheBlockingClientsCachedReads_byPathAndById() {
        server.on(READ, 200, VALUE).on("POST /v1/secrets/sk_1/rotate", 200, ROTATED)
                .on("POST /v1/vaults/default/secrets/app/db/rotate", 200, ROTATED);
        client.secrets().read("app/db");
        client.secrets().read("app/db");
        assertThat(server.requests()).hasSize(1);

        secrets.rotate("sk_1", Secret.Rotate.builder().generate().build()).join();   // by id drops the path's read
        client.secrets().read("app/db");
        assertThat(server.requests()).hasSize(3);

        secrets.rotate("app/db", Secret.Rotate.builder().generate().build()).join();
        client.secrets().read("app/db");
        assertThat(server.requests()).hasSize(5);
    }

    @Test
    void aFailedAsyncChange_dropsTheCachedReadsToo() {
        server.on(READ, 200, VALUE).on("DELETE /v1/vaults/default/secrets/app/db?version=1", 500,
                "{\"error\":{\"code\":\"internal\",\"message\":\"boom\"}}");
        client.secrets().read("app/db");
        assertThatThrownBy(() -> secrets.deleteVersion("app/db", 1).join()).isInstanceOf(CompletionException.class);
        client.secrets().read("app/db");
        assertThat(server.requests().stream().filter(r -> r.route().equals(READ))).hasSize(2);
    }

    @Test
    void policies_createWithDescription_andBindTyped() {
        server.on("PUT /v1/vaults/default/policies/app-readers", 200, "{\"id\":\"pol_abc\",\"name\":\"app-readers\","
                        + "\"description\":\"for the app\",\"rules\":[]}")
                .on("POST /v1/vaults/default/policies/pol_abc/bindings", 204, "")
                .on("DELETE /v1/vaults/default/policies/pol_abc/bindings/group%3Aops", 204, "");
        Policy policy = client.async().policies().create("app-readers",
                List.of(Policy.Rule.allow("app/**", Policy.Permission.READ)), "for the app").join();
        assertThat(policy.id()).isEqualTo("pol_abc");
        assertThat(server.last().body()).endsWith(",\"description\":\"for the app\"}");
        client.async().policies().bind(policy.id(), IdentityType.MACHINE, "mach_42").join();
        assertThat(server.last().body()).isEqualTo("{\"subject\":\"machine:mach_42\"}");
        client.async().policies().unbind("pol_abc", IdentityType.GROUP, "ops").join();
        assertThat(server.last().route()).isEqualTo("DELETE /v1/vaults/default/policies/pol_abc/bindings/group%3Aops");
        assertThatThrownBy(() -> client.async().policies().bind("pol_abc", IdentityType.MACHINE, "machine:m"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listAll_followsTheCursorPageAfterPage() {
        server.on("GET /v1/vaults/default/secrets?prefix=app", 200, "{\"data\":[{\"id\":\"sk_1\",\"path\":\"app/a\"}],"
                        + "\"has_more\":true,\"cursor\":\"c2\"}")
                .on("GET /v1/vaults/default/secrets?prefix=app&cursor=c2", 200,
                        "{\"data\":[{\"id\":\"sk_2\",\"path\":\"app/b\"}],\"has_more\":false,\"cursor\":null}");
        assertThat(secrets.listAll(ListQuery.all().prefix("app")).join()).extracting(Secret.Item::id)
                .containsExactly("sk_1", "sk_2");
    }

    @Test
    void watchByPath_looksUpTheId_thenLongPolls_andNothingChangedIsEmpty() {
        server.on("GET /v1/vaults/default/secrets?prefix=app%2Fdb&recursive=false&limit=1", 200,
                        "{\"data\":[{\"id\":\"sk_1\",\"path\":\"app/db\"}],\"has_more\":false}")
                .on("GET /v1/secrets/sk_1/watch?since=3&wait=1s", 204, "");
        assertThat(secrets.watch("app/db", 3, Duration.ofSeconds(1)).join()).isEmpty();
        assertThat(server.last().route()).isEqualTo("GET /v1/secrets/sk_1/watch?since=3&wait=1s");
        assertThatThrownBy(() -> secrets.watch("sk_1", 3, Duration.ofMinutes(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wait");
    }

    @Test
    void exportOfAProject_andEgress_sendTheBlockingRequests() {
        server.on("GET /v1/vaults/default/export?project=app", 200, "{\"variables\":{},\"collisions\":[]}")
                .on("GET /v1/vaults/default/secrets/app/db/egress", 200, "{\"allow\":[],\"methods\":[]}");
        secrets.export("app").join();
        assertThat(server.last().route()).isEqualTo("GET /v1/vaults/default/export?project=app");
        assertThat(secrets.egress("app/db").join().allow()).isEmpty();
    }
}
