package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.sdk.FakeArca;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code arca run}'s arguments, environment and exit code, against canned server answers. */
class RunCommandTest {
    private static final String NL = System.lineSeparator();
    private static final String EXPORT = "{\"variables\":{\"DB_PASSWORD\":\"hunter2\",\"API_KEY\":\"k'ey\"},"
            + "\"collisions\":[{\"name\":\"DB_MAIN\",\"paths\":[\"app/db/main\",\"app/db-main\"]}]}";

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
        var result = cli().run("run", "--project", "app", "--", "sh", "-c",
                "echo \"$DB_PASSWORD $API_KEY $INHERITED\"; exit 3");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("hunter2 k'ey from-arca\n");
        assertThat(result.err()).isEqualTo("warning: DB_MAIN left out: app/db/main, app/db-main all become DB_MAIN" + NL);
    }

    @Test
    void optionsAfterTheProgramNameBelongToTheProgram() {
        server.on("GET /v1/vaults/prod/export?project=app", 200, EXPORT);
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
    void envFile_winsOverTheProjectForTheSameName() throws IOException {
        Path template = Files.writeString(dir.resolve(".env.arca"), "DB_PASSWORD=overridden\n");
        server.on("GET /v1/vaults/prod/export?project=app", 200, EXPORT);
        var result = cli().run("run", "--project", "app", "--env-file", template.toString(), "--", "sh", "-c",
                "echo $DB_PASSWORD $API_KEY");
        assertThat(result.out()).isEqualTo("overridden k'ey\n");
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
        server.on("GET /v1/vaults/prod/export", 200, EXPORT);
        var result = cli().run("run", "--", "true");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.requests()).extracting(FakeArca.Request::route).contains("GET /v1/vaults/prod/export");
    }

    @Test
    void unknownProgram_failsWithOneLine() {
        server.on("GET /v1/vaults/prod/export?project=app", 200, "{\"variables\":{},\"collisions\":[]}");
        var result = cli().run("run", "--project", "app", "--", "/no/such/program-arca");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: cannot start /no/such/program-arca: ");
        assertThat(result.err().lines()).hasSize(1);
    }
}
