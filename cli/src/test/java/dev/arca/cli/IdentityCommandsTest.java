package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.sdk.FakeArca;
import dev.arca.sdk.MachineIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The identity, policy and machine commands against canned answers: what they send and what they print. */
class IdentityCommandsTest {
    private static final String NL = System.lineSeparator();
    private static final String PENDING = "{\"machine_id\":\"mach_1\",\"machine_name\":\"web-1\",\"vault_id\":\"vault_1\","
            + "\"status\":\"pending\",\"ephemeral\":false}";
    private static final String POLICY = "{\"name\":\"web\",\"vault_id\":\"vault_1\",\"rules\":[{\"path\":\"app/**\","
            + "\"permissions\":[\"read\"],\"effect\":\"allow\"}]}";

    private static final String ALICE = "{\"accessor\":\"a\",\"policies\":[\"readers\"],\"vault_id\":\"vault_1\","
            + "\"owner\":\"user:alice\"}";

    @TempDir
    Path home;

    private final FakeArca server = new FakeArca();

    private Cli cli() {
        return new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", home.toString()).with("ARCA_TOKEN", "arca_t");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static JsonNode body(FakeArca.Request request) throws IOException {
        return Json.lenient().readTree(request.body());
    }

    private Cli.Result enroll() {
        server.on("POST /v1/enroll", 201, PENDING);
        return cli().run("machine", "enroll", "--vault", "prod", "--token", "arcae_x", "--name", "web-1",
                "--hostname", "web-1.local");
    }

    @Test
    void enroll_sendsRawPublicKey_writesIdentity_andSaysItIsPending() throws IOException {
        var result = enroll();
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("mach_1", "web-1", "pending")
                .contains("pending: ask an admin to run `arca machine approve mach_1`");
        JsonNode sent = body(server.last());
        assertThat(sent.get("vault").asText()).isEqualTo("prod");
        assertThat(sent.get("token").asText()).isEqualTo("arcae_x");
        assertThat(sent.get("hostname").asText()).isEqualTo("web-1.local");
        assertThat(Base64.getDecoder().decode(sent.get("public_key").asText())).hasSize(32);
        assertThat(server.last().authorization()).as("enrollment sends no token").isNull();
        var identity = MachineIdentity.load(MachineIdentity.defaultFile(home, "vault_1"), null);
        assertThat(identity.machineId()).isEqualTo("mach_1");
        assertThat(identity.apiUrl()).hasToString(server.address());
    }

