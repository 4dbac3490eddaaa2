package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.sdk.FakeArca;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code arca run}'s arguments, environment and exit code, against canned server answers. */
class RunCommandTest {
    private static final String NL = System.lineSeparator();
    private static final String EXPORT = "{\"variables\":{\"DB_PASSWORD\":\"hunter2\",\"API_KEY\":\"k'ey\"},"
            + "\"collisions\":[{\"name\":\"DB_MAIN\",\"paths\":[\"app/db/main\",\"app/db-main\"]}]}";

    private static final String SAFE_EXPORT = "{\"variables\":{\"DB_PASSWORD\":\"hunter2\",\"API_KEY\":\"k'ey\"},"
            + "\"collisions\":[]}";
    private static final String LIST_APP = "GET /v1/vaults/prod/secrets?project=app";
    private static final String LISTED = "{\"data\":[{\"id\":\"sk_1\",\"path\":\"app/db\",\"type\":\"json\","
            + "\"field_names\":[\"password\"]},{\"id\":\"sk_2\",\"path\":\"app/api-key\",\"type\":\"string\"}]}";

    @TempDir
    Path dir;

    private final FakeArca server = new FakeArca();

    private Cli cli() {
        return new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.toString())
                .with("ARCA_VAULT", "prod").with("PATH", System.getenv("PATH")).with("INHERITED", "from-arca");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void programGetsTheExportAndItsExitCodeIsPassedThrough() {
        server.on("GET /v1/vaults/prod/export?project=app", 200, EXPORT);
        var result = cli().run("run", "--project", "app", "--allow-collisions", "--", "sh", "-c",
                "echo \"$DB_PASSWORD $API_KEY $INHERITED\"; exit 3");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("hunter2 k'ey from-arca\n");
        assertThat(result.err()).isEqualTo("warning: DB_MAIN left out: app/db/main, app/db-main all become DB_MAIN" + NL);
    }

    @Test
    void optionsAfterTheProgramNameBelongToTheProgram() {
        server.on("GET /v1/vaults/prod/export?project=app", 200, SAFE_EXPORT);
        var result = cli().run("run", "--project", "app", "sh", "-c", "echo $DB_PASSWORD --project");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("hunter2 --project\n");
    }

    @Test
    void envFile_referencesAreResolvedInOneCall_plainValuesPassed() throws IOException {
        Path template = Files.writeString(dir.resolve(".env.arca"), """
                # the database
                DB_PASSWORD=arca://app/db/field/password
                MODE=production
                """);
        server.on("POST /v1/vaults/prod/resolve", 200,
                "{\"values\":{\"arca://app/db/field/password\":\"hunter2\"},\"errors\":{}}");
        var result = cli().run("run", "--env-file", template.toString(), "--", "sh", "-c", "echo $DB_PASSWORD $MODE");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("hunter2 production\n");
        assertThat(server.requests()).hasSize(1);
        assertThat(server.last().body()).isEqualTo("{\"refs\":[\"arca://app/db/field/password\"]}");
    }

    @Test
    void envFile_winsOverTheProjectForTheSameName_onlyWithAllowCollisions() throws IOException {
        Path template = Files.writeString(dir.resolve(".env.arca"), "DB_PASSWORD=overridden\n");
        server.on("GET /v1/vaults/prod/export?project=app", 200, SAFE_EXPORT).on(LIST_APP, 200, LISTED);
        var refused = cli().run("run", "--project", "app", "--env-file", template.toString(), "--", "sh", "-c",
                "echo $DB_PASSWORD $API_KEY");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).isEqualTo("error: DB_PASSWORD from " + template + " line 1 replaces the one from "
                + "secret app/db field password (rename or unset one, or pass --allow-collisions)" + NL);

