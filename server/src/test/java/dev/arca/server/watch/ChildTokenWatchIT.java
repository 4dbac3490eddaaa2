package dev.arca.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestClock;
import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stream held with a child token ends when the parent's time is up, not only when someone revokes it. */
class ChildTokenWatchIT {
    private static final Duration SOON = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void stream_ofAChildToken_isDeniedOnceItsParentHasExpired_thenEnds() throws Exception {
        var clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        try (var server = TestServer.start(dir, Map.of(), clock).initAndUnseal()) {
            server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}");
            String id = server.root("PUT", "/v1/vaults/default/secrets/app/a", "{\"value\":\"one\"}").json()
                    .path("id").asText();
            server.root("PUT", "/v1/vaults/default/policies/watchers", "{\"rules\":[{\"path\":\"_tokens\","
                    + "\"permissions\":[\"create\"]},{\"path\":\"app/**\",\"permissions\":[\"read\",\"list\"]}]}");
            String parent = server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"watchers\"],"
                    + "\"ttl\":\"15s\"}").json().path("token").asText();
            var created = server.call("POST", "/v1/tokens", parent, "{\"vault\":\"default\",\"ttl\":\"1h\"}");
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            try (var events = EventStreamClient.open(server.address(), "/v1/vaults/default/events?secrets=" + id,
                    Map.of("Authorization", "Bearer " + created.json().path("token").asText()))) {
                assertThat(events.status).isEqualTo(200);
                assertThat(events.next(SOON).comment()).startsWith("watching");

                clock.advance(Duration.ofMinutes(20));
                server.root("PUT", "/v1/vaults/default/secrets/app/a", "{\"value\":\"two\"}");

                var denied = events.nextEvent(SOON);
                assertThat(denied.type()).isEqualTo("access_denied");
                assertThat(denied.data().has("value")).isFalse();
                assertThat(events.nextEvent(SOON).isEnd()).isTrue();
            }
        }
    }
}
