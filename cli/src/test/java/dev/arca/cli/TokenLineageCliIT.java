package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code arca token create} makes a child of the caller's token, and {@code --orphan} one that outlives it — for
 * root and {@code _tokens} administrators only; against a real dev server started in this process.
 */
class TokenLineageCliIT {
    @TempDir
    Path dir;

    private ArcaServer server;
    private Cli admin;

    @BeforeEach
    void start() throws IOException {
        server = ArcaServer.start(new ServerConfigLoader(dir.resolve("home")).dev(true)
                .flag("listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve("data").toString())
                .load());
        admin = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("home").toString());
        policy("maker", "create");
        policy("tokens-admin", "create, admin");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void orphan_byATokenWithoutAdmin_isRefused_andItsChildGoesWithIt() throws IOException {
        String makerToken = create(admin, "--policy", "maker");
        Cli maker = withToken(makerToken);

        var refused = maker.run("token", "create", "--vault", "default", "--orphan");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("orphan").contains("_tokens");

        String child = create(maker);
        assertThat(admin.run("token", "revoke", makerToken).exitCode()).isZero();
        assertThat(withToken(child).run("token", "lookup").exitCode()).isEqualTo(1);
    }

    @Test
    void orphan_byATokensAdministrator_outlivesItsCreator() throws IOException {
        String tokensAdminToken = create(admin, "--policy", "tokens-admin");
        String orphan = create(withToken(tokensAdminToken), "--orphan");

        assertThat(admin.run("token", "revoke", tokensAdminToken).exitCode()).isZero();

        var lookup = withToken(orphan).run("token", "lookup");
        assertThat(lookup.exitCode()).as(lookup.err()).isZero();
    }

    private Cli withToken(String token) {
        return new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("other").toString())
                .with("ARCA_TOKEN", token);
    }

    private static String create(Cli as, String... options) throws IOException {
        String[] args = new String[options.length + 6];
        System.arraycopy(new String[] {"token", "create", "--vault", "default", "--format", "json"}, 0, args, 0, 6);
        System.arraycopy(options, 0, args, 6, options.length);
        var created = as.run(args);
        assertThat(created.exitCode()).as(created.err()).isZero();
        JsonNode json = Json.lenient().readTree(created.out());
        return json.get("token").asText();
    }

    private void policy(String name, String permissions) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "rules:\n  - path: _tokens\n    permissions: [" + permissions + "]\n");
        var put = admin.run("policy", "put", name, "--file", file.toString());
        assertThat(put.exitCode()).as(put.err()).isZero();
    }
}
