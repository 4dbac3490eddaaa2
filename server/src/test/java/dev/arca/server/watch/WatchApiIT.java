package dev.arca.server.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Watching over real HTTP: long polls, event streams, and watchers losing access while they wait. */
class WatchApiIT {
    private static final Duration SOON = Duration.ofSeconds(10);
    private static final String POLICIES = "/v1/vaults/default/policies/";

    @TempDir
    Path dir;
    TestServer server;
    String a;
    String b;

    @BeforeEach
    void start() {
        server = TestServer.start(dir).initAndUnseal();
        expect(201, server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}"));
        a = write("app/a", "{\"value\":\"one\"}").path("id").asText();
        b = write("app/b", "{\"value\":\"uno\"}").path("id").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static void expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    private JsonNode write(String path, String body) {
        var response = server.root("PUT", "/v1/vaults/default/secrets/" + path, body);
        expect(200, response);
        return response.json();
    }

    /** A vault token whose only policy is {@code name} with these rules. */
    private JsonNode tokenWith(String name, String rules) {
        expect(200, server.root("PUT", POLICIES + name, "{\"rules\":" + rules + "}"));
        var created = server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"" + name + "\"]}");
        expect(201, created);
        return created.json();
    }

    private CompletableFuture<TestServer.Response> pollLater(String token, String pathWithQuery) {
        var answer = new CompletableFuture<TestServer.Response>();
        Thread.ofVirtual().start(() -> answer.complete(server.call("GET", pathWithQuery, token, null)));
        return answer;
    }

    private static String watch(String id, String query) {
        return "/v1/secrets/" + id + "/watch?" + query;
    }

    private EventStreamClient stream(String token, String ids) throws InterruptedException {
        var client = EventStreamClient.open(server.address(), "/v1/vaults/default/events?secrets=" + ids,
                Map.of("Authorization", "Bearer " + token));
        assertThat(client.status).isEqualTo(200);
        assertThat(client.next(SOON).comment()).startsWith("watching");
        return client;
    }

