package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca import}: dotenv and JSON files become secrets; nothing is replaced without --overwrite. */
class ImportIT {
    @TempDir
    Path dir;

    private ArcaServer server;
    private Cli cli;

    @BeforeEach
    void start() {
        server = ArcaServer.start(new ServerConfigLoader(dir.resolve("home")).dev(true)
                .flag("listen", "127.0.0.1:0").flag("data_dir", dir.resolve("data").toString()).load());
        cli = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("home").toString());
        ok(cli.run("project", "create", "app"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDotenvFile_becomesSecrets_andIsNotReplacedWithoutOverwrite() throws Exception {
        Path env = Files.writeString(dir.resolve(".env"), """
                # the app's settings
                DB_PASSWORD="hunter \\"2\\""
                export API_KEY='s3cr3t'
                EMPTY=
                """);

        String created = ok(cli.run("import", "--project", "app", env.toString())).out();
        assertThat(created).contains("created 3").contains("app/DB_PASSWORD v1").doesNotContain("hunter");
        assertThat(ok(cli.run("secret", "get", "app/DB_PASSWORD")).out().strip()).isEqualTo("hunter \"2\"");
        assertThat(ok(cli.run("secret", "get", "app/API_KEY")).out().strip()).isEqualTo("s3cr3t");

        Files.writeString(env, "DB_PASSWORD=changed\nNEW=one\n");
        Cli.Result refused = cli.run("import", "--project", "app", env.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("nothing imported: app/DB_PASSWORD exists").contains("--overwrite");
        assertThat(cli.run("secret", "get", "app/NEW").exitCode()).isEqualTo(1);

        String updated = ok(cli.run("import", "--project", "app", env.toString(), "--overwrite")).out();
        assertThat(updated).contains("created 1: app/NEW v1").contains("updated 1: app/DB_PASSWORD v2");
        assertThat(ok(cli.run("secret", "get", "app/DB_PASSWORD")).out().strip()).isEqualTo("changed");
    }

    @Test
    void aJsonFile_fromStdin_makesValuesAndStructuredSecrets() {
        String json = "{\"TOKEN\": \"t0k3n\", \"db\": {\"user\": \"admin\", \"password\": \"pw\"}}";

        ok(cli.runWithStdin(json, "import", "--project", "app", "--format", "json", "-"));
        assertThat(ok(cli.run("secret", "get", "app/TOKEN")).out().strip()).isEqualTo("t0k3n");
        assertThat(ok(cli.run("secret", "get", "app/db", "--field", "password")).out().strip()).isEqualTo("pw");
    }

    @Test
    void whatExportWrites_importReads() throws Exception {
        ok(cli.run("secret", "put", "app/db", "--field", "user=admin", "--field", "password=p$w'\"d"));
        Path exported = Files.writeString(dir.resolve("app.env"), ok(cli.run("export", "--project", "app",
                "--format", "dotenv")).out());
        ok(cli.run("project", "create", "copy"));

        ok(cli.run("import", "--project", "copy", exported.toString()));
        assertThat(ok(cli.run("secret", "get", "copy/DB_PASSWORD")).out().strip()).isEqualTo("p$w'\"d");
    }

    @Test
    void aBadFile_writesNothing_andSaysWhere() throws Exception {
        Path json = Files.writeString(dir.resolve("bad.json"), "{\"A\": \"ok\", \"B\": 42}");
        assertThat(cli.run("import", "--project", "app", json.toString()).err()).contains("B must be a string");
        Path env = Files.writeString(dir.resolve("bad.env"), "A=ok\nthis is not a line\n");
        assertThat(cli.run("import", "--project", "app", env.toString()).err()).contains("line 2");
        Path broken = Files.writeString(dir.resolve("broken.json"), "{\"A\": \"secret-value");
        assertThat(cli.run("import", "--project", "app", broken.toString()).err()).contains("not valid JSON")
                .doesNotContain("secret-value");
        assertThat(cli.run("secret", "get", "app/A").exitCode()).isEqualTo(1);
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
        return result;
    }
}
