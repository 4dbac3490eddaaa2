package dev.arca.server.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.server.TestServer;
import dev.arca.server.database.plugin.redis.RedisTestServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * The database engine over HTTP against the real Redis on 127.0.0.1:6379 ({@code default} user, no password;
 * skipped loudly when absent, failing with {@code ARCA_REQUIRE_REDIS=1}): configure, role, credentials, log in with
 * {@code redis-cli}, renew, release, the bad inputs, and rotate-root with an ACL user of the test's own (the
 * shared {@code default} user must keep its empty password).
 */
class DatabaseRedisIT {
    private static final String DB = "/v1/vaults/default/database";
    private static final String ADMIN = "arca_it_admin";
    private static final String ADMIN_PASSWORD = "it-admin-5b9d";

    @TempDir
    Path dir;
    TestServer server;

    @BeforeEach
    void start() {
        RedisTestServer.assumeReachable();
        server = TestServer.start(dir.resolve("server")).initAndUnseal();
        expect(200, server.root("PUT", DB + "/config/cache", """
                {"plugin":"redis","connection_url":"redis://127.0.0.1:6379","username":"default","password":"",
                 "allowed_roles":["ro","broken"]}"""));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        try (Jedis admin = RedisTestServer.admin()) {
            admin.aclDelUser(ADMIN);
        }
    }

    @Test
    void credentials_logIn_renewMovesTheExpiry_releaseDeletesTheUserAndClosesItsSession() throws Exception {
        expect(200, server.root("PUT", DB + "/roles/ro", "{\"connection\":\"cache\",\"default_ttl\":\"10m\","
                + "\"max_ttl\":\"1h\"}"));
        JsonNode creds = expect(200, server.root("GET", DB + "/creds/ro", null)).json();
        String user = creds.path("data").path("username").asText();
        String password = creds.path("data").path("password").asText();
        assertThat(user).startsWith("v_ro_");
        assertThat(password).hasSize(24);
        assertThat(creds.path("data").path("connection_url").asText()).isEqualTo("redis://" + user
                + "@127.0.0.1:6379");
        assertThat(creds.path("lease_duration").asLong()).isEqualTo(600);

        assertThat(redisCli(user, password, "GET", "arca_it_key").strip()).as("a read the default rules allow")
                .isEmpty();
        assertThat(redisCli(user, password, "SET", "arca_it_key", "x")).as("+@read only").contains("NOPERM");
        try (Jedis session = RedisTestServer.loggedIn(user, password)) {
            assertThat(session.get("arca_it_key")).isNull();

            String leaseId = creds.path("lease_id").asText();
            JsonNode renewed = expect(200, server.root("POST", "/v1/leases/renew", "{\"lease_id\":\"" + leaseId
                    + "\",\"increment\":\"30m\"}")).json();
            assertThat(renewed.path("kind").asText()).isEqualTo("database");
            assertThat(Instant.parse(renewed.path("expires_at").asText()))
                    .isBetween(Instant.now().plusSeconds(1790), Instant.now().plusSeconds(1810));
            assertThat(redisCli(user, password, "GET", "arca_it_key")).doesNotContain("WRONGPASS");

            expect(204, server.root("POST", "/v1/leases/release", "{\"lease_id\":\"" + leaseId + "\"}"));
            assertThatThrownBy(() -> session.get("arca_it_key")).as("the open session was closed")
                    .isInstanceOf(JedisConnectionException.class);
            assertThat(expect(410, server.root("GET", "/v1/leases/" + leaseId, null)).body()).contains("has ended");
        }
        assertThat(userExists(user)).isFalse();
        assertThat(redisCli(user, password, "GET", "arca_it_key"))
                .containsAnyOf("WRONGPASS", "invalid username-password pair");
    }

    @Test
    void aRoleNotAllowed_is403_andAnInvalidAclRule_is400WithRedissMessage() {
        expect(200, server.root("PUT", DB + "/roles/other", "{\"connection\":\"cache\"}"));
        assertThat(expect(403, server.root("GET", DB + "/creds/other", null)).body()).contains("allowed_roles");

        TestServer.Response invalid = server.root("PUT", DB + "/roles/broken", "{\"connection\":\"cache\","
                + "\"creation_statements\":[\"~*\",\"+@nosuchcategory\"]}");
        assertThat(expect(400, invalid).body()).contains("creation_statements")
                .contains("Error in ACL SETUSER modifier '+@nosuchcategory'");
        expect(404, server.root("GET", DB + "/roles/broken", null));
    }