    @Test
    void longPoll_answersWithinASecondOfAWriteByAnotherClient() throws Exception {
        String writer = tokenWith("writers", "[{\"path\":\"app/**\",\"permissions\":[\"update\"]}]")
                .path("token").asText();
        var waiting = pollLater(server.rootToken, watch(a, "since=1&wait=30s"));
        Thread.sleep(300);
        expect(200, server.call("PUT", "/v1/vaults/default/secrets/app/a", writer, "{\"value\":\"two\"}"));
        long written = System.nanoTime();
        var answer = waiting.get(SOON.toSeconds(), TimeUnit.SECONDS);
        System.out.printf("long poll answered %d ms after the write was acknowledged%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - written));
        expect(200, answer);
        assertThat(answer.header("X-Arca-Min-Poll-Interval")).isEqualTo("10");
        JsonNode event = answer.json();
        assertThat(event.path("type").asText()).isEqualTo("changed");
        assertThat(event.path("secret_id").asText()).isEqualTo(a);
        assertThat(event.path("path").asText()).isEqualTo("app/a");
        assertThat(event.path("version").asInt()).isEqualTo(2);
        assertThat(event.path("value").asText()).isEqualTo("two");
    }

    @Test
    void longPoll_behindTheCurrentVersion_answersAtOnce_withFieldsOfAStructuredValue() {
        String id = write("app/db", "{\"fields\":{\"user\":\"u\",\"password\":\"p\"}}").path("id").asText();
        var answer = server.root("GET", watch(id, "since=0&wait=60s"), null);
        expect(200, answer);
        assertThat(answer.json().path("version").asInt()).isEqualTo(1);
        assertThat(answer.json().path("fields").path("password").asText()).isEqualTo("p");
    }

    @Test
    void longPoll_withoutAChange_is204AfterTheWait() {
        long before = System.nanoTime();
        var answer = server.root("GET", watch(a, "since=1&wait=1s"), null);
        expect(204, answer);
        assertThat(System.nanoTime() - before).isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
        assertThat(answer.header("X-Arca-Min-Poll-Interval")).isEqualTo("10");
    }

    @Test
    void longPoll_hearsADeletion_andLaterPollsAnswerItAtOnce() throws Exception {
        var waiting = pollLater(server.rootToken, watch(a, "since=1&wait=30s"));
        Thread.sleep(300);
        expect(204, server.root("DELETE", "/v1/vaults/default/secrets/app/a", null));
        var answer = waiting.get(SOON.toSeconds(), TimeUnit.SECONDS);
        expect(200, answer);
        assertThat(answer.json().path("type").asText()).isEqualTo("deleted");
        assertThat(answer.json().path("version").asInt()).isEqualTo(1);
        assertThat(answer.json().has("value")).isFalse();
        assertThat(server.root("GET", watch(a, "since=1&wait=30s"), null).json().path("type").asText())
                .isEqualTo("deleted");
    }

    @Test
    void longPoll_byAPrincipalThatMayListButNotRead_hearsTheChangeWithoutTheValue() throws Exception {
        String lister = tokenWith("listers", "[{\"path\":\"app/**\",\"permissions\":[\"list\"]}]").path("token").asText();
        var waiting = pollLater(lister, watch(a, "since=1&wait=30s"));
        Thread.sleep(300);
        write("app/a", "{\"value\":\"two\"}");
        var answer = waiting.get(SOON.toSeconds(), TimeUnit.SECONDS);
        expect(200, answer);
        assertThat(answer.json().path("type").asText()).isEqualTo("changed");
        assertThat(answer.json().path("version").asInt()).isEqualTo(2);
        assertThat(answer.json().has("value")).isFalse();
        assertThat(answer.json().has("fields")).isFalse();
    }

    @Test
    void longPoll_byAPrincipalThatMayNotList_is403BeforeAnyWait() {
        String reader = tokenWith("others", "[{\"path\":\"other/**\",\"permissions\":[\"read\",\"list\"]}]")
                .path("token").asText();
        var answer = server.call("GET", watch(a, "since=1&wait=30s"), reader, null);
        expect(403, answer);
        assertThat(answer.errorCode()).isEqualTo("access_denied");
        assertThat(answer.header("X-Arca-Min-Poll-Interval")).isEqualTo("10");
    }

    @Test
    void longPoll_ofAnUnknownId_is403ForAVaultPrincipal_and404ForRoot() {
        String lister = tokenWith("listers", "[{\"path\":\"**\",\"permissions\":[\"list\"]}]").path("token").asText();
        expect(403, server.call("GET", watch("sk_unknown", "since=0&wait=0"), lister, null));
        expect(404, server.root("GET", watch("sk_unknown", "since=0&wait=1s"), null));
    }

    @Test
    void pollingWithoutWaiting_moreOftenThanEveryTenSeconds_is429WithRetryAfter() {
        expect(200, server.root("GET", watch(a, "since=0&wait=0"), null));
        var second = server.root("GET", watch(a, "since=0&wait=0s"), null);
        expect(429, second);
        assertThat(second.errorCode()).isEqualTo("rate_limited");
        int retryAfter = Integer.parseInt(second.header("Retry-After"));
        assertThat(retryAfter).isBetween(1, 10);
        assertThat(second.json().path("error").path("details").path("retry_after_seconds").asInt()).isEqualTo(retryAfter);
        assertThat(second.header("X-Arca-Min-Poll-Interval")).isEqualTo("10");
        expect(200, server.root("GET", watch(b, "since=0&wait=0"), null));
        expect(200, server.root("GET", watch(a, "since=0&wait=1s"), null));
    }

    @Test
    void badSinceOrWait_is400NamingTheParameter() {
        for (String query : List.of("wait=61s", "wait=2m", "wait=soon", "wait=-1s", "wait=", "since=-1", "since=two")) {
            var answer = server.root("GET", watch(a, query), null);
            expect(400, answer);
            assertThat(answer.json().path("error").path("details").path("field").asText())
                    .isEqualTo(query.substring(0, query.indexOf('=')));
        }
    }

    @Test
    void stream_deliversEveryChangeOfTwoSecrets() throws Exception {
        try (var events = stream(server.rootToken, a + "," + b)) {
            assertThat(events.headers.get("content-type")).anySatisfy(t -> assertThat(t).startsWith("text/event-stream"));
            assertThat(events.headers.get("x-arca-min-poll-interval")).containsExactly("10");
            write("app/a", "{\"value\":\"two\"}");
            var first = events.nextEvent(SOON);
            write("app/b", "{\"value\":\"dos\"}");
            var second = events.nextEvent(SOON);
            assertThat(first.type()).isEqualTo("changed");
            assertThat(first.data().path("secret_id").asText()).isEqualTo(a);
            assertThat(first.data().path("version").asInt()).isEqualTo(2);
            assertThat(first.data().path("value").asText()).isEqualTo("two");
            assertThat(second.type()).isEqualTo("changed");
            assertThat(second.data().path("secret_id").asText()).isEqualTo(b);
            assertThat(second.data().path("value").asText()).isEqualTo("dos");
            expect(204, server.root("DELETE", "/v1/vaults/default/secrets/app/b", null));
            var deleted = events.nextEvent(SOON);
            assertThat(deleted.type()).isEqualTo("deleted");
            assertThat(deleted.data().path("secret_id").asText()).isEqualTo(b);
            assertThat(deleted.data().path("version").asInt()).isEqualTo(2);
        }
    }

    @Test
    void stream_oneChange_reachesWatchersOfDifferentPolicies_eachAsItsPoliciesAllow() throws Exception {
        String reader = tokenWith("readers", "[{\"path\":\"app/**\",\"permissions\":[\"read\",\"list\"]}]")
                .path("token").asText();
        String lister = tokenWith("listers", "[{\"path\":\"app/**\",\"permissions\":[\"list\"]}]").path("token")
                .asText();
        String onlyB = tokenWith("b-only", "[{\"path\":\"app/b\",\"permissions\":[\"read\",\"list\"]}]")
                .path("token").asText();
        try (var readerEvents = stream(reader, a + "," + b); var sameReaderEvents = stream(reader, a + "," + b);
                var listerEvents = stream(lister, a + "," + b); var onlyBEvents = stream(onlyB, a + "," + b)) {
            var refused = onlyBEvents.nextEvent(SOON);
            assertThat(refused.type()).isEqualTo("access_denied");
            assertThat(refused.data().path("secret_id").asText()).isEqualTo(a);
            write("app/a", "{\"value\":\"two\"}");
            for (var events : List.of(readerEvents, sameReaderEvents)) {
                var read = events.nextEvent(SOON);
                assertThat(read.data().path("secret_id").asText()).isEqualTo(a);
                assertThat(read.data().path("value").asText()).isEqualTo("two");
            }
            var listed = listerEvents.nextEvent(SOON);
            assertThat(listed.type()).isEqualTo("changed");
            assertThat(listed.data().path("secret_id").asText()).isEqualTo(a);
            assertThat(listed.data().path("version").asInt()).isEqualTo(2);
            assertThat(listed.data().has("value")).isFalse();
            write("app/b", "{\"value\":\"dos\"}");
            // the next thing the b-only watcher hears is b's change: a's never reached it
            var heardByOnlyB = onlyBEvents.nextEvent(SOON);
            assertThat(heardByOnlyB.data().path("secret_id").asText()).isEqualTo(b);
            assertThat(heardByOnlyB.data().path("value").asText()).isEqualTo("dos");
            assertThat(listerEvents.nextEvent(SOON).data().has("value")).isFalse();
        }
    }

    @Test
    void stream_ofARevokedToken_getsNothingOfAChangeAnotherTokenOfTheSamePolicyHears() throws Exception {
        String rules = "[{\"path\":\"app/**\",\"permissions\":[\"read\",\"list\"]}]";
        JsonNode revoked = tokenWith("readers", rules);
        String kept = tokenWith("readers", rules).path("token").asText();
        try (var revokedEvents = stream(revoked.path("token").asText(), a);
                var keptEvents = stream(kept, a)) {
            expect(204, server.root("POST", "/v1/tokens/revoke",
                    "{\"accessor\":\"" + revoked.path("accessor").asText() + "\"}"));
            write("app/a", "{\"value\":\"two\"}");
            assertThat(keptEvents.nextEvent(SOON).data().path("value").asText()).isEqualTo("two");
            var denied = revokedEvents.nextEvent(SOON);
            assertThat(denied.type()).isEqualTo("access_denied");
            assertThat(denied.data().has("value")).isFalse();
            assertThat(revokedEvents.nextEvent(SOON).isEnd()).isTrue();
        }
    }

    @Test
    void longPolls_ofAReaderAndAListerWokenByOneChange_getTheValueOnlyForTheReader() throws Exception {
        String reader = tokenWith("readers", "[{\"path\":\"app/**\",\"permissions\":[\"read\",\"list\"]}]")
                .path("token").asText();
        String lister = tokenWith("listers", "[{\"path\":\"app/**\",\"permissions\":[\"list\"]}]").path("token")
                .asText();
        var readers = IntStream.range(0, 3).mapToObj(i -> pollLater(reader, watch(a, "since=1&wait=30s"))).toList();
        var listers = IntStream.range(0, 3).mapToObj(i -> pollLater(lister, watch(a, "since=1&wait=30s"))).toList();
        Thread.sleep(300);
        write("app/a", "{\"value\":\"two\"}");
        for (var answer : readers) {
            var read = answer.get(SOON.toSeconds(), TimeUnit.SECONDS);
            expect(200, read);
            assertThat(read.json().path("value").asText()).isEqualTo("two");
        }
        for (var answer : listers) {
            var listed = answer.get(SOON.toSeconds(), TimeUnit.SECONDS);
            expect(200, listed);
            assertThat(listed.json().path("version").asInt()).isEqualTo(2);
            assertThat(listed.json().has("value")).isFalse();
        }
    }

    @Test
    void stream_ofARevokedToken_deniesEveryWatchedSecret_thenEnds() throws Exception {
        JsonNode watcher = tokenWith("readers", "[{\"path\":\"app/**\",\"permissions\":[\"read\",\"list\"]}]");
        try (var events = stream(watcher.path("token").asText(), a + "," + b)) {
            write("app/a", "{\"value\":\"two\"}");
            assertThat(events.nextEvent(SOON).data().path("value").asText()).isEqualTo("two");
            expect(204, server.root("POST", "/v1/tokens/revoke",
                    "{\"accessor\":\"" + watcher.path("accessor").asText() + "\"}"));
            write("app/a", "{\"value\":\"three\"}");
            var first = events.nextEvent(SOON);
            var second = events.nextEvent(SOON);
            assertThat(List.of(first.type(), second.type())).containsOnly("access_denied");
            assertThat(List.of(first.data().path("secret_id").asText(), second.data().path("secret_id").asText()))
                    .containsExactlyInAnyOrder(a, b);
            assertThat(first.data().has("value")).isFalse();
            assertThat(events.nextEvent(SOON).isEnd()).isTrue();
        }
    }

    @Test
    void stream_whosePolicyNoLongerCoversOneSecret_deniesThatOne_andGoesOnWithTheOther() throws Exception {
        String watcher = tokenWith("watchers", "[{\"path\":\"app/*\",\"permissions\":[\"list\"]}]").path("token")
                .asText();
        try (var events = stream(watcher, a + "," + b)) {
            expect(200, server.root("PUT", POLICIES + "watchers",
                    "{\"rules\":[{\"path\":\"app/a\",\"permissions\":[\"list\"]}]}"));
            write("app/b", "{\"value\":\"dos\"}");
            var denied = events.nextEvent(SOON);
            assertThat(denied.type()).isEqualTo("access_denied");
            assertThat(denied.data().path("secret_id").asText()).isEqualTo(b);
            write("app/a", "{\"value\":\"two\"}");
            var changed = events.nextEvent(SOON);
            assertThat(changed.type()).isEqualTo("changed");
            assertThat(changed.data().path("secret_id").asText()).isEqualTo(a);
            assertThat(changed.data().has("value")).isFalse();
        }
    }

    @Test
    void stream_ofAMachineRevokedMidWatch_isDeniedAtTheNextHeartbeat_thenEnds() throws Exception {
        var enrollment = server.root("POST", "/v1/vaults/default/enrollment-tokens",
                "{\"projects\":[\"app\"],\"auto_approve\":true}");
        expect(201, enrollment);
        MachineSigner keys = MachineSigner.generate();
        var enrolled = server.call("POST", "/v1/enroll", null, "{\"vault\":\"default\",\"token\":\""
                + enrollment.json().path("token").asText() + "\",\"public_key\":\"" + keys.publicKeyBase64() + "\"}");
        expect(201, enrolled);
        String machine = enrolled.json().path("machine_id").asText();
        String path = "/v1/vaults/default/events?secrets=" + a;
        try (var events = EventStreamClient.open(server.address(), path, keys.sign(machine, "GET", path))) {
            assertThat(events.status).isEqualTo(200);
            assertThat(events.next(SOON).comment()).startsWith("watching");
            write("app/a", "{\"value\":\"two\"}");
            assertThat(events.nextEvent(SOON).data().path("value").asText()).isEqualTo("two");
            expect(200, server.root("POST", "/v1/vaults/default/machines/" + machine + "/revoke", null));
            long revoked = System.nanoTime();
            var denied = events.nextEvent(WatchService.RECHECK.plus(SOON));
            System.out.printf("revoked machine denied after %d ms (heartbeat every %d s)%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revoked), WatchService.RECHECK.toSeconds());
            assertThat(denied.type()).isEqualTo("access_denied");
            assertThat(denied.data().path("secret_id").asText()).isEqualTo(a);
            assertThat(events.nextEvent(SOON).isEnd()).isTrue();
        }
    }

    @Test
    void stream_announcesForbiddenAndUnknownIdsAsDenied_andRefusesWhenNoneMayBeWatched() throws Exception {
        expect(201, server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"other\"}"));
        String hidden = write("other/x", "{\"value\":\"x\"}").path("id").asText();
        String lister = tokenWith("listers", "[{\"path\":\"app/**\",\"permissions\":[\"list\"]}]").path("token")
                .asText();
        try (var events = stream(lister, a + "," + hidden + ",sk_unknown")) {
            var first = events.nextEvent(SOON);
            var second = events.nextEvent(SOON);
            assertThat(List.of(first.type(), second.type())).containsOnly("access_denied");
            assertThat(List.of(first.data().path("secret_id").asText(), second.data().path("secret_id").asText()))
                    .containsExactly(hidden, "sk_unknown");
            assertThat(first.data().has("path")).isFalse();
        }
        var none = server.call("GET", "/v1/vaults/default/events?secrets=" + hidden, lister, null);
        expect(403, none);
        assertThat(none.errorCode()).isEqualTo("access_denied");
    }

    @Test
    void stream_ofAnotherVault_is403_andOfAnUnknownVaultToo() {
        String lister = tokenWith("listers", "[{\"path\":\"**\",\"permissions\":[\"list\"]}]").path("token").asText();
        expect(201, server.root("POST", "/v1/vaults", "{\"name\":\"second\"}"));
        expect(403, server.call("GET", "/v1/vaults/second/events?secrets=" + a, lister, null));
        expect(403, server.call("GET", "/v1/vaults/nope/events?secrets=" + a, lister, null));
        expect(404, server.root("GET", "/v1/vaults/nope/events?secrets=" + a, null));
    }

    @Test
    void stream_takesUpTo1000Ids_andRefusesMoreOrMalformedOnes() {
        String lister = tokenWith("listers", "[{\"path\":\"**\",\"permissions\":[\"list\"]}]").path("token").asText();
        String thousand = IntStream.range(0, 1000).mapToObj(i -> "sk_" + "x".repeat(18) + String.format("%04d", i))
                .collect(Collectors.joining(","));
        var unknownOnly = server.call("GET", "/v1/vaults/default/events?secrets=" + thousand, lister, null);
        expect(403, unknownOnly);
        var tooMany = server.call("GET", "/v1/vaults/default/events?secrets=" + thousand + ",sk_one_more", lister,
                null);
        expect(400, tooMany);
        assertThat(tooMany.json().path("error").path("details").path("field").asText()).isEqualTo("secrets");
        for (String ids : List.of("", "not-an-id", a + ",,", a + ",sk_%20")) {
            expect(400, server.call("GET", "/v1/vaults/default/events?secrets=" + ids, lister, null));
        }
        expect(400, server.call("GET", "/v1/vaults/default/events", lister, null));
    }

    @Test
    void stoppingTheServer_endsStreamsAndLongPolls_withoutWaitingForThem() throws Exception {
        var events = stream(server.rootToken, a);
        var waiting = pollLater(server.rootToken, watch(b, "since=1&wait=60s"));
        Thread.sleep(300);
        long before = System.nanoTime();
        server.close();
        long stopped = System.nanoTime() - before;
        System.out.printf("server stopped in %d ms with a stream and a long poll open%n",
                TimeUnit.NANOSECONDS.toMillis(stopped));
        assertThat(events.nextEvent(SOON).isEnd()).isTrue();
        expect(204, waiting.get(SOON.toSeconds(), TimeUnit.SECONDS));
        assertThat(stopped).as("not held up by the 10 s drain").isLessThan(TimeUnit.SECONDS.toNanos(8));
        events.close();
    }
}
