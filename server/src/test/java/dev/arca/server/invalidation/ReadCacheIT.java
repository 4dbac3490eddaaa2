package dev.arca.server.invalidation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestClock;
import dev.arca.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read caches through the real server and database: each test reads once (so the cache holds what it read),
 * changes something through the API, and holds the very next request to the change.
 */
class ReadCacheIT {
    private static final String SECRETS = "/v1/vaults/default/secrets/";
    private static final Pattern READ_TABLES = Pattern.compile(
            "\\b(FROM|JOIN) (tokens|secrets|secret_versions|disabled_identities|policies|policy_bindings|vaults)\\b");

    @TempDir
    Path dir;
    TestServer server;
    final TestClock clock = new TestClock(Instant.parse("2026-12-04T12:00:00Z"));
    String reader;
    String secretId;

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
        expect(201, server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}"));
        secretId = expect(200, server.root("PUT", SECRETS + "app/db", "{\"value\":\"one\"}")).json().path("id")
                .asText();
        policy("reader", "{\"path\":\"app/*\",\"permissions\":[\"read\"]}");
        reader = token("{\"policies\":[\"reader\"],\"vault\":\"default\",\"ttl\":\"1h\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void revokedToken_isRefusedByTheVeryNextRead() {
        expect(200, byId(reader));

        expect(204, server.root("POST", "/v1/tokens/revoke", "{\"token\":\"" + reader + "\"}"));

        expect(401, byId(reader));
    }

    @Test
    void revokingAParent_refusesItsCachedChild_atOnce() {
        policy("maker", "{\"path\":\"_tokens\",\"permissions\":[\"create\"]}");
        String parent = token("{\"policies\":[\"reader\",\"maker\"],\"vault\":\"default\",\"ttl\":\"1h\"}");
        String child = expect(201, server.call("POST", "/v1/tokens", parent,
                "{\"policies\":[\"reader\"],\"vault\":\"default\"}")).json()
                .path("token").asText();
        expect(200, byId(child));

        expect(204, server.call("POST", "/v1/tokens/revoke-self", parent, null));

        expect(401, byId(child));
    }

    @Test
    void cachedToken_expiresAtItsTime() {
        expect(200, byId(reader));

        clock.advance(Duration.ofMinutes(61));

        expect(401, byId(reader));
    }

    @Test
    void narrowedPolicy_isRefusedByTheVeryNextRead() {
        expect(200, byId(reader));
        expect(200, byPath(reader, "app/db"));

        policy("reader", "{\"path\":\"app/other\",\"permissions\":[\"read\"]}");

        expect(403, byId(reader));
        expect(403, byPath(reader, "app/db"));
    }

    @Test
    void disabledIdentity_isRefusedByTheNextRequest_andEnabledAgainServed() {
        expect(201, server.root("POST", "/v1/vaults/default/users",
                "{\"username\":\"alice\",\"password\":\"correct horse battery staple\"}"));
        expect(204, server.root("POST", "/v1/vaults/default/policies/reader/bindings", "{\"subject\":\"user:alice\"}"));
        String alice = expect(200, server.call("POST", "/v1/auth/login", null, "{\"vault\":\"default\","
                + "\"username\":\"alice\",\"password\":\"correct horse battery staple\"}")).json().path("token")
                .asText();
        expect(200, byId(alice));

        expect(200, server.root("POST", "/v1/vaults/default/users/alice/disable", null));
        expect(403, byId(alice));

        expect(200, server.root("POST", "/v1/vaults/default/users/alice/enable", null));
        expect(200, byId(alice));
    }

    @Test
    void newVersionAndDeletion_areSeenByTheVeryNextRead_byIdAndByPath() {
        expect(200, byId(reader));
        expect(200, byPath(reader, "app/db"));

        expect(200, server.root("PUT", SECRETS + "app/db", "{\"value\":\"two\"}"));

        assertThat(expect(200, byId(reader)).json().path("value").asText()).isEqualTo("two");
        assertThat(expect(200, byPath(reader, "app/db")).json().path("version").asInt()).isEqualTo(2);

        expect(204, server.root("DELETE", SECRETS + "app/db?version=2", null));
        expect(404, byId(reader));

        expect(204, server.root("DELETE", SECRETS + "app/db", null));
        expect(404, byPath(reader, "app/db"));
    }

    @Test
    void renamedProject_movesTheCachedPath_soItsOldPoliciesNoLongerReachIt() {
        expect(200, byId(reader));
        expect(200, byPath(reader, "app/db"));

        expect(200, server.root("PATCH", "/v1/vaults/default/projects/app", "{\"name\":\"billing\"}"));

        expect(403, byId(reader));
        expect(404, server.root("GET", SECRETS + "app/db", null));
        assertThat(expect(200, server.root("GET", "/v1/secrets/" + secretId, null)).json().path("path").asText())
                .isEqualTo("billing/db");
    }

    @Test
    void aCachedRead_runsNoStatement_andASealClearsEveryCache() {
        expect(200, byId(reader));
        expect(200, byPath(reader, "app/db"));
        var statements = readPathStatements();

        expect(200, byId(reader));
        expect(200, byPath(reader, "app/db"));
        List<String> cached = List.copyOf(statements);
        statements.clear();

        expect(200, server.root("POST", "/v1/sys/seal", null));
        expect(503, byId(reader));
        server.unsealKeys.stream().limit(3).forEach(server::unseal);
        statements.clear();
        expect(200, byId(reader));
        List<String> afterUnseal = List.copyOf(statements);

        System.out.printf("statements per read (a token with a policy, by id then by path), cached: %d; the first "
                + "read by id after an unseal: %d%n", cached.size(), afterUnseal.size());
        assertThat(cached).isEmpty();
        assertThat(afterUnseal).as("the token, the policy and the secret are read again")
                .anyMatch(sql -> sql.contains("FROM tokens")).anyMatch(sql -> sql.contains("FROM policies"))
                .anyMatch(sql -> sql.contains("FROM secrets"));
    }

    /**
     * The statements on the tables a read looks at (background jobs run their own statements meanwhile, on
     * other tables).
     */
    private Queue<String> readPathStatements() {
        var statements = new ConcurrentLinkedQueue<String>();
        server.database().logStatements(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                String sql = context.getRenderedSql();
                if (READ_TABLES.matcher(sql).find()) {
                    statements.add(sql);
                }
            }
        });
        return statements;
    }

    private TestServer.Response byId(String token) {
        return server.call("GET", "/v1/secrets/" + secretId, token, null);
    }

    private TestServer.Response byPath(String token, String path) {
        return server.call("GET", SECRETS + path, token, null);
    }

    private void policy(String name, String rule) {
        expect(200, server.root("PUT", "/v1/vaults/default/policies/" + name, "{\"rules\":[" + rule + "]}"));
    }

    private String token(String body) {
        return expect(201, server.root("POST", "/v1/tokens", body)).json().path("token").asText();
    }

    private static TestServer.Response expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
