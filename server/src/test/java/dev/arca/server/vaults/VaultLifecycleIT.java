package dev.arca.server.vaults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import dev.arca.server.storage.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting and renaming vaults over real HTTP, against a real server and database. */
class VaultLifecycleIT {
    private static final String PASSWORD = "correct horse battery staple";
    private static final String TEAM = "/v1/vaults/team";

    @TempDir
    Path dir;
    TestServer server;
    String teamId;

    /** The {@code --storage} value; null = SQLite under the temp dir. */
    String storage() {
        return null;
    }

    @BeforeEach
    void start() {
        server = TestServer.start(dir, storage()).initAndUnseal();
        var created = server.root("POST", "/v1/vaults", "{\"name\":\"team\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        teamId = created.json().path("id").asText();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void deletingAVaultThatIsNotEmpty_is409NamingForce_andChangesNothing() {
        expect(201, server.root("POST", TEAM + "/projects", "{\"name\":\"app\"}"));
        expect(200, server.root("PUT", TEAM + "/secrets/app/db", "{\"value\":\"hunter2\"}"));
        expect(201, server.root("POST", TEAM + "/users", "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}"));

        var refused = server.root("DELETE", TEAM, null);

        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().path("error").path("message").asText())
                .contains("1 project, 1 secret, 1 user").contains("arca vault delete team --force");
        assertThat(server.root("GET", TEAM + "/secrets/app/db", null).json().path("value").asText())
                .isEqualTo("hunter2");
    }

    @Test
    void forcedDelete_removesEverythingInTheVault_andItsDataKey_inOneGo() throws Exception {
        expect(201, server.root("POST", TEAM + "/projects", "{\"name\":\"app\"}"));
        expect(200, server.root("PUT", TEAM + "/secrets/app/db", "{\"value\":\"hunter2\"}"));
        expect(200, server.root("PUT", TEAM + "/secrets/app/db", "{\"value\":\"hunter3\"}"));
        String secretId = server.root("GET", TEAM + "/secrets/app/db", null).json().path("id").asText();
        expect(201, server.root("POST", TEAM + "/transit/app/k", "{}"));
        expect(201, server.root("POST", TEAM + "/users", "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}"));
        expect(201, server.root("POST", TEAM + "/groups", "{\"name\":\"ops\"}"));
        expect(200, server.root("PUT", TEAM + "/groups/ops/members/alice", null));
        expect(200, server.root("PUT", TEAM + "/policies/readers",
                "{\"rules\":[{\"path\":\"app/**\",\"permissions\":[\"read\"]}]}"));
        expect(204, server.root("POST", TEAM + "/policies/readers/bindings", "{\"subject\":\"group:ops\"}"));
        expect(201, server.root("POST", TEAM + "/clients", "{\"name\":\"ci\"}"));
        expect(201, server.root("POST", TEAM + "/enrollment-tokens", "{\"projects\":[\"app\"]}"));
        expect(200, server.root("POST", TEAM + "/users/alice/disable", null));
        expect(200, server.root("POST", TEAM + "/users/alice/enable", null));
        String login = server.call("POST", "/v1/auth/login", null, "{\"vault\":\"team\",\"username\":\"alice\","
                + "\"password\":\"" + PASSWORD + "\"}").json().path("token").asText();

        var deleted = server.root("DELETE", TEAM + "?force=true", null);

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(server.root("GET", TEAM, null).status()).isEqualTo(404);
        assertThat(server.call("GET", "/v1/tokens/self", login, null).status()).isEqualTo(401);
        try (Database db = Database.open(server.config().storage())) {
            for (String table : tablesWithVaultId(db)) {
                long left = db.read(h -> h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE vault_id = :v")
                        .bind("v", teamId).mapTo(Long.class).one());
                assertThat(left).as("rows of the deleted vault left in " + table).isZero();
            }
            long versions = db.read(h -> h.createQuery("SELECT COUNT(*) FROM secret_versions WHERE secret_id = :s")
                    .bind("s", secretId).mapTo(Long.class).one());
            assertThat(versions).isZero();
            long keys = db.read(h -> h.createQuery("SELECT COUNT(*) FROM keyring WHERE name = :n")
                    .bind("n", "vault:" + teamId).mapTo(Long.class).one());
            assertThat(keys).as("the data key").isZero();
        }
        String audit = Files.readString(server.config().auditFile());
        assertThat(audit).contains("vault.delete").contains(teamId)
                .contains("1 project, 1 secret, 1 user, 1 group, 1 client, 1 policy, 1 engine key")
                .doesNotContain("hunter2");
        var again = server.root("POST", "/v1/vaults", "{\"name\":\"team\"}");
        assertThat(again.status()).as("the name is free again").isEqualTo(201);
        assertThat(again.json().path("id").asText()).isNotEqualTo(teamId);
    }

