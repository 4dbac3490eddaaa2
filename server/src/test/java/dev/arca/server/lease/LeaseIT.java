package dev.arca.server.lease;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestClock;
import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Leases over real HTTP against a real server on SQLite ({@link LeasePostgresIT}: the same on PostgreSQL), its
 * clock moved by hand. The reaper's stored effects are {@link LeaseStorageIT}'s.
 */
class LeaseIT {
    private static final String V = "/v1/vaults/default";
    private static final String LEASE_RULE = "{\"path\":\"app/**\",\"permissions\":[\"lease\"]}";

    @TempDir
    Path dir;
    TestServer server;
    final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    /** The {@code --storage} value; null = SQLite under the temp dir. */
    String storage() {
        return null;
    }

    @BeforeEach
    void start() {
        Map<String, String> settings = new HashMap<>();
        if (storage() != null) {
            settings.put("storage", storage());
        }
        server = TestServer.start(dir, settings, clock).initAndUnseal();
        expect(201, server.root("POST", V + "/projects", "{\"name\":\"app\"}"));
        expect(200, server.root("PUT", V + "/secrets/app/db", "{\"value\":\"db-pass\"}"));
        expect(200, server.root("PUT", V + "/secrets/app/conn",
                "{\"fields\":{\"user\":\"admin\",\"password\":\"hunter2\"}}"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void retrieve_answersTheValueOnALease_andNeedsLeaseNotRead() {
        Token reader = token("{\"path\":\"app/**\",\"permissions\":[\"read\"]}");
        TestServer.Response refused = retrieve(reader, "app/db", null);
        expect(403, refused);
        assertThat(refused.errorCode()).isEqualTo("access_denied");
        assertThat(refused.body()).doesNotContain("db-pass");

        Token leaser = token(LEASE_RULE);
        Instant now = clock.instant();
        JsonNode lease = retrieved(leaser, "app/db", null);
        assertThat(lease.path("lease_id").asText()).startsWith("lease_");
        assertThat(lease.path("id").asText()).startsWith("sk_");
        assertThat(lease.path("path").asText()).isEqualTo("app/db");
        assertThat(lease.path("version").asInt()).isEqualTo(1);
        assertThat(lease.path("type").asText()).isEqualTo("string");
        assertThat(lease.path("value").asText()).isEqualTo("db-pass");
        assertThat(lease.path("ttl").asLong()).isEqualTo(900);
        assertThat(instant(lease, "expires_at")).isEqualTo(now.plus(Duration.ofMinutes(15)));
        assertThat(instant(lease, "max_expires_at")).isEqualTo(now.plus(Duration.ofHours(24)));

        JsonNode structured = retrieved(leaser, "app/conn", "{\"ttl\":\"1h\",\"max_ttl\":\"2h\"}");
        assertThat(structured.path("fields").path("password").asText()).isEqualTo("hunter2");
        assertThat(structured.path("ttl").asLong()).isEqualTo(3600);
        assertThat(instant(structured, "max_expires_at")).isEqualTo(now.plus(Duration.ofHours(2)));
        expect(403, retrieve(leaser, "other/x", null));
    }

    @Test
    void ownLeases_listTheCallersActiveLeasesOnly_andPage() {
        Token alice = token(LEASE_RULE);
        Token bob = token(LEASE_RULE);
        String first = retrieved(alice, "app/db", null).path("lease_id").asText();
        String second = retrieved(alice, "app/conn", null).path("lease_id").asText();
        String bobs = retrieved(bob, "app/db", null).path("lease_id").asText();

        JsonNode own = ok(server.call("GET", "/v1/leases", alice.token, null));
        assertThat(ids(own)).containsExactlyInAnyOrder(first, second).doesNotContain(bobs);
        JsonNode item = own.path("data").get(0);
        assertThat(item.path("holder").asText()).isEqualTo(alice.subject());
        assertThat(item.path("state").asText()).isEqualTo("active");
        assertThat(item.path("vault_id").asText()).startsWith("vault_");
        assertThat(item.has("value")).isFalse();

        JsonNode page1 = ok(server.call("GET", "/v1/leases?limit=1", alice.token, null));
        assertThat(page1.path("has_more").asBoolean()).isTrue();
        JsonNode page2 = ok(server.call("GET", "/v1/leases?limit=1&cursor=" + page1.path("cursor").asText(),
                alice.token, null));
        assertThat(page2.path("has_more").asBoolean()).isFalse();
        assertThat(List.of(ids(page1).getFirst(), ids(page2).getFirst())).containsExactlyInAnyOrder(first, second);
        assertField(400, "cursor", server.call("GET", "/v1/leases?cursor=bm9wZQ", alice.token, null));

        expect(204, release(alice, first));
        assertThat(ids(ok(server.call("GET", "/v1/leases", alice.token, null)))).containsExactly(second);
    }

    @Test
    void retrieveRoute_isNotSwallowedByThePlainSecretRoutes() {
        expect(200, server.root("PUT", V + "/secrets/app/db/retrieve", "{\"value\":\"a secret named retrieve\"}"));
        JsonNode lease = retrieved(server.rootToken, "app/db", null);
        assertThat(lease.path("path").asText()).isEqualTo("app/db");
        assertThat(lease.path("value").asText()).isEqualTo("db-pass");
        assertThat(ok(server.root("GET", V + "/secrets/app/db/retrieve", null)).path("value").asText())
                .isEqualTo("a secret named retrieve");
        assertThat(retrieved(server.rootToken, "app/db/retrieve", null).path("value").asText())
                .isEqualTo("a secret named retrieve");
    }

    @Test
    void renew_extendsToNowPlusTheIncrement_orTheLeasesTtl() {
        Token holder = token(LEASE_RULE);
        String id = retrieved(holder, "app/db", "{\"ttl\":\"10m\"}").path("lease_id").asText();
        clock.advance(Duration.ofMinutes(5));
        JsonNode renewed = ok(renew(holder, id, "1h"));
        assertThat(instant(renewed, "expires_at")).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(renewed.path("state").asText()).isEqualTo("active");
        clock.advance(Duration.ofMinutes(50));
        renewed = ok(renew(holder, id, null));
        assertThat(instant(renewed, "expires_at")).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(instant(ok(get(holder, id)), "expires_at")).isEqualTo(instant(renewed, "expires_at"));
    }

    @Test
    void renewalInTheFinalSecond_stillEndsAtMaxExpiresAt() {
        Token holder = token(LEASE_RULE);
        JsonNode lease = retrieved(holder, "app/db", "{\"ttl\":\"1h\",\"max_ttl\":\"2h\"}");
        String id = lease.path("lease_id").asText();
        Instant max = instant(lease, "max_expires_at");
        clock.advance(Duration.ofMinutes(59));
        assertThat(instant(ok(renew(holder, id, "1h")), "expires_at")).isEqualTo(max.minus(Duration.ofMinutes(1)));
        clock.advance(Duration.ofMinutes(58));
        assertThat(instant(ok(renew(holder, id, "1h")), "expires_at")).isEqualTo(max);
        clock.advance(Duration.between(clock.instant(), max).minusMillis(500));
        JsonNode last = ok(renew(holder, id, "24h"));
        assertThat(instant(last, "expires_at")).isEqualTo(max);
        assertThat(instant(last, "max_expires_at")).isEqualTo(max);
        clock.advance(Duration.ofMillis(500));
        assertEnded(renew(holder, id, "1h"));
        assertEnded(get(holder, id));
    }

    @Test
    void releasedLease_answers410ToRenewReleaseAndGet() {
        Token holder = token(LEASE_RULE);
        String id = retrieved(holder, "app/db", null).path("lease_id").asText();
        assertThat(ok(get(holder, id)).path("state").asText()).isEqualTo("active");
        expect(204, release(holder, id));
        assertEnded(renew(holder, id, null));
        assertEnded(release(holder, id));
        assertEnded(get(holder, id));
        expect(404, get(holder, "lease_unknown"));
        assertField(400, "lease_id", server.call("POST", "/v1/leases/release", holder.token, "{}"));
    }

    @Test
    void leaseExpiredByTheClock_answers410_evenBeforeTheReaperRan() {
        Token holder = token(LEASE_RULE);
        String id = retrieved(holder, "app/db", "{\"ttl\":\"1m\"}").path("lease_id").asText();
        clock.advance(Duration.ofMinutes(1));
        assertEnded(renew(holder, id, "1h"));
        assertEnded(release(holder, id));
        assertEnded(get(holder, id));
        assertThat(ids(ok(server.call("GET", "/v1/leases", holder.token, null)))).isEmpty();
    }

    @Test
    void someoneElsesLease_isForbidden_andStaysActive_unlessTheVaultGrantsLeaseAdministration() {
        Token holder = token(LEASE_RULE);
        Token stranger = token(LEASE_RULE);
        String id = retrieved(holder, "app/db", null).path("lease_id").asText();

        expect(403, release(stranger, id));
        expect(403, renew(stranger, id, "1h"));
        expect(403, get(stranger, id));
        assertThat(ok(get(holder, id)).path("state").asText()).isEqualTo("active");

        Token auditor = token("{\"path\":\"_leases\",\"permissions\":[\"read\"]}");
        assertThat(ok(get(auditor, id)).path("holder").asText()).isEqualTo(holder.subject());
        expect(403, release(auditor, id));
        Token admin = token("{\"path\":\"_leases\",\"permissions\":[\"update\"]}");
        assertThat(instant(ok(renew(admin, id, "1h")), "expires_at"))
                .isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        expect(204, release(admin, id));
        assertEnded(get(holder, id));
    }

    @Test
    void revokeByHolder_revokesExactlyThatHoldersActiveLeasesInThatVault() {
        Token alice = token(LEASE_RULE);
        Token bob = token(LEASE_RULE);
        String a1 = retrieved(alice, "app/db", null).path("lease_id").asText();
        String a2 = retrieved(alice, "app/conn", null).path("lease_id").asText();
        String a3 = retrieved(alice, "app/db", null).path("lease_id").asText();
        expect(204, release(alice, a3));
        String b1 = retrieved(bob, "app/db", null).path("lease_id").asText();
        // the root token is one holder in two vaults
        expect(201, server.root("POST", "/v1/vaults", "{\"name\":\"second\"}"));
        expect(201, server.root("POST", "/v1/vaults/second/projects", "{\"name\":\"app\"}"));
        expect(200, server.root("PUT", "/v1/vaults/second/secrets/app/db", "{\"value\":\"x\"}"));
        String rootHere = retrieved(server.rootToken, "app/db", null).path("lease_id").asText();
        String rootThere = ok(server.root("POST", "/v1/vaults/second/secrets/app/db/retrieve", null))
                .path("lease_id").asText();
        String rootSubject = ok(get(new Token(server.rootToken, null), rootHere)).path("holder").asText();

        Token lister = token(LEASE_RULE);
        expect(403, server.call("POST", V + "/leases/revoke", lister.token,
                "{\"holder\":\"" + alice.subject() + "\"}"));
        Token revoker = token("{\"path\":\"_leases\",\"permissions\":[\"delete\"]}");
        JsonNode revoked = ok(server.call("POST", V + "/leases/revoke", revoker.token,
                "{\"holder\":\"" + alice.subject() + "\"}"));
        assertThat(revoked.path("revoked").asInt()).isEqualTo(2);
        assertEnded(get(alice, a1));
        assertEnded(get(alice, a2));
        assertThat(ok(get(bob, b1)).path("state").asText()).isEqualTo("active");

        assertThat(ok(server.root("POST", V + "/leases/revoke", "{\"holder\":\"" + rootSubject + "\"}"))
                .path("revoked").asInt()).isEqualTo(1);
        assertEnded(server.root("GET", "/v1/leases/" + rootHere, null));
        assertThat(ok(server.root("GET", "/v1/leases/" + rootThere, null)).path("state").asText())
                .isEqualTo("active");
        assertThat(ok(server.root("POST", V + "/leases/revoke", "{\"holder\":\"" + alice.subject() + "\"}"))
                .path("revoked").asInt()).isZero();
        assertField(400, "holder", server.root("POST", V + "/leases/revoke", "{\"holder\":\"nobody\"}"));
    }

    @Test
    void vaultListing_showsActiveLeases_byHolderAndSecret_toThoseWhoMayListThem() {
        Token alice = token(LEASE_RULE);
        Token bob = token(LEASE_RULE);
        String a1 = retrieved(alice, "app/db", null).path("lease_id").asText();
        JsonNode conn = retrieved(alice, "app/conn", null);
        String b1 = retrieved(bob, "app/db", null).path("lease_id").asText();
        String released = retrieved(bob, "app/conn", null).path("lease_id").asText();
        expect(204, release(bob, released));

        expect(403, server.call("GET", V + "/leases", alice.token, null));
        Token lister = token("{\"path\":\"_leases\",\"permissions\":[\"list\"]}");
        assertThat(ids(ok(server.call("GET", V + "/leases", lister.token, null))))
                .containsExactlyInAnyOrder(a1, conn.path("lease_id").asText(), b1);
        assertThat(ids(ok(server.call("GET", V + "/leases?holder=" + alice.subject(), lister.token, null))))
                .containsExactlyInAnyOrder(a1, conn.path("lease_id").asText());
        assertThat(ids(ok(server.call("GET", V + "/leases?secret=" + conn.path("id").asText(), lister.token,
                null)))).containsExactly(conn.path("lease_id").asText());
        assertThat(ids(ok(server.call("GET", V + "/leases?holder=" + bob.subject() + "&secret="
                + conn.path("id").asText(), lister.token, null)))).isEmpty();

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = ok(server.call("GET", V + "/leases?limit=2" + (cursor == null ? "" : "&cursor=" + cursor),
                    lister.token, null));
            paged.addAll(ids(page));
            cursor = page.path("has_more").asBoolean() ? page.path("cursor").asText() : null;
        } while (cursor != null);
        assertThat(paged).containsExactlyInAnyOrder(a1, conn.path("lease_id").asText(), b1);
        assertField(400, "limit", server.call("GET", V + "/leases?limit=0", lister.token, null));
    }

    @Test
    void badDurations_are400NamingTheField_andStoreNoLease() {
        Token holder = token(LEASE_RULE);
        assertField(400, "ttl", retrieve(holder, "app/db", "{\"ttl\":\"15 minutes\"}"));
        assertField(400, "ttl", retrieve(holder, "app/db", "{\"ttl\":\"0s\"}"));
        assertField(400, "max_ttl", retrieve(holder, "app/db", "{\"max_ttl\":\"25h\"}"));
        assertField(400, "ttl", retrieve(holder, "app/db", "{\"ttl\":\"2h\",\"max_ttl\":\"1h\"}"));
        assertField(400, "max_ttl", retrieve(holder, "app/db", "{\"max_ttl\":\"5m\"}"));
        TestServer.Response tooLong = retrieve(holder, "app/db", "{\"ttl\":\"25h\"}");
        assertField(400, "ttl", tooLong);
        assertThat(tooLong.body()).doesNotContain("db-pass");
        assertThat(ids(ok(server.call("GET", "/v1/leases", holder.token, null)))).isEmpty();

        String id = retrieved(holder, "app/db", null).path("lease_id").asText();
        assertField(400, "increment", renew(holder, id, "soon"));
    }

    @Test
    void retrievingAMissingSecret_is404_andStoresNoLease() {
        Token holder = token(LEASE_RULE);
        TestServer.Response missing = retrieve(holder, "app/nothing", null);
        expect(404, missing);
        assertThat(missing.errorCode()).isEqualTo("not_found");
        expect(404, retrieve(holder, "app/db", "{\"version\":\"7\"}"));
        assertThat(ids(ok(server.call("GET", "/v1/leases", holder.token, null)))).isEmpty();
        assertThat(ids(ok(server.root("GET", V + "/leases", null)))).isEmpty();
    }

    /** A vault token and the subject it holds leases as. */
    record Token(String token, String accessor) {
        String subject() {
            return "token:" + accessor;
        }
    }

    private Token token(String rule) {
        String name = "p" + Long.toHexString(System.nanoTime());
        expect(200, server.root("PUT", V + "/policies/" + name, "{\"rules\":[" + rule + "]}"));
        JsonNode created = ok(server.root("POST", "/v1/tokens", "{\"vault\":\"default\",\"policies\":[\"" + name
                + "\"]}"));
        return new Token(created.path("token").asText(), created.path("accessor").asText());
    }

    private TestServer.Response retrieve(Token who, String path, String body) {
        return server.call("POST", V + "/secrets/" + path + "/retrieve", who.token, body);
    }

    private JsonNode retrieved(Token who, String path, String body) {
        TestServer.Response response = retrieve(who, path, body);
        expect(201, response);
        return response.json();
    }

    private JsonNode retrieved(String token, String path, String body) {
        return retrieved(new Token(token, null), path, body);
    }

    private TestServer.Response renew(Token who, String leaseId, String increment) {
        return server.call("POST", "/v1/leases/renew", who.token, "{\"lease_id\":\"" + leaseId + "\""
                + (increment == null ? "" : ",\"increment\":\"" + increment + "\"") + "}");
    }

    private TestServer.Response release(Token who, String leaseId) {
        return server.call("POST", "/v1/leases/release", who.token, "{\"lease_id\":\"" + leaseId + "\"}");
    }

    private TestServer.Response get(Token who, String leaseId) {
        return server.call("GET", "/v1/leases/" + leaseId, who.token, null);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("data").forEach(lease -> ids.add(lease.path("lease_id").asText()));
        return ids;
    }

    private static Instant instant(JsonNode node, String field) {
        return Instant.parse(node.path(field).asText());
    }

    private static void assertEnded(TestServer.Response response) {
        expect(410, response);
        assertThat(response.errorCode()).isEqualTo("lease_expired");
    }

    private static JsonNode ok(TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        return response.json();
    }

    private static void expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    private static void assertField(int status, String field, TestServer.Response response) {
        expect(status, response);
        assertThat(response.json().path("error").path("details").path("field").asText()).isEqualTo(field);
    }
}
