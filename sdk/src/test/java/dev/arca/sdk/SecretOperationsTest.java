package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.Secret;
import dev.arca.api.WatchEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requests {@link SecretOperations} sends and how it reads the answers, against canned answers. */
class SecretOperationsTest {
    private final FakeArca server = new FakeArca();
    private final ArcaClient client = ArcaClient.builder().address(server.address()).token("arca_tok").vault("default")
            .build();
    private final SecretOperations secrets = client.secrets();

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    @Test
    void read_withVersionAndField_putsBothInTheQuery() {
        server.on("GET /v1/vaults/default/secrets/app/db?version=previous&field=pass%20word", 200,
                "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":2,\"type\":\"json\",\"field\":\"pass word\","
                        + "\"value\":\"hunter2\"}");
        Secret secret = secrets.read("app/db", SecretOperations.PREVIOUS, "pass word");
        assertThat(secret.field()).isEqualTo("pass word");
        assertThat(secret.value().reveal()).isEqualTo("hunter2");
    }

    @Test
    void fieldNotFound_carriesTheAvailableFields() {
        server.otherwise(404, "{\"error\":{\"code\":\"field_not_found\",\"message\":\"no field host\","
                + "\"details\":{\"field\":\"field\",\"available\":[\"password\",\"user\"]}}}");
        assertThatThrownBy(() -> secrets.readField("app/db", "host"))
                .isInstanceOfSatisfying(FieldNotFoundException.class, e -> {
                    assertThat(e.availableFields()).containsExactly("password", "user");
                    assertThat(e).isInstanceOf(NotFoundException.class);
                });
    }

    @Test
    void listQuery_sendsEveryFilter_andListAllFollowsCursors() {
        server.on("GET /v1/vaults/default/secrets?prefix=app%2F&recursive=false&project=app&tag=db&q=ma&limit=1",
                200, "{\"data\":[{\"id\":\"sk_1\",\"path\":\"app/a\",\"type\":\"string\",\"version\":1}],"
                        + "\"has_more\":true,\"cursor\":\"c+1\"}")
                .on("GET /v1/vaults/default/secrets?prefix=app%2F&recursive=false&project=app&tag=db&q=ma&limit=1"
                        + "&cursor=c%2B1", 200, "{\"data\":[{\"id\":\"sk_2\",\"path\":\"app/b\",\"type\":\"string\","
                        + "\"version\":1}],\"has_more\":false}");
        var query = ListQuery.all().prefix("app/").recursive(false).project("app").tag("db").search("ma").limit(1);
        List<String> ids = new ArrayList<>();
        secrets.listAll(query).forEach(item -> ids.add(item.id()));
        assertThat(ids).containsExactly("sk_1", "sk_2");
        assertThatThrownBy(() -> ListQuery.all().limit(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolve_oneReference_throwsItsOwnTypedError() {
        server.on("POST /v1/vaults/default/resolve", 200, "{\"values\":{},\"errors\":{\"arca://app/db/field/x\":"
                + "{\"code\":\"secret_structure\",\"message\":\"app/db holds a single value\"}}}");
        assertThatThrownBy(() -> secrets.resolve("arca://app/db/field/x"))
                .isInstanceOf(SecretStructureException.class).hasMessage("app/db holds a single value (secret_structure)");
    }

    @Test
    void deleteVariants_andVersionBodies() {
        server.otherwise(204, "");
        secrets.deleteVersion("app/db", 3);
        secrets.deletePermanently("app/db");
        assertThat(server.requests()).extracting(FakeArca.Request::route).containsExactly(
                "DELETE /v1/vaults/default/secrets/app/db?version=3",
                "DELETE /v1/vaults/default/secrets/app/db?permanent=true");
        server.otherwise(200, "{\"id\":\"sk_1\",\"path\":\"app/db\",\"current_version\":1,\"max_versions\":10,"
                + "\"deleted\":false,\"destroyed\":false,\"versions\":[]}");
        secrets.undelete("app/db");
        assertThat(server.last().body()).isEqualTo("{}");
        secrets.destroy("app/db", List.of(1, 2));
        assertThat(server.last().body()).isEqualTo("{\"versions\":[1,2]}");
    }

    @Test
    void watch_noContentIsEmpty_andTheWaitIsSentAsADuration() {
        server.on("GET /v1/secrets/sk_1/watch?since=2&wait=1s", 204, "");
        assertThat(secrets.watch("sk_1", 2, Duration.ofSeconds(1))).isEmpty();
        server.on("GET /v1/secrets/sk_1/watch?since=2&wait=0s", 200,
                "{\"type\":\"changed\",\"secret_id\":\"sk_1\",\"path\":\"app/db\",\"version\":3}");
        assertThat(secrets.watch("sk_1", 2, Duration.ZERO)).get().extracting(WatchEvent::version).isEqualTo(3);
        assertThatThrownBy(() -> secrets.watch("sk_1", 2, Duration.ofSeconds(61)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void events_deliversEachEventInOrder_skippingHeartbeats() throws InterruptedException {
        server.otherwise(200, ": watching 2 secrets\n\n"
                + "event: changed\ndata: {\"type\":\"changed\",\"secret_id\":\"sk_1\",\"path\":\"app/a\",\"version\":2}\n\n"
                + ": heartbeat\n\n"
                + "event: access_denied\ndata: {\"type\":\"access_denied\",\n"
                + "data: \"secret_id\":\"sk_2\"}\n\n", Map.of("X-Arca-Min-Poll-Interval", "12"));
        List<WatchEvent> events = new CopyOnWriteArrayList<>();
        try (var subscription = secrets.events(List.of("sk_1", "sk_2"), events::add)) {
            assertThat(subscription.join(Duration.ofSeconds(10))).isTrue();
            assertThat(subscription.minPollInterval()).isEqualTo(Duration.ofSeconds(12));
            assertThat(subscription.isOpen()).isFalse();
        }
        assertThat(events).extracting(WatchEvent::type, WatchEvent::secretId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("changed", "sk_1"),
                        org.assertj.core.groups.Tuple.tuple("access_denied", "sk_2"));
        assertThat(server.last().target()).isEqualTo("/v1/vaults/default/events?secrets=sk_1%2Csk_2");
        assertThat(server.last().header("Accept")).isEqualTo("text/event-stream");
    }

    @Test
    void events_errorAnswerIsThrownWhenOpening() {
        server.otherwise(403, "{\"error\":{\"code\":\"access_denied\",\"message\":\"not yours\"}}");
        assertThatThrownBy(() -> secrets.events(List.of("sk_1"), event -> {}))
                .isInstanceOf(AccessDeniedException.class).hasMessage("not yours (access_denied)");
    }
}
