package dev.arca.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.arca.api.Json;
import dev.arca.sdk.Arca;
import dev.arca.sdk.ArcaException;
import dev.arca.sdk.AuthenticationException;
import dev.arca.sdk.BootstrapOptions;
import dev.arca.sdk.FieldNotFoundException;
import dev.arca.sdk.MachineIdentity;
import dev.arca.sdk.SecretListItem;
import dev.arca.sdk.SecretStructureException;
import dev.arca.sdk.WatchEvent;
import dev.arca.sdk.WatchStatus;
import dev.arca.server.ArcaServer;
import dev.arca.server.config.ServerConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The machine client {@link Arca} against a real dev server started in this process. */
class MachineClientIT {
    @TempDir
    Path dir;

    private ArcaServer server;
    private Cli admin;

    @BeforeEach
    void start() {
        server = ArcaServer.start(new ServerConfigLoader(dir.resolve("home")).dev(true)
                .flag("listen", "127.0.0.1:0")
                .flag("data_dir", dir.resolve("data").toString())
                .load());
        admin = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("home").toString());
        ok(admin.run("project", "create", "app"));
        ok(admin.run("secret", "put", "app/db", "--value", "hunter2"));
        ok(admin.run("secret", "put", "app/conn", "--field", "user=web", "--field", "password=pw1"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Cli.Result ok(Cli.Result result) {
        assertThat(result.exitCode()).as("exit code; stderr: %s", result.err()).isZero();
        return result;
    }

    private JsonNode json(Cli.Result result) throws IOException {
        return Json.lenient().readTree(ok(result).out());
    }

    private String vaultId() throws IOException {
        return json(admin.run("vault", "list", "--format", "json")).get("data").get(0).get("id").asText();
    }

    /** A persistent machine enrolled with the CLI, approved, and bound to read and list app/**. */
    private Path enrolledMachine() throws IOException {
        String token = json(admin.run("machine", "token", "create", "--format", "json")).get("token").asText();
        var machine = new Cli().with("ARCA_ADDR", server.address()).with("ARCA_HOME", dir.resolve("web").toString());
        var enrolled = ok(machine.run("machine", "enroll", "--vault", "default", "--token", token, "--name", "web-1"));
        String machineId = enrolled.out().lines().filter(line -> line.startsWith("machine_id"))
                .map(line -> line.substring("machine_id".length()).strip()).findFirst().orElseThrow();
        ok(admin.run("machine", "approve", machineId));
        Path policy = dir.resolve("web.yaml");
        // no rule on the whole vault: listing it shows what the machine may list
        Files.writeString(policy, "rules:\n  - path: app/**\n    permissions: [read, list]\n");
        ok(admin.run("policy", "put", "web", "--file", policy.toString()));
        ok(admin.run("policy", "bind", "web", "--to", "machine:" + machineId));
        return MachineIdentity.defaultFile(dir.resolve("web"), vaultId());
    }

    private static String idOf(List<SecretListItem> items, String path) {
        return items.stream().filter(item -> item.path().equals(path)).findFirst().orElseThrow().id();
    }

    @Test
    void openedFromIdentityFile_readsListsAndExports() throws Exception {
        try (Arca arca = Arca.open(enrolledMachine())) {
            assertThat(arca.machineName()).isEqualTo("web-1");
            assertThat(arca.vaultId()).isEqualTo(vaultId());
            assertThat(arca.apiUrl().toString()).isEqualTo(server.address());

            List<SecretListItem> items = arca.listSecrets();
            assertThat(items).extracting(SecretListItem::path).containsExactlyInAnyOrder("app/db", "app/conn");
            SecretListItem conn = items.stream().filter(item -> item.path().equals("app/conn")).findFirst().orElseThrow();
            assertThat(conn.fieldNames()).containsExactlyInAnyOrder("user", "password");
            assertThat(conn.name()).isEqualTo("conn");
            assertThat(items.stream().filter(item -> item.path().equals("app/db")).findFirst().orElseThrow().fieldNames())
                    .isNull();
            assertThat(arca.listSecretsByProject(conn.projectId())).hasSize(2);
            assertThat(arca.listSecretsByProject("proj_unknown")).isEmpty();

            String dbId = idOf(items, "app/db");
            assertThat(arca.getSecret(dbId)).isEqualTo("hunter2");
            assertThat(arca.getSecret("app/db")).isEqualTo("hunter2");
            assertThat(arca.getSecret(conn.id())).isEqualTo("{\"password\":\"pw1\",\"user\":\"web\"}");
            assertThat(arca.getFields(conn.id())).isEqualTo(Map.of("user", "web", "password", "pw1"));
            assertThat(arca.getField(conn.id(), "password")).isEqualTo("pw1");
            assertThatThrownBy(() -> arca.getFields(dbId)).isInstanceOf(SecretStructureException.class)
                    .hasMessageNotContaining("hunter2");
            assertThatThrownBy(() -> arca.getField(dbId, "password")).isInstanceOf(SecretStructureException.class);
            assertThatThrownBy(() -> arca.getField(conn.id(), "pasword"))
                    .isInstanceOfSatisfying(FieldNotFoundException.class, e -> assertThat(e.availableFields())
                            .containsExactlyInAnyOrder("user", "password"))
                    .hasMessageNotContaining("pw1");

            assertThat(arca.export(conn.projectId())).containsEntry("DB", "hunter2").containsEntry("CONN_USER", "web");
            assertThat(arca.export().values()).contains("hunter2", "pw1");
            assertThat(arca.export("proj_unknown")).isEmpty();
        }
    }

    @Test
    void watch_deliversChangesWithinASecond_andAThrowingCallbackStopsNoOther() throws Exception {
        try (Arca arca = Arca.open(enrolledMachine())) {
            List<SecretListItem> items = arca.listSecrets();
            String dbId = idOf(items, "app/db");
            String connId = idOf(items, "app/conn");
            BlockingQueue<WatchEvent> db = new LinkedBlockingQueue<>();
            BlockingQueue<WatchEvent> conn = new LinkedBlockingQueue<>();
            AtomicInteger thrown = new AtomicInteger();
            arca.watch(dbId, event -> {
                db.add(event);
                thrown.incrementAndGet();
                throw new IllegalStateException("a broken callback");
            });
            arca.watch(connId, conn::add);
            Thread.sleep(1_000); // the stream is (re)opened for both ids

            long started = System.nanoTime();
            ok(admin.run("secret", "put", "app/db", "--value", "hunter3"));
            WatchEvent changed = db.poll(5, TimeUnit.SECONDS);
            long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            System.out.println("MachineClientIT: watch latency " + latencyMs + " ms (includes the CLI's write)");
            assertThat(changed).isNotNull();
            assertThat(changed.status()).isEqualTo(WatchStatus.CHANGED);
            assertThat(changed.secretId()).isEqualTo(dbId);
            assertThat(changed.value()).isEqualTo("hunter3");
            assertThat(latencyMs).isLessThan(1_500);

            ok(admin.run("secret", "put", "app/db", "--value", "hunter4"));
            assertThat(db.poll(5, TimeUnit.SECONDS).value()).isEqualTo("hunter4");
            ok(admin.run("secret", "put", "app/conn", "--field", "user=web", "--field", "password=pw2"));
            WatchEvent connChanged = conn.poll(5, TimeUnit.SECONDS);
            assertThat(connChanged).isNotNull();
            assertThat(connChanged.status()).isEqualTo(WatchStatus.CHANGED);
            assertThat(connChanged.fields()).containsEntry("password", "pw2");
            assertThat(thrown.get()).isEqualTo(2);

            arca.unwatch(dbId);
            Thread.sleep(500);
            ok(admin.run("secret", "put", "app/db", "--value", "hunter5"));
            ok(admin.run("secret", "put", "app/conn", "--field", "user=web", "--field", "password=pw3"));
            assertThat(conn.poll(5, TimeUnit.SECONDS).fields()).containsEntry("password", "pw3");
            assertThat(db.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void bootstrapInMemory_readsASecret_andWritesNothing() throws Exception {
        Path emptyHome = Files.createDirectories(dir.resolve("serverless-home"));
        Path workingDir = Path.of("").toAbsolutePath();
        List<String> before = listing(workingDir);
        List<String> vaultsBefore = Arca.listVaults();
        String token = json(admin.run("machine", "token", "create", "--ephemeral", "--machine-ttl", "1h",
                "--secrets", "app/db", "--format", "json")).get("token").asText();

        var options = BootstrapOptions.builder().apiUrl(server.address()).hostname("fn-1").build();
        try (Arca arca = Arca.bootstrapInMemory(vaultId(), token, options)) {
            assertThat(arca.machineId()).startsWith("mach_");
            assertThat(arca.vaultId()).isEqualTo(vaultId());
            assertThat(arca.getSecret("app/db")).isEqualTo("hunter2");
        }
        try (Stream<Path> files = Files.list(emptyHome)) {
            assertThat(files).isEmpty();
        }
        assertThat(listing(workingDir)).isEqualTo(before);
        assertThat(Arca.listVaults()).isEqualTo(vaultsBefore).doesNotContain(vaultId());
        // the key lived only in memory: the machine exists on the server, its identity nowhere on disk
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(file -> file.getFileName().toString().equals(MachineIdentity.KEY_FILE))).isEmpty();
        }
    }

    @Test
    void machineEnrolledWithProjectsApp_listsItsSecrets_byProjectIdAndName_exportsAndWatchesByPath()
            throws Exception {
        ok(admin.run("project", "create", "other"));
        ok(admin.run("secret", "put", "other/key", "--value", "not-for-app"));
        String token = json(admin.run("machine", "token", "create", "--ephemeral", "--machine-ttl", "1h",
                "--projects", "app", "--format", "json")).get("token").asText();
        var options = BootstrapOptions.builder().apiUrl(server.address()).hostname("fn-2").build();
        try (Arca arca = Arca.bootstrapInMemory(vaultId(), token, options)) {
            List<SecretListItem> items = arca.listSecrets();
            assertThat(items).extracting(SecretListItem::path).containsExactly("app/conn", "app/db");
            String appId = items.get(0).projectId();
            assertThat(arca.listSecretsByProject(appId)).isEqualTo(items);
            assertThat(arca.listSecretsByProject("app")).isEqualTo(items);
            assertThat(arca.listSecretsByProject("other")).isEmpty();
            assertThat(arca.export(appId)).isEqualTo(Map.of("DB", "hunter2", "CONN_USER", "web",
                    "CONN_PASSWORD", "pw1"));
            assertThat(arca.export("proj_unknown")).isEmpty();

            BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
            arca.watch("app/db", events::add);
            Thread.sleep(1_000); // the stream is opened
            ok(admin.run("secret", "put", "app/db", "--value", "rotated"));
            WatchEvent event = events.poll(10, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.secretId()).isEqualTo(idOf(items, "app/db"));
            arca.unwatch("app/db");
            assertThatThrownBy(() -> arca.watch("other/key", events::add))
                    .isInstanceOfSatisfying(dev.arca.sdk.NotFoundException.class,
                            e -> assertThat(e.secret()).isEqualTo("other/key"));
        }
    }

    @Test
    void bootstrapInMemory_withABadToken_throwsFromTheCall() {
        var options = BootstrapOptions.builder().apiUrl(server.address()).build();
        assertThatThrownBy(() -> Arca.bootstrapInMemory("default", "arcae_not-a-token", options))
                .isInstanceOf(AuthenticationException.class).isInstanceOf(ArcaException.class);
    }

    private static List<String> listing(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(Path::toString).sorted().collect(Collectors.toList());
        }
    }
}