    @Test
    void enrollAgain_doesNotReplaceTheSavedIdentity_withoutForce() throws IOException {
        enroll();
        Path file = MachineIdentity.defaultFile(home, "vault_1");
        String saved = Files.readString(file);
        String savedKey = Files.readString(file.resolveSibling(MachineIdentity.KEY_FILE));
        server.on("POST /v1/enroll", 201, PENDING.replace("mach_1", "mach_2"));
        var byName = cli().run("machine", "enroll", "--vault", "prod", "--token", "arcae_x", "--hostname", "h");
        assertThat(byName.exitCode()).isEqualTo(1);
        assertThat(byName.err()).isEqualTo("error: " + file + " already holds machine mach_1; not replaced; the "
                + "machine just enrolled (mach_2) was not saved: reject it with arca machine reject mach_2 (enroll "
                + "again with --force to replace it, or use another ARCA_HOME)" + NL);
        int requests = server.requests().size();
        var byId = cli().run("machine", "enroll", "--vault", "vault_1", "--token", "arcae_x", "--hostname", "h");
        assertThat(byId.exitCode()).isEqualTo(1);
        assertThat(byId.err()).startsWith("error: " + file + " already holds machine mach_1; not replaced (");
        assertThat(server.requests()).as("refused before the token is spent").hasSize(requests);
        assertThat(Files.readString(file)).isEqualTo(saved);
        assertThat(Files.readString(file.resolveSibling(MachineIdentity.KEY_FILE))).isEqualTo(savedKey);

        var forced = cli().run("machine", "enroll", "--vault", "prod", "--token", "arcae_x", "--hostname", "h",
                "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(MachineIdentity.load(file, null).machineId()).isEqualTo("mach_2");
    }

    @Test
    void login_doesNotReplaceASavedToken_withoutForce() throws IOException {
        Path tokenFile = home.resolve("token");
        Files.writeString(tokenFile, "arca_root\n");
        server.on("POST /v1/auth/login", 200, "{\"token\":\"arca_alice\",\"expires_at\":null,\"mfa\":false}")
                .on("GET /v1/tokens/self", 200, ALICE)
                .on("POST /v1/tokens/revoke-self", 204, "");
        var refused = cli().runWithStdin("pw\n", "login", "--vault", "prod", "--username", "alice",
                "--password-stdin");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("error: " + tokenFile + " already holds another token; not replaced and "
                + "this login's token revoked: log in again with --force to replace it, or set ARCA_HOME to keep both"
                + NL);
        assertThat(Files.readString(tokenFile)).isEqualTo("arca_root\n");
        assertThat(server.requests()).filteredOn(r -> r.route().equals("POST /v1/tokens/revoke-self"))
                .extracting(FakeArca.Request::authorization).containsExactly("Bearer arca_alice");

        var forced = cli().runWithStdin("pw\n", "login", "--vault", "prod", "--username", "alice",
                "--password-stdin", "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.readString(tokenFile)).isEqualTo("arca_alice\n");
    }

    @Test
    void login_neverSendsTheSavedToken_toTheServerLoggedInto() throws IOException {
        Path tokenFile = home.resolve("token");
        Files.writeString(tokenFile, "arca_root\n");
        // The saved token may be from `server` (or be root): the login to another host must not hand it over.
        try (var other = new FakeArca()) {
            other.on("POST /v1/auth/login", 200, "{\"token\":\"arca_alice\",\"expires_at\":null,\"mfa\":false}")
                    .on("GET /v1/tokens/self", 200, ALICE)
                    .on("POST /v1/tokens/revoke-self", 204, "");
            var refused = cli().runWithStdin("pw\n", "login", "--addr", other.address(), "--vault", "prod",
                    "--username", "alice", "--password-stdin");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains(tokenFile.toString(), "--force");
            assertThat(other.requests()).extracting(FakeArca.Request::authorization)
                    .doesNotContain("Bearer arca_root");
            assertThat(server.requests()).isEmpty();
            assertThat(Files.readString(tokenFile)).isEqualTo("arca_root\n");
        }
    }

    @Test
    void identityOption_signsInsteadOfSendingTheToken() throws IOException {
        enroll();
        server.on("GET /v1/vaults/vault_1/secrets/app/db", 200,
                "{\"id\":\"sk_1\",\"path\":\"app/db\",\"version\":1,\"type\":\"string\",\"value\":\"pw\"}");
        var result = new Cli().with("ARCA_HOME", home.toString()).run("secret", "get", "app/db", "--identity", "vault_1");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("pw" + NL);
        var request = server.last();
        assertThat(request.authorization()).isNull();
        assertThat(request.header("X-Machine-Id")).isEqualTo("mach_1");
        assertThat(request.header("X-Signature")).isNotBlank();
    }

    @Test
    void identityAndToken_areRefusedTogether() {
        enroll();
        var result = cli().run("secret", "get", "app/db", "--identity", "vault_1", "--token", "arca_t");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: choose --token or --identity, not both" + NL);
    }

    @Test
    void missingIdentity_saysToEnroll() {
        var result = cli().run("secret", "get", "app/db", "--identity", "vault_nope");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("no machine identity at ").contains("arca machine enroll");
    }

    @Test
    void policyPut_readsYamlOrABareJsonList() throws IOException {
        server.on("PUT /v1/vaults/prod/policies/web", 200, POLICY);
        Path yaml = home.resolve("rules.yaml");
        Files.writeString(yaml, "rules:\n  - path: app/**\n    permissions: [read]\n    conditions:\n      require_mfa: true\n");
        var result = cli().run("policy", "put", "web", "--file", yaml.toString(), "--vault", "prod");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("Wrote policy web" + NL).contains("app/**");
        assertThat(body(server.last()).toString())
                .isEqualTo("{\"rules\":[{\"path\":\"app/**\",\"permissions\":[\"read\"],\"conditions\":{\"require_mfa\":true}}]}");

        Path json = home.resolve("rules.json");
        Files.writeString(json, "[{\"path\": \"app/db\", \"permissions\": [\"read\"], \"effect\": \"deny\"}]");
        assertThat(cli().run("policy", "put", "web", "--file", json.toString(), "--vault", "prod").exitCode()).isZero();
        assertThat(body(server.last()).get("rules").get(0).get("effect").asText()).isEqualTo("deny");
    }

    @Test
    void policyPut_badFile_namesWhereWithoutQuotingIt() throws IOException {
        Path json = home.resolve("rules.json");
        Files.writeString(json, "[{\"path\": \"app/db\", \"permissions\": \"s3cr3t\"}]");
        var result = cli().run("policy", "put", "web", "--file", json.toString(), "--vault", "prod");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("rules[0].permissions").doesNotContain("s3cr3t");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void policyTest_printsTheDecisionAndExitsZeroWhenDenied() throws IOException {
        server.on("POST /v1/vaults/prod/policies/test", 200, "{\"allowed\":false,\"policy\":\"web\",\"rule_index\":1,"
                + "\"rule\":{\"path\":\"app/other\",\"permissions\":[\"read\"],\"effect\":\"deny\"},"
                + "\"reason\":\"rule 1 of web denies read on app/other\",\"policies_considered\":[\"web\"]}");
        var result = cli().run("policy", "test", "--identity", "user:alice", "--path", "app/other", "--permission",
                "read", "--ip", "10.0.1.5", "--mfa", "--vault", "prod");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("denied" + NL).contains("#1 deny app/other [read]")
                .contains("rule 1 of web denies read on app/other");
        assertThat(body(server.last()).toString()).isEqualTo("{\"subject\":\"user:alice\",\"path\":\"app/other\","
                + "\"permission\":\"read\",\"ip\":\"10.0.1.5\",\"mfa\":true}");
    }

    @Test
    void userCreate_withoutTerminalOrStdinFlag_saysHowToGiveThePassword() {
        var result = cli().run("user", "create", "alice", "--vault", "prod");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("--password-stdin");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void tokenCreate_sendsVaultAndMaxTtl() throws IOException {
        server.on("POST /v1/tokens", 201, "{\"token\":\"arca_new\",\"accessor\":\"acc_1\",\"policies\":[\"p\"]}");
        var result = cli().run("token", "create", "--ttl", "1h", "--max-ttl", "1d", "--vault", "prod", "--policy", "p");
        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode sent = body(server.last());
        assertThat(sent.get("vault").asText()).isEqualTo("prod");
        assertThat(sent.get("max_ttl").asText()).isEqualTo("1d");
    }

    @Test
    void machineTokenCreate_sendsTheSettings_andPrintsTheTokenOnce() throws IOException {
        server.on("POST /v1/vaults/prod/enrollment-tokens", 201, "{\"id\":\"enr_1\",\"token\":\"arcae_once\","
                + "\"vault_id\":\"vault_1\",\"ephemeral\":true,\"machine_ttl\":\"10m\",\"cidrs\":[],\"projects\":[\"app\"],"
                + "\"secrets\":[],\"auto_approve\":false,\"uses\":0}");
        var result = cli().run("machine", "token", "create", "--ephemeral", "--machine-ttl", "10m", "--cidr",
                "10.0.0.0/8", "--cidr", "192.168.0.0/16", "--projects", "app,web", "--vault", "prod");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("arcae_once", "enr_1");
        assertThat(body(server.last()).toString()).isEqualTo("{\"ephemeral\":true,\"machine_ttl\":\"10m\","
                + "\"cidrs\":[\"10.0.0.0/8\",\"192.168.0.0/16\"],\"projects\":[\"app\",\"web\"]}");
    }

    @Test
    void agentCreate_withoutKey_generatesAnOwnerOnlyKey() throws IOException {
        server.on("POST /v1/vaults/prod/agents", 201, "{\"id\":\"agent_1\",\"name\":\"bot\",\"vault_id\":\"vault_1\"}");
        var result = cli().run("agent", "create", "bot", "--vault", "prod");
        assertThat(result.exitCode()).as(result.err()).isZero();
        Path key = home.resolve("keys/bot.key");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(Base64.getDecoder().decode(body(server.last()).get("public_key").asText())).hasSize(32);
        assertThat(cli().run("agent", "create", "bot", "--vault", "prod").err()).contains("exists already");
    }
}
