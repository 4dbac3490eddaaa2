package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.EnrollmentToken;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SikkerKey's Python SDK document, method by method, in Java against a real server: the machine client
 * ({@code SikkerKey(vault)} is {@link Arca#open(String)}), the in-memory serverless bootstrap, listing, export,
 * watch and the error hierarchy. Each step asserts what that document says the call returns.
 */
class SikkerKeySeedIT {
    @TempDir
    static Path dir;

    private static RealArca server;
    private static ArcaClient root;
    private static String stripeId;
    private static String dbId;
    private static String otherId;
    private static String appProjectId;

    @BeforeAll
    static void start() {
        server = RealArca.start(dir.resolve("server"));
        root = server.root();
        appProjectId = root.projects().create("app").id();
        root.projects().create("other");
        stripeId = root.secrets().write("app/stripe", "sk-live-1").id();
        dbId = root.secrets().write("app/db", Map.of("host", "db.example.com", "password", "hunter2")).id();
        otherId = root.secrets().write("other/x", "not for the machine").id();
    }

    @AfterAll
    static void stop() {
        root.close();
        server.close();
    }

    /** A persistent host's identity under {@code home}, enrolled for the project {@code app} and auto-approved. */
    private static MachineIdentity enrolledFor(Path home, String name) {
        var token = root.machines().createEnrollmentToken(new EnrollmentToken.Create(false, null, 1, null, null,
                null, null, List.of("app"), null, true));
        var enrolled = Enrollment.enroll(URI.create(server.localhostAddress()), "default", token.token().reveal(),
                name, name);
        return MachineIdentity.save(home, enrolled, null);
    }

    @Test
    void clientCreation_byVaultId_byPath_andAutoDetected() {
        Path home = dir.resolve("creation");
        MachineIdentity identity = enrolledFor(home, "api-server-1");
        Map<String, String> env = Map.of("ARCA_HOME", home.toString());
        Path identityJson = MachineIdentity.defaultFile(home, identity.vaultId());

        // SikkerKey("vault_abc123"), with or without the vault_ prefix
        try (Arca arca = Arca.open(identity.vaultId(), env);
                Arca unprefixed = Arca.open(identity.vaultId().substring("vault_".length()), env)) {
            assertThat(arca.getSecret(stripeId)).isEqualTo("sk-live-1");
            assertThat(unprefixed.machineId()).isEqualTo(arca.machineId());
        }
        // SikkerKey("/etc/…/identity.json")
        try (Arca arca = Arca.open(identityJson)) {
            assertThat(arca.getSecret(stripeId)).isEqualTo("sk-live-1");
        }
        // SikkerKey(): the identity env var, then the single vault on disk
        try (Arca byEnv = Arca.open(null, Map.of("ARCA_IDENTITY", identityJson.toString()));
                Arca single = Arca.open(null, env)) {
            assertThat(byEnv.vaultId()).isEqualTo(identity.vaultId());
            assertThat(single.vaultId()).isEqualTo(identity.vaultId());
        }
        // SikkerKey.list_vaults()
        assertThat(Arca.vaultsUnder(home)).containsExactly(identity.vaultId());
        // ConfigurationError: no identity, or several and no choice
        assertThatThrownBy(() -> Arca.open(null, Map.of("ARCA_HOME", dir.resolve("empty").toString())))
                .isInstanceOf(ConfigurationException.class);
        assertThatThrownBy(() -> Arca.open("vault_nope", env)).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void machineInfo() {
        Path home = dir.resolve("info");
        MachineIdentity identity = enrolledFor(home, "api-server-2");
        try (Arca arca = Arca.open(identity.vaultId(), Map.of("ARCA_HOME", home.toString()))) {
            assertThat(arca.machineId()).isEqualTo(identity.machineId()).startsWith("mach_");
            assertThat(arca.machineName()).isEqualTo("api-server-2");
            assertThat(arca.vaultId()).startsWith("vault_");
            assertThat(arca.apiUrl().toString()).startsWith("http://");
        }
    }

    @Test
    void readingSecrets_singleValue_structured_andOneField() {
        try (Arca arca = machine("reader")) {
            // get_secret(secret_id) -> str
            assertThat(arca.getSecret(stripeId)).isEqualTo("sk-live-1");
            // get_fields(secret_id) -> dict[str, str]
            assertThat(arca.getFields(dbId)).containsExactlyInAnyOrderEntriesOf(
                    Map.of("host", "db.example.com", "password", "hunter2"));
            // get_field(secret_id, field) -> str
            assertThat(arca.getField(dbId, "password")).isEqualTo("hunter2");
            // FieldNotFoundError lists the available field names
            assertThatThrownBy(() -> arca.getField(dbId, "user")).isInstanceOf(FieldNotFoundException.class)
                    .hasMessageContaining("host").hasMessageContaining("password");
            // SecretStructureError: not a JSON object
            assertThatThrownBy(() -> arca.getFields(stripeId)).isInstanceOf(SecretStructureException.class);
        }
    }

    @Test
    void listingSecrets_all_andByProject() {
        try (Arca arca = machine("lister")) {
            // list_secrets(): every secret this machine can access, and nothing else
            List<SecretListItem> all = arca.listSecrets();
            assertThat(all).extracting(SecretListItem::id).containsExactlyInAnyOrder(stripeId, dbId);
            SecretListItem db = all.stream().filter(item -> item.id().equals(dbId)).findFirst().orElseThrow();
            assertThat(db.name()).isEqualTo("db");
            assertThat(db.projectId()).isEqualTo(appProjectId);
            assertThat(db.fieldNames()).containsExactlyInAnyOrder("host", "password");
            SecretListItem stripe = all.stream().filter(item -> item.id().equals(stripeId)).findFirst().orElseThrow();
            assertThat(stripe.fieldNames()).as("None for a single value").isNull();
            // list_secrets_by_project(project_id)
            assertThat(arca.listSecretsByProject(appProjectId)).extracting(SecretListItem::id)
                    .containsExactlyInAnyOrder(stripeId, dbId);
        }
    }

    @Test
    void export_allAndScopedToAProject_flattensStructuredSecrets() {
        try (Arca arca = machine("exporter")) {
            Map<String, String> expected = Map.of("STRIPE", "sk-live-1", "DB_HOST", "db.example.com",
                    "DB_PASSWORD", "hunter2");
            assertThat(arca.export()).containsExactlyInAnyOrderEntriesOf(expected);
            assertThat(arca.export(appProjectId)).containsExactlyInAnyOrderEntriesOf(expected);
        }
    }

    @Test
    void watch_deliversChangedWithTheNewValue_thenDeleted_andUnwatchStops() throws Exception {
        String path = "app/watched";
        String id = root.secrets().write(path, Map.of("username", "app", "password", "v1")).id();
        try (Arca arca = machine("watcher")) {
            BlockingQueue<WatchEvent> events = new LinkedBlockingQueue<>();
            arca.watch(id, events::add);
            // the stream opens on an SDK thread: write until the first change is heard, then check what it carried
            WatchEvent changed = null;
            String written = null;
            for (int attempt = 2; changed == null && attempt < 12; attempt++) {
                written = "v" + attempt;
                root.secrets().write(path, Map.of("username", "app", "password", written));
                changed = events.poll(2, TimeUnit.SECONDS);
            }
            assertThat(changed).as("a change heard within 20 s").isNotNull();
            assertThat(changed.status()).isEqualTo(WatchStatus.CHANGED);
            assertThat(changed.secretId()).isEqualTo(id);
            assertThat(changed.fields()).containsEntry("password", written).containsEntry("username", "app");

            root.secrets().delete(path);
            assertThat(next(events, WatchStatus.DELETED).secretId()).isEqualTo(id);

            arca.unwatch(id);
            // set_poll_interval: the server's minimum is 10 s
            assertThatThrownBy(() -> arca.setPollInterval(Duration.ofSeconds(5)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10");
            arca.setPollInterval(Duration.ofSeconds(30));
        }
    }

    @Test
    void errors_accessDenied_notFound_andAuthentication() {
        String path = "app/short-lived";
        String id = root.secrets().write(path, "soon gone").id();
        Path home = dir.resolve("errors");
        MachineIdentity identity = enrolledFor(home, "errors");
        try (Arca arca = Arca.open(identity.vaultId(), Map.of("ARCA_HOME", home.toString()))) {
            // AccessDeniedError: no grant (and an unknown id looks the same: no existence oracle)
            assertThatThrownBy(() -> arca.getSecret(otherId)).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> arca.getSecret("sk_nonexistent")).isInstanceOf(AccessDeniedException.class);
            // NotFoundError: a secret the machine may read that no longer exists
            root.secrets().delete(path);
            assertThatThrownBy(() -> arca.getSecret(id)).isInstanceOf(NotFoundException.class);
            // AuthenticationError: the machine is no longer known
            root.machines().revoke(identity.machineId());
            assertThatThrownBy(() -> arca.getSecret(stripeId)).isInstanceOf(AuthenticationException.class);
        }
    }

    @Test
    void serverless_bootstrapInMemory_readsWithoutWritingAnything() throws Exception {
        var token = root.machines().createEnrollmentToken(new EnrollmentToken.Create(true, "10m", 5, null, null,
                null, "worker-{uuid8}", List.of("app"), null, true));
        Path home = Files.createDirectories(dir.resolve("serverless-home"));
        Map<String, String> env = Map.of("ARCA_HOME", home.toString(), "HOSTNAME", "lambda-7");
        BootstrapOptions options = BootstrapOptions.builder().name("batch-runner")
                .apiUrl(server.localhostAddress()).build();
        try (Arca arca = Arca.bootstrapInMemory("default", token.token().reveal(), options, env)) {
            assertThat(arca.getSecret(stripeId)).isEqualTo("sk-live-1");
            // a name pattern on the token takes precedence over name
            assertThat(arca.machineName()).matches("worker-[0-9a-f]{8}");
        }
        try (Stream<Path> written = Files.list(home)) {
            assertThat(written).as("nothing written to disk").isEmpty();
        }
        // reading after the enrollment token is revoked still works: it only registers machines
        root.machines().revokeEnrollmentToken(token.id());
        assertThatThrownBy(() -> Arca.bootstrapInMemory("default", token.token().reveal(), options, env))
                .isInstanceOf(AuthenticationException.class);
    }

    private static Arca machine(String name) {
        Path home = dir.resolve("home-" + name);
        MachineIdentity identity = enrolledFor(home, name);
        return Arca.open(identity.vaultId(), Map.of("ARCA_HOME", home.toString()));
    }

    private static WatchEvent next(BlockingQueue<WatchEvent> events, WatchStatus status) throws InterruptedException {
        WatchEvent event = events.poll(20, TimeUnit.SECONDS);
        assertThat(event).as("a %s event within 20 s", status).isNotNull();
        assertThat(event.status()).as("event %s", event).isEqualTo(status);
        return event;
    }
}
