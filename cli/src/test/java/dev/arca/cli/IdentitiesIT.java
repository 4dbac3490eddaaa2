package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.sdk.ArcaClient;
import dev.arca.sdk.AuthenticationException;
import dev.arca.sdk.MachineIdentity;
import dev.arca.sdk.PemKeyFile;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Machines, clients, agents and users as their operators run them through the CLI (and the SDK where a program
 * would), against a real dev server started in this process.
 */
class IdentitiesIT {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private ArcaServer server;
    /** The admin: dev mode's root token in its ARCA_HOME. */
    private Cli admin;

    @BeforeEach
    void start() {
        server = ArcaServer.start(new ServerConfigLoader(dir.resolve("home")).dev(true)
                .flag("listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve("data").toString())
                .load());
        admin = cliWithHome("home");
        ok(admin.run("project", "create", "app"));
        ok(admin.run("secret", "put", "app/db", "--value", "hunter2"));
        ok(admin.run("secret", "put", "app/other", "--value", "not-yours"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A user of the CLI with its own ARCA_HOME (its own token file and identities). */
    private Cli cliWithHome(String home) {
        return new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve(home).toString());
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
        assertThat(result.err()).isEmpty();
        return result;
    }

    private static Cli.Result failed(Cli.Result result) {
        assertThat(result.exitCode()).as("exit code; stdout: %s", result.out()).isEqualTo(1);
        return result;
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        return Json.lenient().readTree(ok(result).out());
    }

    private String vaultId() throws IOException {
        return json(admin.run("vault", "list", "--format", "json")).get("data").get(0).get("id").asText();
    }

    private Path readerPolicy(String name) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, """
                rules:
                  - path: app/db
                    permissions: [read]
                """);
        return file;
    }

    @Test
    void persistentMachine_enrollsPending_isApproved_readsWhatItsPolicyGrants() throws Exception {
        JsonNode token = json(admin.run("machine", "token", "create", "--max-uses", "1", "--format", "json"));
        assertThat(token.get("token").asText()).startsWith("arcae_");

        var machine = cliWithHome("web-1");
        var enrolled = ok(machine.run("machine", "enroll", "--vault", "default", "--token", token.get("token").asText(),
                "--name", "web-1", "--hostname", "web-1.example.com"));
        assertThat(enrolled.out()).contains("status", "pending", "web-1");
        String machineId = enrolled.out().lines().filter(line -> line.startsWith("machine_id"))
                .map(line -> line.substring("machine_id".length()).strip()).findFirst().orElseThrow();
        assertThat(enrolled.out()).contains("pending: ask an admin to run `arca machine approve " + machineId + "`");
        Path identity = MachineIdentity.defaultFile(dir.resolve("web-1"), vaultId());
        assertThat(Files.getPosixFilePermissions(identity)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(identity.resolveSibling(MachineIdentity.KEY_FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        var pending = failed(machine.run("secret", "get", "app/db", "--identity", vaultId()));
        assertThat(pending.err()).contains("awaits approval").contains("access_denied");

        JsonNode listed = json(admin.run("machine", "list", "--status", "pending", "--format", "json"));
        assertThat(listed.get("data")).hasSize(1);
        assertThat(listed.get("data").get(0).get("id").asText()).isEqualTo(machineId);
        assertThat(ok(admin.run("machine", "approve", machineId)).out()).contains(machineId, "active");

        var notYet = failed(machine.run("secret", "get", "app/db", "--identity", identity.toString()));
        assertThat(notYet.err()).contains("access_denied");

        ok(admin.run("policy", "put", "web-reader", "--file", readerPolicy("web-reader").toString()));
        ok(admin.run("policy", "bind", "web-reader", "--to", "machine:" + machineId));
        var byEnv = machine.with("ARCA_IDENTITY", identity.toString());
        assertThat(ok(byEnv.run("secret", "get", "app/db")).out()).isEqualTo("hunter2" + NL);
        assertThat(failed(byEnv.run("secret", "get", "app/other")).err()).contains("access_denied");

        assertThat(ok(admin.run("machine", "revoke", machineId)).out()).contains("revoked");
        assertThat(failed(byEnv.run("secret", "get", "app/db")).err()).contains("unauthenticated");
    }

    @Test
    void replayedSignedRequest_isRefused() throws Exception {
        String enrollToken = json(admin.run("machine", "token", "create", "--auto-approve", "--secrets", "app/db",
                "--format", "json")).get("token").asText();
        ok(cliWithHome("m").run("machine", "enroll", "--vault", "default", "--token", enrollToken));
        var identity = MachineIdentity.load(MachineIdentity.defaultFile(dir.resolve("m"), vaultId()), null);

        String target = "/v1/vaults/" + identity.vaultId() + "/secrets/app/db";
        var signed = HttpRequest.newBuilder(URI.create(server.address() + target)).GET();
        identity.signer().sign("GET", target, null).forEach(signed::header);
        HttpRequest request = signed.build();
        try (var http = HttpClient.newHttpClient()) {
            HttpResponse<String> first = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
            assertThat(first.body()).contains("hunter2");

            HttpResponse<String> replayed = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(replayed.statusCode()).isEqualTo(401);
            assertThat(replayed.body()).contains("unauthenticated").doesNotContain("hunter2");
        }
    }

    @Test
    void ephemeralMachine_readsUntilItExpires() throws Exception {
        String enrollToken = json(admin.run("machine", "token", "create", "--ephemeral", "--machine-ttl", "3s",
                "--secrets", "app/db", "--name-pattern", "job-{uuid8}", "--format", "json")).get("token").asText();
        var job = cliWithHome("job");
        JsonNode enrolled = json(job.run("machine", "enroll", "--vault", "default", "--token", enrollToken,
                "--format", "json"));
        assertThat(enrolled.get("status").asText()).isEqualTo("active");
        assertThat(enrolled.get("ephemeral").asBoolean()).isTrue();
        assertThat(enrolled.get("machine_name").asText()).matches("job-[0-9a-f]{8}");
        Instant expiresAt = Instant.parse(enrolled.get("expires_at").asText());

        var signed = job.with("ARCA_IDENTITY", vaultId());
        assertThat(ok(signed.run("secret", "get", "app/db")).out()).isEqualTo("hunter2" + NL);

        Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt).toMillis()) + 1_100);
        var expired = failed(signed.run("secret", "get", "app/db"));
        assertThat(expired.err()).contains("expired").contains("unauthenticated");
    }

    @Test
    void clientCredentials_readAGrantedSecret() throws Exception {
        JsonNode created = json(admin.run("client", "create", "billing", "--format", "json"));
        String clientId = created.get("client_id").asText();
        String secret = created.get("client_secret").asText();
        assertThat(clientId).startsWith("cli_");
        assertThat(ok(admin.run("client", "list")).out()).contains(clientId, "billing").doesNotContain(secret);

        ok(admin.run("policy", "put", "billing", "--file", readerPolicy("billing").toString()));
        ok(admin.run("policy", "bind", "billing", "--to", "client:" + clientId));

        try (var anonymous = ArcaClient.builder().address(server.address()).build()) {
            var token = anonymous.auth().clientCredentials(clientId, secret);
            assertThat(token.tokenType()).isEqualTo("Bearer");
            assertThat(token.expiresIn()).isPositive();
            try (var billing = ArcaClient.builder().address(server.address()).token(token.accessToken().reveal())
                    .vault("default").build()) {
                assertThat(billing.secrets().read("app/db").value().reveal()).isEqualTo("hunter2");
            }
            assertThatThrownBy(() -> anonymous.auth().clientCredentials(clientId, "arcas_wrong"))
                    .isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void agentSession_readsAGrantedSecret() throws Exception {
        var created = ok(admin.run("agent", "create", "summarizer"));
        Path key = dir.resolve("home/keys/summarizer.key");
        assertThat(created.out()).contains("summarizer", "private key: " + key);
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

        ok(admin.run("policy", "put", "summarizer", "--file", readerPolicy("summarizer").toString()));
        ok(admin.run("policy", "bind", "summarizer", "--to", "agent:summarizer"));

        try (var anonymous = ArcaClient.builder().address(server.address()).build()) {
            var session = anonymous.auth().agentSession("default", "summarizer", PemKeyFile.readPrivateKey(key, null));
            assertThat(session.expiresAt()).isAfter(Instant.now());
            try (var agent = ArcaClient.builder().address(server.address()).token(session.token().reveal()).vault("default")
                    .build()) {
                assertThat(agent.secrets().read("app/db").value().reveal()).isEqualTo("hunter2");
            }
        }
    }

    @Test
    void userLogsIn_andPolicyTestExplainsAllowAndDeny() throws Exception {
        String password = "correct horse battery";
        ok(admin.runWithStdin(password + "\n", "user", "create", "alice", "--password-stdin"));
        ok(admin.run("group", "create", "readers"));
        assertThat(ok(admin.run("group", "add", "readers", "alice")).out()).contains("readers", "alice");
        Path rules = dir.resolve("readers.json");
        Files.writeString(rules, """
                {"rules": [
                  {"path": "app/**", "permissions": ["read", "list"]},
                  {"path": "app/other", "permissions": ["read"], "effect": "deny"}
                ]}
                """);
        ok(admin.run("policy", "put", "readers", "--file", rules.toString()));
        ok(admin.run("policy", "bind", "readers", "--to", "group:readers"));

        var alice = cliWithHome("alice");
        var login = ok(alice.runWithStdin(password + "\n", "login", "--vault", "default", "--username", "alice",
                "--password-stdin"));
        assertThat(login.out()).contains("Logged in as user:alice");
        Path tokenFile = dir.resolve("alice/token");
        assertThat(Files.getPosixFilePermissions(tokenFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(ok(alice.run("secret", "get", "app/db", "--vault", "default")).out()).isEqualTo("hunter2" + NL);

        var allowed = ok(admin.run("policy", "test", "--identity", "user:alice", "--path", "app/db",
                "--permission", "read"));
        assertThat(allowed.out()).startsWith("allowed" + NL).contains("readers", "app/**");
        var denied = ok(admin.run("policy", "test", "--identity", "user:alice", "--path", "app/other",
                "--permission", "read"));
        assertThat(denied.out()).startsWith("denied" + NL).contains("readers", "deny");
        JsonNode byDefault = json(admin.run("policy", "test", "--identity", "user:alice", "--path", "app/db",
                "--permission", "delete", "--format", "json"));
        assertThat(byDefault.get("allowed").asBoolean()).isFalse();
        assertThat(byDefault.get("reason").asText()).isNotBlank();

        var wrong = failed(alice.runWithStdin("not the password\n", "login", "--vault", "default", "--username",
                "alice", "--password-stdin"));
        assertThat(wrong.err()).contains("unauthenticated");
    }

    @Test
    void userChangesTheirPassword_isDisabledAndEnabled_andAnAdminResetsPasswordAndTotp() throws Exception {
        String password = "correct horse battery";
        String changed = "a longer and newer passphrase";
        ok(admin.runWithStdin(password + "\n", "user", "create", "alice", "--password-stdin"));
        ok(admin.run("policy", "put", "readers", "--file", readerPolicy("readers").toString()));
        ok(admin.run("policy", "bind", "readers", "--to", "user:alice"));
        var alice = cliWithHome("alice");
        ok(alice.runWithStdin(password + "\n", "login", "--vault", "default", "--username", "alice",
                "--password-stdin"));

        var wrongOld = failed(alice.runWithStdin("not the password\n" + changed + "\n", "user", "passwd",
                "--password-stdin"));
        assertThat(wrongOld.err()).contains("access_denied", "current password").doesNotContain("not the password");
        assertThat(ok(alice.runWithStdin(password + "\n" + changed + "\n", "user", "passwd", "--password-stdin"))
                .out()).isEqualTo("Changed the password of alice" + NL);

        assertThat(ok(admin.run("user", "disable", "alice")).out()).contains("alice");
        var whileDisabled = failed(alice.run("secret", "get", "app/db", "--vault", "default"));
        assertThat(whileDisabled.err()).contains("access_denied", "user 'alice' is disabled");
        assertThat(json(admin.run("user", "list", "--format", "json")).get("data").get(0).get("disabled_at")
                .isTextual()).isTrue();
        ok(admin.run("user", "enable", "alice"));
        assertThat(ok(alice.run("secret", "get", "app/db", "--vault", "default")).out()).isEqualTo("hunter2" + NL);

        ok(admin.runWithStdin(password + "\n", "user", "passwd", "alice", "--reset", "--password-stdin"));
        assertThat(failed(alice.run("secret", "get", "app/db", "--vault", "default")).err())
                .as("a reset revokes the user's tokens").contains("unauthenticated");
        ok(alice.runWithStdin(password + "\n", "login", "--vault", "default", "--username", "alice",
                "--password-stdin", "--force"));
        ok(admin.run("user", "totp", "enable", "alice"));
        assertThat(ok(admin.run("user", "totp", "reset", "alice")).out()).contains("then: arca user totp enable alice");

        JsonNode policy = json(admin.run("policy", "get", "readers", "--format", "json"));
        assertThat(policy.get("policy").get("name").asText()).isEqualTo("readers");
        assertThat(policy.get("bound_to").get(0).asText()).isEqualTo("user:alice");
    }

    @Test
    void clientsAndAgentsAreDisabledAndEnabled_andVaultsRenamedAndDeleted() throws Exception {
        String clientId = json(admin.run("client", "create", "billing", "--format", "json")).get("client_id").asText();
        assertThat(json(admin.run("client", "disable", clientId, "--format", "json")).get("disabled_at").isTextual())
                .isTrue();
        assertThat(json(admin.run("client", "enable", clientId, "--format", "json")).has("disabled_at")).isFalse();
        ok(admin.run("agent", "create", "summarizer"));
        assertThat(ok(admin.run("agent", "disable", "summarizer")).out()).contains("summarizer");
        assertThat(json(admin.run("agent", "list", "--format", "json")).get("data").get(0).get("disabled_at")
                .isTextual()).isTrue();
        ok(admin.run("agent", "enable", "summarizer"));

        ok(admin.run("vault", "create", "team"));
        ok(admin.run("project", "create", "x", "--vault", "team"));
        var notEmpty = failed(admin.run("vault", "delete", "team"));
        assertThat(notEmpty.err()).contains("conflict", "1 project", "--force");
        assertThat(ok(admin.run("vault", "rename", "team", "crew")).out()).contains("crew");
        assertThat(ok(admin.run("project", "list", "--vault", "crew")).out()).contains("x");
        assertThat(ok(admin.run("vault", "delete", "crew", "--force")).out()).isEqualTo("Deleted vault crew" + NL);
        assertThat(ok(admin.run("vault", "list")).out()).doesNotContain("crew").contains("default");
    }

    @Test
    void vaultAllowlist_refusesOtherAddresses() throws IOException {
        JsonNode updated = json(admin.run("vault", "update", "default", "--allow-cidr", "10.0.0.0/8", "--format", "json"));
        assertThat(updated.get("allowed_cidrs").get(0).asText()).isEqualTo("10.0.0.0/8");
        assertThat(ok(admin.run("vault", "update", "default", "--clear-cidrs")).out()).contains("any");
    }
}
