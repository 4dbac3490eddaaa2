package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.arca.api.Json;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfig;
import dev.arca.server.config.ServerConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it, command after command, against a real server started in this process. */
class WalkthroughIT {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private ServerConfig config(boolean dev) {
        return new ServerConfigLoader(dir.resolve("home")).dev(dev)
                .flag("listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve("data").toString())
                .load();
    }

    /** The CLI as a user on this host has it: the address, and ARCA_HOME where dev mode leaves the root token. */
    private Cli cli(ArcaServer server) {
        return new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("home").toString());
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
        assertThat(result.err()).isEmpty();
        return result;
    }

    private static JsonNode json(Cli.Result result) throws IOException {
        return Json.lenient().readTree(ok(result).out());
    }

    @Test
    void devServerWalkthrough() throws IOException {
        ServerConfig config = config(true);
        try (var server = ArcaServer.start(config)) {
            var arca = cli(server);
            assertThat(ok(arca.run("project", "create", "app")).out()).contains("app");
            assertThat(ok(arca.run("secret", "put", "app/db", "--field", "user=admin", "--field", "password=hunter2"))
                    .out()).startsWith("Wrote app/db version 1 (sk_");
            assertThat(ok(arca.run("secret", "get", "app/db", "--field", "password")).out()).isEqualTo("hunter2" + NL);

            assertThat(ok(arca.run("secret", "put", "app/api-key", "--value", "s3cr3t")).out()).contains("version 1");
            assertThat(ok(arca.run("secret", "put", "app/api-key", "--value", "rotated")).out()).contains("version 2");
            assertThat(ok(arca.run("secret", "get", "app/api-key", "--version", "1")).out()).isEqualTo("s3cr3t" + NL);
            assertThat(ok(arca.run("secret", "get", "app/api-key")).out()).isEqualTo("rotated" + NL);

            JsonNode secret = json(arca.run("secret", "get", "app/db", "--format", "json"));
            assertThat(secret.get("id").asText()).startsWith("sk_");
            assertThat(secret.get("path").asText()).isEqualTo("app/db");
            assertThat(secret.get("version").asInt()).isEqualTo(1);
            assertThat(secret.get("type").asText()).isEqualTo("json");
            assertThat(secret.get("fields").get("user").asText()).isEqualTo("admin");
            assertThat(secret.get("fields").get("password").asText()).isEqualTo("hunter2");
            assertThat(ok(arca.run("secret", "get", secret.get("id").asText(), "--field", "user")).out())
                    .isEqualTo("admin" + NL);

            var listing = ok(arca.run("secret", "list", "--format", "json"));
            JsonNode page = Json.lenient().readTree(listing.out());
            assertThat(page.get("has_more").asBoolean()).isFalse();
            List<String> paths = new ArrayList<>();
            page.get("data").forEach(item -> paths.add(item.get("path").asText()));
            assertThat(paths).containsExactlyInAnyOrder("app/db", "app/api-key");
            assertThat(listing.out()).doesNotContain("hunter2").doesNotContain("rotated");

            assertThat(ok(arca.run("secret", "delete", "app/api-key")).out()).isEqualTo("Deleted app/api-key" + NL);
            var gone = arca.run("secret", "get", "app/api-key");
            assertThat(gone.exitCode()).isEqualTo(1);
            assertThat(gone.err()).matches("error: .+ \\(not_found, request req_\\S+\\)" + NL);

            assertThat(ok(arca.run("audit", "verify")).out()).startsWith("audit trail intact: ");
        }

        Path audit = config.auditFile();
        assertThat(ok(new Cli().run("audit", "verify", audit.toString())).out()).startsWith("audit trail intact: ");
        tamperWithLine(audit, 3);
        var broken = new Cli().run("audit", "verify", audit.toString());
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.out()).startsWith("audit trail broken at line 3: ");
    }

    @Test
    void tokens_createLookupRevoke() throws IOException {
        try (var server = ArcaServer.start(config(true))) {
            var arca = cli(server);
            JsonNode created = json(arca.run("token", "create", "--ttl", "1h", "--display-name", "ci", "--format", "json"));
            String token = created.get("token").asText();
            String accessor = created.get("accessor").asText();
            assertThat(token).startsWith("arca_");

            JsonNode self = json(arca.run("token", "lookup", "--token", token, "--format", "json"));
            assertThat(self.get("accessor").asText()).isEqualTo(accessor);
            assertThat(self.get("display_name").asText()).isEqualTo("ci");
            assertThat(self.toString()).doesNotContain(token);
            assertThat(json(arca.run("token", "lookup", token, "--format", "json")).get("accessor").asText())
                    .isEqualTo(accessor);
            assertThat(json(arca.run("token", "lookup", "--accessor", accessor, "--format", "json"))
                    .get("expires_at").isTextual()).isTrue();

            ok(arca.run("token", "revoke", token));
            var revoked = arca.run("token", "lookup", "--token", token);
            assertThat(revoked.exitCode()).isEqualTo(1);
            assertThat(revoked.err()).contains("(unauthenticated, request req_");
        }
    }

    @Test
    void initUnsealUseSeal_thenReadsAreRefusedAsSealed() throws IOException {
        try (var server = ArcaServer.start(config(false))) {
            var arca = cli(server);
            assertThat(json(arca.run("operator", "status", "--format", "json")).get("initialized").asBoolean()).isFalse();

            JsonNode init = json(arca.run("operator", "init", "--shares", "5", "--threshold", "3", "--format", "json"));
            List<String> keys = new ArrayList<>();
            init.get("unseal_keys").forEach(key -> keys.add(key.asText()));
            assertThat(keys).hasSize(5).doesNotHaveDuplicates();
            String root = init.get("root_token").asText();

            JsonNode status = json(arca.run("operator", "status", "--format", "json"));
            assertThat(status.get("sealed").asBoolean()).isTrue();
            assertThat(status.get("threshold").asInt()).isEqualTo(3);
            assertThat(status.get("shares").asInt()).isEqualTo(5);
            assertThat(json(arca.run("operator", "unseal", keys.get(0), "--format", "json")).get("progress").asInt())
                    .isEqualTo(1);
            assertThat(ok(arca.runWithStdin(keys.get(3) + "\n", "operator", "unseal")).out()).contains("2/3");
            assertThat(json(arca.run("operator", "unseal", keys.get(4), "--format", "json")).get("sealed").asBoolean())
                    .isFalse();

            var admin = cli(server).with("ARCA_TOKEN", root);
            ok(admin.run("vault", "create", "default"));
            ok(admin.run("project", "create", "app"));
            ok(admin.run("secret", "put", "app/db", "--value", "pw"));
            assertThat(ok(admin.run("secret", "get", "app/db")).out()).isEqualTo("pw" + NL);

            ok(admin.run("operator", "seal"));
            var sealed = admin.run("secret", "get", "app/db", "--vault", "default");
            assertThat(sealed.exitCode()).isEqualTo(1);
            assertThat(sealed.err()).matches("error: .+ \\(sealed, request req_\\S+\\)" + NL);
            assertThat(json(arca.run("operator", "status", "--format", "json")).get("sealed").asBoolean()).isTrue();
        }
    }

    /** Changes one field of one line, keeping it valid JSON, as someone covering their tracks would. */
    private static void tamperWithLine(Path file, int number) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        var entry = (ObjectNode) Json.lenient().readTree(lines.get(number - 1));
        entry.put("status", 299);
        lines.set(number - 1, Json.lenient().writeValueAsString(entry));
        Files.write(file, lines);
    }
}
