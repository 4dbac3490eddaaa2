package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets as a user works with them through the CLI: metadata, versions, rotation, fields and references, listing,
 * export, {@code arca run} and watching, against a real dev server started in this process.
 */
class SecretsCompleteIT {
    private static final String NL = System.lineSeparator();

    @TempDir
    Path dir;

    private ArcaServer server;
    private Cli arca;

    @BeforeEach
    void start() {
        server = ArcaServer.start(new ServerConfigLoader(dir.resolve("home")).dev(true)
                .flag("listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve("data").toString())
                .load());
        arca = new Cli();
        environment().forEach(arca::with);
        ok(arca.run("project", "create", "app"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Map<String, String> environment() {
        var env = new HashMap<String, String>();
        env.put("ARCA_ADDR", server.address());
        env.put("ARCA_HOME", dir.resolve("home").toString());
        env.put("PATH", System.getenv("PATH"));
        return env;
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

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.isObject() ? node.get("path").asText() : node.asText()));
        return texts;
    }

    @Test
    void metadata_descriptionTagsCustom_andPrunedVersions() throws IOException {
        ok(arca.run("secret", "put", "app/db", "--field", "user=admin", "--field", "password=pw-value-1",
                "--description", "main database", "--tag", "prod", "--tag", "db", "--max-versions", "2"));
        ok(arca.run("secret", "put", "app/db", "--field", "user=admin", "--field", "password=pw-value-2"));
        ok(arca.run("secret", "put", "app/db", "--field", "user=admin", "--field", "password=pw-value-3"));

        JsonNode metadata = json(arca.run("secret", "metadata", "app/db", "--format", "json"));
        assertThat(metadata.get("description").asText()).isEqualTo("main database");
        assertThat(texts(metadata.get("tags"))).containsExactlyInAnyOrder("prod", "db");
        assertThat(texts(metadata.get("field_names"))).containsExactly("password", "user");
        assertThat(metadata.get("current_version").asInt()).isEqualTo(3);
        assertThat(metadata.get("max_versions").asInt()).isEqualTo(2);
        List<Integer> kept = new ArrayList<>();
        metadata.get("versions").forEach(version -> kept.add(version.get("version").asInt()));
        assertThat(kept).containsExactly(2, 3);
        // a value long enough that no random id or request id in the answer contains it by chance
        assertThat(metadata.toString()).doesNotContain("pw-value-3");
        assertThat(failed(arca.run("secret", "get", "app/db", "--version", "1")).err()).contains("(not_found");

        String table = ok(arca.run("secret", "metadata", "app/db")).out();
        assertThat(table).contains("main database", "password, user").contains("VERSION  STATE");
        assertThat(table.lines().filter(line -> line.matches("[23] +active.*"))).hasSize(2);

        JsonNode updated = json(arca.run("secret", "update", "app/db", "--custom", "owner=team-a", "--tag", "gold",
                "--format", "json"));
        assertThat(updated.get("custom").get("owner").asText()).isEqualTo("team-a");
        assertThat(texts(updated.get("tags"))).containsExactly("gold");
        assertThat(updated.get("current_version").asInt()).isEqualTo(3);
    }

    @Test
    void deleteUndeleteDestroy() throws IOException {
        ok(arca.run("secret", "put", "app/key", "--value", "one"));
        ok(arca.run("secret", "put", "app/key", "--value", "two"));
        assertThat(ok(arca.run("secret", "delete", "app/key", "--version", "1")).out())
                .isEqualTo("Deleted version 1 of app/key" + NL);
        failed(arca.run("secret", "get", "app/key", "--version", "1"));
        ok(arca.run("secret", "undelete", "app/key", "--version", "1"));
        assertThat(ok(arca.run("secret", "get", "app/key", "--version", "1")).out()).isEqualTo("one" + NL);

        ok(arca.run("secret", "delete", "app/key"));
        failed(arca.run("secret", "get", "app/key"));
        ok(arca.run("secret", "undelete", "app/key"));
        assertThat(ok(arca.run("secret", "get", "app/key")).out()).isEqualTo("two" + NL);

        JsonNode destroyed = json(arca.run("secret", "destroy", "app/key", "--version", "1", "--format", "json"));
        assertThat(destroyed.get("versions").get(0).get("state").asText()).isEqualTo("destroyed");
        failed(arca.run("secret", "get", "app/key", "--version", "1"));

        ok(arca.run("secret", "delete", "app/key", "--permanent"));
        failed(arca.run("secret", "get", "app/key"));
    }

    @Test
    void metadataUpdateDeleteAndUndelete_takeAnIdAsTheyTakeAPath() throws IOException {
        String id = json(arca.run("secret", "put", "app/byid", "--value", "v1", "--format", "json")).get("id").asText();
        assertThat(json(arca.run("secret", "metadata", id, "--format", "json")).get("path").asText())
                .isEqualTo("app/byid");
        ok(arca.run("secret", "update", id, "--description", "by id"));
        assertThat(json(arca.run("secret", "metadata", "app/byid", "--format", "json")).get("description").asText())
                .isEqualTo("by id");
        ok(arca.run("secret", "delete", id));
        failed(arca.run("secret", "get", "app/byid"));
        ok(arca.run("secret", "undelete", id));
        assertThat(ok(arca.run("secret", "get", id)).out()).isEqualTo("v1" + NL);
    }

    @Test
    void rotateGenerateWithGrace_previousIsReadableThenRetired() throws IOException, InterruptedException {
        ok(arca.run("secret", "put", "app/api-key", "--value", "old-value", "--type", "api_key"));
        assertThat(ok(arca.run("secret", "rotate", "app/api-key", "--generate", "--length", "24", "--charset",
                "lower,digits", "--grace", "6s", "--reason", "scheduled")).out())
                .startsWith("Rotated app/api-key to version 2 (sk_").doesNotContain("old-value");
        String generated = ok(arca.run("secret", "get", "app/api-key")).out().strip();
        assertThat(generated).hasSize(24).matches("[a-z0-9]+");
        assertThat(ok(arca.run("secret", "get", "app/api-key", "--version", "previous")).out())
                .isEqualTo("old-value" + NL);

        // the grace is long enough for the reads above on a loaded machine (2 s was not), and then it ends
        awaitTrue(Duration.ofSeconds(20), () -> arca.run("secret", "get", "app/api-key", "--version", "previous")
                .exitCode() == 1);
        var retired = failed(arca.run("secret", "get", "app/api-key", "--version", "1"));
        assertThat(retired.err()).contains("retired");
        JsonNode metadata = json(arca.run("secret", "metadata", "app/api-key", "--format", "json"));
        assertThat(metadata.get("versions").get(0).get("state").asText()).isEqualTo("retired");
        assertThat(metadata.get("versions").get(1).get("rotation_reason").asText()).isEqualTo("scheduled");
    }

    @Test
    void rotateGenerateField_keepsTheOtherFields_andPrintsTheGeneratedOne() throws IOException {
        ok(arca.run("secret", "put", "app/db", "--type", "connection", "--field", "username=admin", "--field",
                "host=db.internal", "--field", "password=old-pass"));
        var rotated = ok(arca.run("secret", "rotate", "app/db", "--generate-field", "password", "--length", "20",
                "--charset", "lower,digits", "--grace", "1h"));
        String password = ok(arca.run("secret", "get", "app/db", "--field", "password")).out().strip();
        assertThat(password).hasSize(20).matches("[a-z0-9]+");
        assertThat(rotated.out()).startsWith("Rotated app/db to version 2 (sk_").contains("status rotated",
                "Previous version 1: readable as --version previous until ", password).doesNotContain("admin");
        assertThat(ok(arca.run("secret", "get", "app/db", "--field", "username")).out()).isEqualTo("admin" + NL);
        assertThat(ok(arca.run("secret", "get", "app/db", "--field", "host")).out()).isEqualTo("db.internal" + NL);
        assertThat(ok(arca.run("secret", "get", "app/db", "--field", "password", "--version", "previous")).out())
                .isEqualTo("old-pass" + NL);

        JsonNode answer = json(arca.run("secret", "rotate", "app/db", "--generate-field", "password", "--format",
                "json"));
        assertThat(answer.get("previous_version").asInt()).isEqualTo(2);
        assertThat(answer.get("fields").get("username").asText()).isEqualTo("admin");
        assertThat(answer.get("fields").get("password").asText()).hasSize(32).isNotEqualTo(password);
        var unknown = failed(arca.run("secret", "rotate", "app/db", "--generate-field", "pasword"));
        assertThat(unknown.err()).contains("pasword", "host, password, username");
    }

    @Test
    void fieldOfSingleValue_isSecretStructure_andReferencesResolve() throws IOException {
        ok(arca.run("secret", "put", "app/token", "--value", "abc"));
        var structure = failed(arca.run("secret", "get", "app/token", "--field", "user"));
        assertThat(structure.err()).startsWith("error: ").contains("(secret_structure, request req_");

        String id = json(arca.run("secret", "put", "app/db", "--field", "user=admin", "--field", "password=hunter2",
                "--format", "json")).get("id").asText();
        assertThat(ok(arca.run("secret", "get", "app/db", "--field", "password")).out()).isEqualTo("hunter2" + NL);
        assertThat(failed(arca.run("secret", "get", "app/db", "--field", "host")).err()).contains("(field_not_found");
        assertThat(ok(arca.run("secret", "get", "arca://app/db/field/password")).out()).isEqualTo("hunter2" + NL);
        assertThat(ok(arca.run("secret", "get", "arca://" + id + "/field/user")).out()).isEqualTo("admin" + NL);
        assertThat(ok(arca.run("secret", "get", "arca://app/token")).out()).isEqualTo("abc" + NL);
        assertThat(failed(arca.run("secret", "get", "arca://app/nope")).err()).contains("(not_found");
    }

    @Test
    void list_filtersByPrefixLevelProjectTagAndName() throws IOException {
        ok(arca.run("project", "create", "ops"));
        ok(arca.run("secret", "put", "app/db/main", "--field", "user=a", "--field", "password=b", "--tag", "db"));
        ok(arca.run("secret", "put", "app/db/replica", "--value", "r", "--tag", "db"));
        ok(arca.run("secret", "put", "app/web", "--value", "w"));
        ok(arca.run("secret", "put", "ops/deploy", "--value", "d"));

        assertThat(texts(json(arca.run("secret", "list", "--project", "app", "--format", "json")).get("data")))
                .containsExactlyInAnyOrder("app/db/main", "app/db/replica", "app/web");
        assertThat(texts(json(arca.run("secret", "list", "--tag", "db", "--format", "json")).get("data")))
                .containsExactlyInAnyOrder("app/db/main", "app/db/replica");
        assertThat(texts(json(arca.run("secret", "list", "--search", "repl", "--format", "json")).get("data")))
                .containsExactly("app/db/replica");
        assertThat(texts(json(arca.run("secret", "list", "--prefix", "app/", "--no-recursive", "--format", "json"))
                .get("data"))).containsExactly("app/web");

        JsonNode firstPage = json(arca.run("secret", "list", "--limit", "2", "--format", "json"));
        assertThat(firstPage.get("data")).hasSize(2);
        assertThat(firstPage.get("has_more").asBoolean()).isTrue();
        JsonNode all = json(arca.run("secret", "list", "--limit", "2", "--all", "--format", "json"));
        assertThat(texts(all.get("data"))).hasSize(4).doesNotHaveDuplicates();

        String table = ok(arca.run("secret", "list", "--project", "app")).out();
        assertThat(table).contains("FIELDS").contains("password,user").doesNotContain("hunter2");
    }

    @Test
    void export_inAllThreeFormats_warnsAboutCollisions() throws IOException {
        ok(arca.run("secret", "put", "app/db/main", "--value", "one"));
        ok(arca.run("secret", "put", "app/db-main", "--value", "two"));
        ok(arca.run("secret", "put", "app/api-key", "--value", "it's $HOME"));
        ok(arca.run("secret", "put", "app/conn", "--field", "user=admin", "--field", "password=line1\nline2"));

        var env = arca.run("export", "--project", "app");
        assertThat(env.exitCode()).isZero();
        assertThat(env.out()).isEqualTo("export API_KEY='it'\\''s $HOME'\nexport CONN_PASSWORD='line1\nline2'\n"
                + "export CONN_USER='admin'\n");
        assertThat(env.err()).contains("warning: DB_MAIN left out: ").contains("app/db/main").contains("app/db-main");

        var dotenv = arca.run("export", "--project", "app", "--format", "dotenv");
        assertThat(dotenv.out()).isEqualTo("API_KEY=\"it's \\$HOME\"\nCONN_PASSWORD=\"line1\\nline2\"\n"
                + "CONN_USER=\"admin\"\n");
        assertThat(dotenv.err()).contains("DB_MAIN");

        var json = arca.run("export", "--project", "app", "--format", "json");
        JsonNode variables = Json.lenient().readTree(json.out());
        assertThat(variables.get("API_KEY").asText()).isEqualTo("it's $HOME");
        assertThat(variables.get("CONN_PASSWORD").asText()).isEqualTo("line1\nline2");
        assertThat(variables.has("DB_MAIN")).isFalse();
    }

    @Test
    void run_givesTheProgramItsSecretsAndPassesItsExitCode() {
        ok(arca.run("secret", "put", "app/db-password", "--value", "hunter2"));
        var result = arca.run("run", "--project", "app", "--", "sh", "-c", "echo $DB_PASSWORD; exit 3");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.out()).isEqualTo("hunter2\n");
    }

    @Test
    void run_envFileReferencesAreResolved() throws IOException {
        ok(arca.run("secret", "put", "app/db", "--field", "user=admin", "--field", "password=hunter2"));
        Path template = Files.writeString(dir.resolve(".env.arca"), """
                # resolved by Arca
                DB_PASSWORD=arca://app/db/field/password
                DB_HOST=db.internal
                """);
        var result = arca.run("run", "--env-file", template.toString(), "--", "sh", "-c",
                "echo \"$DB_PASSWORD@$DB_HOST\"");
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("hunter2@db.internal\n");
    }

    @Test
    void runWatch_restartsTheProgramWhenASecretChanges() throws Exception {
        ok(arca.run("secret", "put", "app/db-password", "--value", "first"));
        Path log = dir.resolve("log.txt");
        var running = Background.start(environment(), "run", "--project", "app", "--watch", "--", "sh", "-c",
                "echo $DB_PASSWORD >> '" + log + "'; exec sleep 60");
        try {
            awaitTrue(Duration.ofSeconds(10), () -> contents(log).equals("first\n"));
            // The event stream opens just after the program starts; write until the change is seen.
            var attempt = new AtomicInteger();
            awaitTrue(Duration.ofSeconds(20), () -> {
                ok(arca.run("secret", "put", "app/db-password", "--value", "second-" + attempt.incrementAndGet()));
                return awaitQuietly(Duration.ofSeconds(3), () -> contents(log).contains("second-"));
            });
            assertThat(contents(log)).startsWith("first\nsecond-");
        } finally {
            running.stop();
        }
        assertThat(running.exitCode()).isEqualTo(130);
        assertThat(running.err()).contains("arca run: secrets changed; restarting sh");
    }

    @Test
    void runWatch_aRestartThatWouldSetAnUnsafeName_keepsTheProgramAsItIs() throws Exception {
        ok(arca.run("secret", "put", "app/db-password", "--value", "first"));
        Path log = dir.resolve("log.txt");
        var running = Background.start(environment(), "run", "--project", "app", "--watch", "--", "sh", "-c",
                "echo \"$DB_PASSWORD ${LD_PRELOAD-none}\" >> '" + log + "'; exec sleep 60");
        try {
            awaitTrue(Duration.ofSeconds(10), () -> contents(log).equals("first none\n"));
            ok(arca.run("secret", "put", "app/ld/preload", "--value", "/tmp/evil.so"));
            var attempt = new AtomicInteger();
            awaitTrue(Duration.ofSeconds(20), () -> {
                ok(arca.run("secret", "put", "app/db-password", "--value", "second-" + attempt.incrementAndGet()));
                return awaitQuietly(Duration.ofSeconds(3), () -> running.err().contains("not restarted"));
            });
            assertThat(contents(log)).isEqualTo("first none\n");
        } finally {
            running.stop();
        }
        assertThat(running.err()).contains("warning: secrets changed but the program is not restarted (LD_PRELOAD "
                + "(from secret app/ld/preload) is a variable that can make a program run other code");
    }

    @Test
    void secretWatch_printsALinePerChange() throws Exception {
        ok(arca.run("secret", "put", "app/db", "--value", "v1"));
        var watching = Background.start(environment(), "secret", "watch", "app/db");
        try {
            var attempt = new AtomicInteger(1);
            awaitTrue(Duration.ofSeconds(20), () -> {
                ok(arca.run("secret", "put", "app/db", "--value", "v" + attempt.incrementAndGet()));
                return awaitQuietly(Duration.ofSeconds(3), () -> watching.out().contains(" changed app/db v"));
            });
        } finally {
            watching.stop();
        }
        assertThat(watching.exitCode()).isEqualTo(130);
        String line = watching.out().lines().filter(l -> l.contains(" changed ")).findFirst().orElseThrow();
        assertThat(line).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z changed app/db v\\d+");
        assertThat(watching.out()).doesNotContain("v1" + NL + "v2");
    }

    @Test
    void projects_renameUpdateDelete() throws IOException {
        ok(arca.run("secret", "put", "app/db", "--value", "pw"));
        assertThat(ok(arca.run("project", "rename", "app", "shop")).out()).isEqualTo("Renamed project app to shop" + NL);
        assertThat(ok(arca.run("secret", "get", "shop/db")).out()).isEqualTo("pw" + NL);
        assertThat(json(arca.run("project", "update", "shop", "--max-versions", "3", "--format", "json"))
                .get("max_versions").asInt()).isEqualTo(3);
        assertThat(failed(arca.run("project", "delete", "shop")).err()).contains("(conflict");
        ok(arca.run("project", "delete", "shop", "--force"));
        failed(arca.run("secret", "get", "shop/db"));
    }

    private static String contents(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void awaitTrue(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        assertThat(awaitQuietly(timeout, condition)).as("condition within %s", timeout).isTrue();
    }

    private static boolean awaitQuietly(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    /** An {@code arca} command running on its own thread, whose output can be read while it runs. */
    private static final class Background {
        private final StringWriter out = new StringWriter();
        private final StringWriter err = new StringWriter();
        private final AtomicInteger exitCode = new AtomicInteger(-1);
        private final Thread thread;

        private Background(Map<String, String> env, String... args) {
            thread = new Thread(() -> exitCode.set(ArcaCommand.run(args, InputStream.nullInputStream(),
                    new PrintWriter(out, true), new PrintWriter(err, true), env)), "arca-" + args[0]);
        }

        static Background start(Map<String, String> env, String... args) {
            var background = new Background(env, args);
            background.thread.start();
            return background;
        }

        /** Interrupts the command, as Ctrl-C would, and waits for it to return. */
        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(Duration.ofSeconds(20));
            assertThat(thread.isAlive()).as("the command returned after its interrupt").isFalse();
        }

        String out() {
            return out.toString();
        }

        String err() {
            return err.toString();
        }

        int exitCode() {
            return exitCode.get();
        }
    }
}