        var result = cli().run("run", "--project", "app", "--env-file", template.toString(), "--allow-collisions",
                "--", "sh", "-c", "echo $DB_PASSWORD $API_KEY");
        assertThat(result.out()).isEqualTo("overridden k'ey\n");
        assertThat(result.err()).isEqualTo("warning: DB_PASSWORD from " + template + " line 1 replaces the one "
                + "from secret app/db field password" + NL);
    }

    @Test
    void secretNamedLikeTheLoader_isRefusedNamingTheSecret_andNothingStarts() {
        server.on("GET /v1/vaults/prod/export?project=app", 200,
                        "{\"variables\":{\"LD_PRELOAD\":\"/tmp/evil.so\",\"API_KEY\":\"k\"},\"collisions\":[]}")
                .on(LIST_APP, 200, "{\"data\":[{\"id\":\"sk_1\",\"path\":\"app/ld/preload\",\"type\":\"string\"},"
                        + "{\"id\":\"sk_2\",\"path\":\"app/api-key\",\"type\":\"string\"}]}");
        Path marker = dir.resolve("started");
        var result = cli().run("run", "--project", "app", "--", "touch", marker.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: LD_PRELOAD (from secret app/ld/preload) is a variable that can "
                + "make a program run other code or connect elsewhere; if that is intended, pass --allow-env "
                + "LD_PRELOAD" + NL);
        assertThat(marker).doesNotExist();
    }

    @Test
    void unsafeNamesInTheEnvFile_areAllRefusedWithTheirLines_inAnyCase() throws IOException {
        Path template = Files.writeString(dir.resolve(".env.arca"), """
                MODE=production
                PATH=/tmp/evil
                BASH_ENV=/tmp/evil.sh
                NODE_OPTIONS=--require /tmp/evil.js
                https_proxy=http://attacker:8080
                GIT_SSH_COMMAND=evil
                PYTHONSTARTUP=/tmp/evil.py
                JAVA_TOOL_OPTIONS=-javaagent:/tmp/evil.jar
                ARCA_ADDR=http://attacker
                """);
        Path marker = dir.resolve("started");
        var result = cli().run("run", "--env-file", template.toString(), "--", "touch", marker.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: PATH (from " + template + " line 2), BASH_ENV (from " + template
                + " line 3), NODE_OPTIONS (from " + template + " line 4), https_proxy (from " + template
                + " line 5), GIT_SSH_COMMAND (from " + template + " line 6), PYTHONSTARTUP (from " + template
                + " line 7), JAVA_TOOL_OPTIONS (from " + template + " line 8), ARCA_ADDR (from " + template
                + " line 9) are variables that can make a program run other code or connect elsewhere; if that is "
                + "intended, pass --allow-env PATH --allow-env BASH_ENV");
        assertThat(result.err()).doesNotContain("MODE").doesNotContain("evil");
        assertThat(marker).doesNotExist();
        assertThat(server.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"OPENSSL_CONF", "JAVA_HOME", "DOTNET_STARTUP_HOOKS", "CORECLR_PROFILER_PATH",
            "COR_PROFILER", "VIMINIT", "GLIBC_TUNABLES", "SSLKEYLOGFILE", "KUBECONFIG", "docker_host"})
    void runtimeAndToolVariablesInTheEnvFile_areRefused(String name) throws IOException {
        Path template = Files.writeString(dir.resolve(".env.arca"), name + "=/tmp/evil\n");
        Path marker = dir.resolve("started");
        var result = cli().run("run", "--env-file", template.toString(), "--", "touch", marker.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: " + name + " (from " + template + " line 1) is a variable that "
                + "can make a program run other code or connect elsewhere");
        assertThat(marker).doesNotExist();
    }

    @Test
    void allowEnv_letsExactlyTheNamedVariableThrough() throws IOException {
        Path template = Files.writeString(dir.resolve(".env.arca"), "PATH=/opt/tools/bin\n");
        var result = cli().run("run", "--env-file", template.toString(), "--allow-env", "PATH", "--allow-collisions",
                "--", "/bin/sh", "-c", "echo $PATH");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("/opt/tools/bin\n");
        assertThat(result.err()).isEqualTo("warning: PATH from " + template + " line 1 replaces the one already in "
                + "arca's environment" + NL);
    }

    @Test
    void arcasCredentials_areNotPassedOn_unlessAllowedByName() {
        server.on("GET /v1/vaults/prod/export?project=app", 200, SAFE_EXPORT);
        var cli = cli().with("ARCA_TOKEN", "arca_t").with("ARCA_CLIENT_ID", "cl_1")
                .with("ARCA_CLIENT_SECRET", "arcac_s").with("ARCA_ENROLLMENT_TOKEN", "arcae_e")
                .with("ARCA_PASSPHRASE_FILE", "/p").with("ARCA_SOCKET", "/s.sock");
        String print = "echo \"${ARCA_TOKEN-none} ${ARCA_CLIENT_ID-none} ${ARCA_CLIENT_SECRET-none} "
                + "${ARCA_ENROLLMENT_TOKEN-none} ${ARCA_PASSPHRASE_FILE-none} ${ARCA_SOCKET-none} $ARCA_VAULT\"";
        var stripped = cli.run("run", "--project", "app", "--", "sh", "-c", print);
        assertThat(stripped.exitCode()).as(stripped.err()).isZero();
        assertThat(stripped.out()).isEqualTo("none none none none none none prod\n");

        var kept = cli.run("run", "--project", "app", "--allow-env", "ARCA_TOKEN", "--", "sh", "-c", print);
        assertThat(kept.out()).isEqualTo("arca_t none none none none none prod\n");
    }

    @Test
    void secretNamedLikeAnInheritedVariable_isRefused_orWinsWithAWarning() {
        server.on("GET /v1/vaults/prod/export?project=app", 200,
                        "{\"variables\":{\"INHERITED\":\"from-secret\"},\"collisions\":[]}")
                .on(LIST_APP, 200, "{\"data\":[{\"id\":\"sk_1\",\"path\":\"app/inherited\",\"type\":\"string\"}]}");
        Path marker = dir.resolve("started");
        var refused = cli().run("run", "--project", "app", "--", "touch", marker.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("error: INHERITED from secret app/inherited replaces the one already in "
                + "arca's environment (rename or unset one, or pass --allow-collisions)" + NL);
        assertThat(marker).doesNotExist();

        var allowed = cli().run("run", "--project", "app", "--allow-collisions", "--", "sh", "-c", "echo $INHERITED");
        assertThat(allowed.out()).isEqualTo("from-secret\n");
        assertThat(allowed.err()).isEqualTo("warning: INHERITED from secret app/inherited replaces the one already "
                + "in arca's environment" + NL);
    }

    @Test
    void nameSeveralSecretsShare_refusesToStart_withoutAllowCollisions() {
        server.on("GET /v1/vaults/prod/export?project=app", 200, EXPORT);
        Path marker = dir.resolve("started");
        var result = cli().run("run", "--project", "app", "--", "touch", marker.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: DB_MAIN left out: app/db/main, app/db-main all become DB_MAIN "
                + "(rename or unset one, or pass --allow-collisions)" + NL);
        assertThat(marker).doesNotExist();
    }

    @Test
    void unresolvedReference_startsNothingAndSaysWhich() throws IOException {
        Path template = Files.writeString(dir.resolve(".env.arca"), "X=arca://app/nope\n");
        server.on("POST /v1/vaults/prod/resolve", 200, "{\"values\":{},\"errors\":{\"arca://app/nope\":"
                + "{\"code\":\"not_found\",\"message\":\"no secret at app/nope\"}}}");
        Path marker = dir.resolve("started");
        var result = cli().run("run", "--env-file", template.toString(), "--", "touch", marker.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: cannot resolve arca://app/nope in " + template
                + ": no secret at app/nope (not_found)" + NL);
        assertThat(marker).doesNotExist();
    }

    @Test
    void malformedEnvFile_isRefusedBeforeAnyRequest() throws IOException {
        Path template = Files.writeString(dir.resolve(".env.arca"), "GOOD=1\nnot a line\n");
        var result = cli().run("run", "--env-file", template.toString(), "--", "true");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: " + template + " line 2: expected NAME=value" + NL);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void withoutProgram_isUsageError() throws IOException {
        assertThat(cli().run("run", "--project", "app").exitCode()).isEqualTo(2);
        assertThat(cli().run("run", "--project", "app", "--").exitCode()).isEqualTo(2);
    }

    @Test
    void withoutProjectOrTemplate_exportsEveryReadableSecret() {
        server.on("GET /v1/vaults/prod/export", 200, SAFE_EXPORT);
        var result = cli().run("run", "--", "true");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.requests()).extracting(FakeArca.Request::route).contains("GET /v1/vaults/prod/export");
    }

    @Test
    void unknownProgram_failsWithOneLine_andExit127AsAShellWould() {
        server.on("GET /v1/vaults/prod/export?project=app", 200, "{\"variables\":{},\"collisions\":[]}");
        var result = cli().run("run", "--project", "app", "--", "/no/such/program-arca");
        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.err()).startsWith("error: cannot start /no/such/program-arca: ");
        assertThat(result.err().lines()).hasSize(1);
    }

    @Test
    void aProgramThatIsNotExecutable_exits126() throws Exception {
        server.on("GET /v1/vaults/prod/export?project=app", 200, "{\"variables\":{},\"collisions\":[]}");
        Path script = java.nio.file.Files.writeString(dir.resolve("not-executable.sh"), "echo hi\n");
        var result = cli().run("run", "--project", "app", "--", script.toString());
        assertThat(result.exitCode()).isEqualTo(126);
    }
}