    @Test
    void anEmptyVault_isDeletedWithoutForce_butDefaultOnlyWithIt() {
        expect(204, server.root("DELETE", TEAM, null));
        assertThat(server.root("GET", "/v1/vaults/" + teamId, null).status()).isEqualTo(404);
        assertThat(server.root("DELETE", TEAM, null).status()).isEqualTo(404);

        var defaultRefused = server.root("DELETE", "/v1/vaults/default", null);
        assertThat(defaultRefused.status()).as(defaultRefused.body()).isEqualTo(409);
        assertThat(defaultRefused.json().path("error").path("message").asText()).contains("--force");
        expect(200, server.root("GET", "/v1/vaults/default", null));
        expect(204, server.root("DELETE", "/v1/vaults/default?force=true", null));
    }

    @Test
    void onlyRoot_deletesOrRenamesAVault() {
        expect(201, server.root("POST", TEAM + "/users", "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}"));
        expect(200, server.root("PUT", TEAM + "/policies/admins",
                "{\"rules\":[{\"path\":\"**\",\"permissions\":[\"admin\"]}]}"));
        expect(204, server.root("POST", TEAM + "/policies/admins/bindings", "{\"subject\":\"user:alice\"}"));
        String alice = server.call("POST", "/v1/auth/login", null, "{\"vault\":\"team\",\"username\":\"alice\","
                + "\"password\":\"" + PASSWORD + "\"}").json().path("token").asText();

        assertThat(server.call("DELETE", TEAM + "?force=true", alice, null).status()).isEqualTo(403);
        assertThat(server.call("POST", TEAM + "/rename", alice, "{\"name\":\"other\"}").status()).isEqualTo(403);
        expect(200, server.root("GET", TEAM, null));
    }

    @Test
    void rename_keepsTheIdSecretsAndTokens_andTheOldNameIsGone() {
        expect(201, server.root("POST", TEAM + "/projects", "{\"name\":\"app\"}"));
        expect(200, server.root("PUT", TEAM + "/secrets/app/db", "{\"value\":\"hunter2\"}"));
        String secretId = server.root("GET", TEAM + "/secrets/app/db", null).json().path("id").asText();
        expect(201, server.root("POST", TEAM + "/users", "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}"));
        expect(200, server.root("PUT", TEAM + "/policies/readers",
                "{\"rules\":[{\"path\":\"app/**\",\"permissions\":[\"read\"]}]}"));
        expect(204, server.root("POST", TEAM + "/policies/readers/bindings", "{\"subject\":\"user:alice\"}"));
        String alice = server.call("POST", "/v1/auth/login", null, "{\"vault\":\"team\",\"username\":\"alice\","
                + "\"password\":\"" + PASSWORD + "\"}").json().path("token").asText();

        var renamed = server.root("POST", TEAM + "/rename", "{\"name\":\"platform\"}");

        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.json().path("id").asText()).isEqualTo(teamId);
        assertThat(renamed.json().path("name").asText()).isEqualTo("platform");
        assertThat(server.root("GET", TEAM, null).status()).isEqualTo(404);
        var read = server.call("GET", "/v1/vaults/platform/secrets/app/db", alice, null);
        assertThat(read.status()).as(read.body()).isEqualTo(200);
        assertThat(read.json().path("value").asText()).isEqualTo("hunter2");
        assertThat(read.json().path("id").asText()).isEqualTo(secretId);
        assertThat(server.call("GET", "/v1/secrets/" + secretId, alice, null).json().path("value").asText())
                .isEqualTo("hunter2");
    }

    @Test
    void renameToATakenOrInvalidName_isRefused_andChangesNothing() {
        var taken = server.root("POST", TEAM + "/rename", "{\"name\":\"default\"}");
        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        for (String bad : List.of("", "-x", "vault_abc", "a/b", "x".repeat(65))) {
            var refused = server.root("POST", TEAM + "/rename", "{\"name\":\"" + bad + "\"}");
            assertThat(refused.status()).as(bad + ": " + refused.body()).isEqualTo(400);
            assertThat(refused.json().path("error").path("details").path("field").asText()).isEqualTo("name");
        }
        assertThat(server.root("POST", "/v1/vaults/nowhere/rename", "{\"name\":\"x\"}").status()).isEqualTo(404);
        assertThat(server.root("GET", TEAM, null).json().path("id").asText()).isEqualTo(teamId);
    }

    private static void expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    /** Every table of the schema with a {@code vault_id} column: what a vault's deletion must leave empty. */
    private static List<String> tablesWithVaultId(Database db) {
        return db.read(h -> {
            try (ResultSet columns = h.getConnection().getMetaData().getColumns(null, null, "%", "vault_id")) {
                var tables = new ArrayList<String>();
                while (columns.next()) {
                    String table = columns.getString("TABLE_NAME");
                    if (!tables.contains(table)) {
                        tables.add(table);
                    }
                }
                assertThat(tables).as("the schema's tables with vault_id").contains("secrets", "users", "tokens");
                return tables;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
