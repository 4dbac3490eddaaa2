package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI works out what it can know: the vault from the token that belongs to one, the one enrolled identity when
 * there is no token, client credentials from the environment, and an error that says which credential to give.
 */
class CliFindsItsWayIT {
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    private ArcaServer server;
    private Cli admin;

    @BeforeEach
    void start() throws IOException {
        server = ArcaServer.start(new ServerConfigLoader(dir.resolve("home")).dev(true)
                .flag("listen", "127.0.0.1:0").flag("data_dir", dir.resolve("data").toString()).load());
        admin = home("home");
        ok(admin.run("project", "create", "app", "--vault", "default"));
        ok(admin.run("secret", "put", "app/db", "--value", "in-default", "--vault", "default"));
        ok(admin.run("vault", "create", "prod"));
        ok(admin.run("project", "create", "app", "--vault", "prod"));
        ok(admin.run("secret", "put", "app/db", "--value", "in-prod", "--vault", "prod"));
        Path rules = Files.writeString(dir.resolve("readers.yaml"), """
                rules:
                  - path: app/**
                    permissions: [read, list]
                """);
        ok(admin.run("policy", "put", "readers", "--file", rules.toString(), "--vault", "prod"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void afterLogin_theVaultComesFromTheToken() {
        ok(admin.runWithStdin(PASSWORD + "\n", "user", "create", "alice", "--password-stdin", "--vault", "prod"));
        ok(admin.run("policy", "bind", "readers", "--to", "user:alice", "--vault", "prod"));
        Cli alice = home("alice");
        ok(alice.runWithStdin(PASSWORD + "\n", "login", "--vault", "prod", "--username", "alice", "--password-stdin"));

        assertThat(ok(alice.run("secret", "get", "app/db")).out().strip()).isEqualTo("in-prod");
        assertThat(ok(alice.run("secret", "list")).out()).contains("app/db");
    }

    @Test
    void theOneEnrolledIdentity_isUsedWithoutAToken() throws IOException {
        String token = json(admin.run("machine", "token", "create", "--auto-approve", "--projects", "app",
                "--vault", "prod", "--format", "json")).path("token").asText();
        Cli host = home("host");
        ok(host.run("machine", "enroll", "--vault", "prod", "--token", token));
        String machineId = json(host.run("machine", "list", "--vault", "prod", "--format", "json", "--token",
                rootToken())).path("data").get(0).path("id").asText();
        ok(admin.run("policy", "bind", "readers", "--to", "machine:" + machineId, "--vault", "prod"));

        assertThat(ok(host.run("secret", "get", "app/db")).out().strip()).isEqualTo("in-prod");
    }

    @Test
    void clientCredentialsFromTheEnvironment_authenticateTheCli() throws IOException {
        JsonNode client = json(admin.run("client", "create", "billing", "--vault", "prod", "--format", "json"));
        ok(admin.run("policy", "bind", "readers", "--to", "client:" + client.path("client_id").asText(),
                "--vault", "prod"));
        Cli billing = home("billing").with("ARCA_CLIENT_ID", client.path("client_id").asText())
                .with("ARCA_CLIENT_SECRET", client.path("client_secret").asText());

        assertThat(ok(billing.run("secret", "get", "app/db")).out().strip()).isEqualTo("in-prod");
        Cli half = home("half").with("ARCA_CLIENT_ID", client.path("client_id").asText());
        assertThat(half.run("secret", "get", "app/db").err()).contains("ARCA_CLIENT_SECRET is not");
    }

    @Test
    void noCredentialAtAll_saysWhichToGive() {
        Cli.Result result = home("nobody").run("secret", "get", "app/db", "--vault", "prod");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("arca login").contains("ARCA_TOKEN").contains("--identity");
    }

    @Test
    void status_saysWhereWhoAndWhichVault_andItsExitCodeFollowsTheSeal() throws IOException {
        ok(admin.runWithStdin(PASSWORD + "\n", "user", "create", "alice", "--password-stdin", "--vault", "prod"));
        Cli alice = home("alice");
        ok(alice.runWithStdin(PASSWORD + "\n", "login", "--vault", "prod", "--username", "alice", "--password-stdin"));

        JsonNode status = json(alice.run("status", "--format", "json"));
        assertThat(status.path("address").asText()).isEqualTo(server.address());
        assertThat(status.path("server_version").asText()).isEqualTo(ArcaServer.VERSION);
        assertThat(status.path("sealed").asBoolean()).isFalse();
        assertThat(status.path("identity").asText()).startsWith("user:alice");
        assertThat(status.path("vault").asText()).startsWith("vault_");
        assertThat(home("nobody").run("status").out()).contains("none (arca login");

        ok(admin.run("operator", "seal"));
        Cli.Result sealed = admin.run("status");
        assertThat(sealed.exitCode()).isEqualTo(2);
        assertThat(sealed.out()).contains("sealed").contains("true");
    }

    @Test
    void versionAndCompletions_comeFromTheCommandTree() throws Exception {
        assertThat(ok(admin.run("version")).out()).startsWith("arca " + ArcaServer.VERSION + " (Java ");
        Path bash = Files.writeString(dir.resolve("arca.bash"), ok(admin.run("completion", "bash")).out());
        Process syntax = new ProcessBuilder("bash", "-n", bash.toString()).redirectErrorStream(true).start();
        assertThat(syntax.waitFor()).as(new String(syntax.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();
        assertThat(Files.readString(bash)).contains("secret").contains("operator");
        assertThat(ok(admin.run("completion", "zsh")).out()).contains("bashcompinit");
        assertThat(ok(admin.run("completion", "fish")).out())
                .contains("complete -c arca -f -n '__fish_use_subcommand' -a secret")
                .contains("-n '__fish_seen_subcommand_from secret' -a get");
        assertThat(admin.run("completion", "tcsh").exitCode()).isEqualTo(2);
    }

    private String rootToken() throws IOException {
        return Files.readString(dir.resolve("home/token")).strip();
    }

    private Cli home(String name) {
        return new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve(name).toString());
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
        return result;
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        return Json.lenient().readTree(ok(result).out());
    }
}
