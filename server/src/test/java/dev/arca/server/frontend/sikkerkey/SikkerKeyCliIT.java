package dev.arca.server.frontend.sikkerkey;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real SikkerKey CLI (4.2.0, the Linux binary of the npm package {@code @sikkerkey/cli-linux-x64}) against the
 * SikkerKey door, unmodified: {@code get}, {@code export}, {@code run} and {@code run --watch}. Its identity is the
 * one {@code arca machine enroll --layout sikkerkey} writes (identity.json with the five keys, private.pem as
 * PKCS#8), made here from an enrollment through the door. The binary is {@code $SIKKERKEY_CLI}, else
 * {@code sikkerkey} on the PATH; without it the test skips loudly, or fails with
 * {@code ARCA_REQUIRE_SIKKERKEY_CLI=1} (CI). The CLI polls every 15 s, fixed (no flag or variable shortens it), so the
 * watch test takes up to about 30 s.
 */
@Tag("peer")
class SikkerKeyCliIT {
    /** Longer than two of the CLI's fixed 15 s poll intervals: a deadline for a failure, not a measured time. */
    private static final long WATCH_DEADLINE_SECONDS = 90;

    @TempDir
    Path dir;
    TestServer server;
    Path cli;
    Path sikkerkeyHome;
    String password;
    final List<Process> started = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        cli = requireCli();
        server = TestServer.start(dir, Map.of("sikkerkey_listen", "127.0.0.1:0")).initAndUnseal();
        expect(201, server.root("POST", "/v1/vaults/default/projects", "{\"name\":\"app\"}"));
        password = write("app/db/password", "{\"value\":\"s3cret\"}");
        write("app/config", "{\"fields\":{\"host\":\"db.lan\",\"port\":\"5432\"}}");
        var token = server.root("POST", "/v1/vaults/default/enrollment-tokens",
                "{\"projects\":[\"app\"],\"auto_approve\":true}");
        expect(201, token);
        var machine = new SikkerKeyTestClient(server.sikkerkeyAddress());
        var enrolled = machine.enroll("default", token.json().path("token").asText(), "ci-runner");
        assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(200);
        sikkerkeyHome = dir.resolve("sikkerkey-home");
        writeIdentity(enrolled.json(), machine);
    }

    @AfterEach
    void stop() {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void get_printsTheValue() throws Exception {
        assertThat(runToEnd("get", password)).isEqualTo("s3cret\n");
    }

    @Test
    void getOfAField_readsTheStructuredSecretsJsonValue() throws Exception {
        String config = byName("config");
        assertThat(runToEnd("get", config, "host")).isEqualTo("db.lan\n");
    }

    @Test
    void export_printsEnvironmentNamesFromThePathWithinTheProject() throws Exception {
        assertThat(runToEnd("export").lines().toList())
                .containsExactlyInAnyOrder("DB_PASSWORD=s3cret", "CONFIG_HOST=db.lan", "CONFIG_PORT=5432");
    }

    @Test
    void exportOfAProjectByName_resolvesItThroughTheCliProjects() throws Exception {
        assertThat(runToEnd("export", "--project", "app", "--format", "json")).contains("\"DB_PASSWORD\": \"s3cret\"");
    }

    @Test
    void run_injectsTheSecretsIntoTheChild() throws Exception {
        assertThat(runToEnd("run", "--all", "--", "sh", "-c", "echo \"$DB_PASSWORD/$CONFIG_HOST\""))
                .isEqualTo("s3cret/db.lan\n");
    }

    @Test
    void runWatch_restartsTheChild_whenASecretChanges() throws Exception {
        Process watching = start("run", "--all", "--watch", "--", "sh", "-c", "echo \"run:$DB_PASSWORD\"; exec sleep 600");
        BlockingQueue<String> lines = linesOf(watching);
        awaitLine(lines, "run:s3cret", watching);
        write("app/db/password", "{\"value\":\"rotated\"}");
        awaitLine(lines, "run:rotated", watching);
    }

    // ---- helpers

    private void writeIdentity(com.fasterxml.jackson.databind.JsonNode enrolled, SikkerKeyTestClient machine)
            throws IOException {
        String vaultId = enrolled.path("vaultId").asText();
        Path vaultDir = sikkerkeyHome.resolve("vaults").resolve(vaultId);
        Files.createDirectories(vaultDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path key = vaultDir.resolve("private.pem");
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(machine.keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Files.writeString(key, pem);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(vaultDir.resolve("identity.json"), "{\"machineId\": \"" + enrolled.path("machineId").asText()
                + "\", \"machineName\": \"" + enrolled.path("machineName").asText() + "\", \"vaultId\": \"" + vaultId
                + "\", \"apiUrl\": \"" + enrolled.path("apiUrl").asText() + "\", \"privateKeyPath\": \"" + key + "\"}");
    }

    private String byName(String name) {
        var listed = server.root("GET", "/v1/vaults/default/secrets", null);
        for (var item : listed.json().path("data")) {
            if (item.path("name").asText().equals(name)) {
                return item.path("id").asText();
            }
        }
        throw new AssertionError("no secret named " + name + ": " + listed.body());
    }

    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(cli.toString());
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("SIKKERKEY_HOME", sikkerkeyHome.toString());
        builder.environment().put("HOME", dir.toString());
        builder.environment().remove("SIKKERKEY_VAULT");
        builder.environment().remove("SIKKERKEY_API_URL");
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** Runs the CLI to its end; fails with its output unless it exits 0. */
    private String runToEnd(String... args) throws Exception {
        Process process = start(args);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the CLI ends").isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    private static BlockingQueue<String> linesOf(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process was stopped
            }
        });
        return lines;
    }

    private static void awaitLine(BlockingQueue<String> lines, String expected, Process process)
            throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WATCH_DEADLINE_SECONDS);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
                if (line.equals(expected)) {
                    return;
                }
            }
        }
        throw new AssertionError("the CLI never printed " + expected + " (alive: " + process.isAlive() + "); it "
                + "printed: " + seen);
    }

    private String write(String path, String body) {
        var response = server.root("PUT", "/v1/vaults/default/secrets/" + path, body);
        expect(200, response);
        return response.json().path("id").asText();
    }

    private static void expect(int status, TestServer.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
    }

    /** The SikkerKey CLI binary: {@code $SIKKERKEY_CLI}, else {@code sikkerkey} on the PATH; else skip (or fail in CI). */
    static Path requireCli() {
        String configured = System.getenv("SIKKERKEY_CLI");
        if (configured != null && !configured.isBlank() && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "sikkerkey");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        if ("1".equals(System.getenv("ARCA_REQUIRE_SIKKERKEY_CLI"))) {
            throw new IllegalStateException("the SikkerKey CLI is required (ARCA_REQUIRE_SIKKERKEY_CLI=1) but neither "
                    + "$SIKKERKEY_CLI nor sikkerkey on the PATH is executable; install it with npm install -g "
                    + "@sikkerkey/cli-linux-x64@4.2.0");
        }
        System.err.println("*** SKIPPING: the SikkerKey CLI is not installed (set SIKKERKEY_CLI or put sikkerkey on "
                + "the PATH) ***");
        Assumptions.abort("the SikkerKey CLI is not installed: skipping");
        throw new AssertionError("unreachable: abort throws");
    }
}