    @Test
    void rotateRoot_theOldPasswordNoLongerLogsIn_andCredentialsStillWork() throws Exception {
        try (Jedis admin = RedisTestServer.admin()) {
            admin.aclSetUser(ADMIN, "reset", "on", ">" + ADMIN_PASSWORD, "~*", "&*", "+@all");
        }
        assertThat(redisCli(ADMIN, ADMIN_PASSWORD, "PING").strip()).isEqualTo("PONG");
        expect(200, server.root("PUT", DB + "/config/admin", "{\"plugin\":\"redis\",\"connection_url\":"
                + "\"redis://127.0.0.1:6379\",\"username\":\"" + ADMIN + "\",\"password\":\"" + ADMIN_PASSWORD
                + "\",\"allowed_roles\":[\"rot\"]}"));
        expect(200, server.root("PUT", DB + "/roles/rot", "{\"connection\":\"admin\"}"));

        JsonNode rotated = expect(200, server.root("POST", DB + "/rotate-root/admin", null)).json();
        assertThat(rotated.path("name").asText()).isEqualTo("admin");
        assertThat(rotated.toString()).doesNotContain(ADMIN_PASSWORD);

        assertThat(redisCli(ADMIN, ADMIN_PASSWORD, "PING")).as("the old root password no longer logs in")
                .containsAnyOf("WRONGPASS", "invalid username-password pair");
        JsonNode creds = expect(200, server.root("GET", DB + "/creds/rot", null)).json();
        String user = creds.path("data").path("username").asText();
        assertThat(redisCli(user, creds.path("data").path("password").asText(), "GET", "arca_it_key"))
                .doesNotContain("WRONGPASS").doesNotContain("NOPERM");
        expect(204, server.root("POST", DB + "/config/admin/verify", null));
        expect(204, server.root("POST", "/v1/leases/release", "{\"lease_id\":\"" + creds.path("lease_id").asText()
                + "\"}"));
        assertThat(userExists(user)).as("revocation logs in with the rotated password").isFalse();
    }

    @Test
    void staticRole_replacesTheUsersPassword_keepsItsRules_andRotatesOnDemand() throws Exception {
        String user = "arca_it_static";
        try (Jedis admin = RedisTestServer.admin()) {
            admin.aclSetUser(user, "reset", "on", ">set-by-hand-1", "~*", "+@read");
        }
        try {
            expect(200, server.root("PUT", DB + "/static-roles/app", "{\"connection\":\"cache\",\"username\":\""
                    + user + "\"}"));
            assertThat(redisCli(user, "set-by-hand-1", "GET", "arca_it_key")).as("the hand-set password is replaced")
                    .containsAnyOf("WRONGPASS", "invalid username-password pair");
            String first = expect(200, server.root("GET", DB + "/static-creds/app", null)).json().path("password")
                    .asText();
            assertThat(redisCli(user, first, "GET", "arca_it_key")).doesNotContain("WRONGPASS");
            assertThat(redisCli(user, first, "SET", "arca_it_key", "x")).as("its rules are kept").contains("NOPERM");

            expect(200, server.root("POST", DB + "/rotate-role/app", null));
            String second = expect(200, server.root("GET", DB + "/static-creds/app", null)).json().path("password")
                    .asText();
            assertThat(redisCli(user, second, "GET", "arca_it_key")).doesNotContain("WRONGPASS");
            assertThat(redisCli(user, first, "GET", "arca_it_key")).containsAnyOf("WRONGPASS",
                    "invalid username-password pair");
            expect(204, server.root("DELETE", DB + "/static-roles/app", null));
            assertThat(userExists(user)).isTrue();
        } finally {
            try (Jedis admin = RedisTestServer.admin()) {
                admin.aclDelUser(user);
            }
        }
    }

    private static boolean userExists(String user) {
        try (Jedis admin = RedisTestServer.admin()) {
            return admin.aclUsers().contains(user);
        }
    }

    /** The real redis-cli as {@code username}, its password in REDISCLI_AUTH (not on a command line). */
    private static String redisCli(String username, String password, String... command) throws Exception {
        var arguments = new java.util.ArrayList<>(List.of(TestServers.binary("redis-cli"), "--user", username,
                "-h", RedisTestServer.HOST, "-p", String.valueOf(RedisTestServer.PORT)));
        arguments.addAll(List.of(command));
        return TestServers.run(arguments, Map.of("REDISCLI_AUTH", password)).output();
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
