package dev.arca.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.arca.api.DatabaseSecrets;
import dev.arca.api.EnrollmentToken;
import dev.arca.api.Rotation;
import dev.arca.api.Secret;
import dev.arca.api.SecretMetadata;
import dev.arca.api.SecretText;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotation policies through the SDK only ({@link ArcaClient#rotation()} to configure and run them, {@link Arca#watch}
 * to hear them), against a real server and the real MariaDB on this machine (skipped loudly when unreachable,
 * failing with {@code ARCA_REQUIRE_MARIADB=1}). MariaDB checks passwords, so a login proves which one the user has:
 * the rotated one logs in, the one it replaced is refused. Runs on Java 17.
 */
class RotationSdkIT {
    private static final String DB_POLICY = "db-hourly";
    private static final String TOKEN_POLICY = "tokens-hourly";
    private static final String TOKEN_TAG = "rotate-hourly";
    /** How long one run may take; a healthy local run takes well under a second. */
    private static final Duration RUN_DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private RealArca server;
    private ArcaClient root;
    private @Nullable String mariadbUser;

    @BeforeEach
    void start() {
        server = RealArca.start(dir.resolve("server"));
        root = server.root();
    }

    @AfterEach
    void stop() throws SQLException {
        root.close();
        server.close();
        if (mariadbUser != null) {
            mariadbRoot("DROP USER IF EXISTS '" + mariadbUser + "'@'%'");
        }
    }

    @Test
    void databasePolicy_rotatesTheUsersPassword_theWatcherHearsIt_andRefusalsNameWhatIsWrong() throws Exception {
        require("MARIADB", 3306);
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String user = "arca_sdk_rot_" + suffix;
        String oldPassword = "old-" + suffix;
        mariadbUser = user;
        mariadbRoot("DROP USER IF EXISTS '" + user + "'@'%'");
        mariadbRoot("CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + oldPassword + "'");
        mariadbLogIn(user, oldPassword).close();

        root.projects().create("app");
        root.database().putConnection("maria", DatabaseSecrets.ConnectionWrite.builder("mysql",
                "mysql://127.0.0.1:3306", "root").password(SecretText.of("")).build());
        String dbId = root.secrets().write("app/db", Map.of("username", user, "password", oldPassword)).id();
        Secret.Written token = root.secrets().write("app/token", Secret.Put.value("token-1")
                .tags(List.of(TOKEN_TAG)).build());

        RotationOperations rotation = root.rotation();
        Rotation.Policy dbPolicy = rotation.putPolicy(DB_POLICY, Rotation.PolicyWrite.every(Duration.ofHours(1))
                .grace(Duration.ofHours(1)).warnBefore(Duration.ofMinutes(10))
                .database(Rotation.Database.of("maria")).build());
        assertThat(dbPolicy.kind()).isEqualTo(Rotation.DATABASE);
        assertThat(dbPolicy.interval()).isEqualTo("1h");
        assertThat(dbPolicy.warnBefore()).containsExactly("10m");
        assertThat(dbPolicy.database()).isNotNull();
        assertThat(dbPolicy.database().connection()).isEqualTo("maria");
        Rotation.Assignment assigned = rotation.assign(DB_POLICY, Rotation.Assign.secret("app/db"));
        assertThat(assigned.type()).isEqualTo("secret");
        assertThat(assigned.target()).isEqualTo(dbId);
        assertThat(assigned.path()).isEqualTo("app/db");

        rotation.putPolicy(TOKEN_POLICY, Rotation.PolicyWrite.every(Duration.ofHours(1)).generate(null).build());
        assertThat(rotation.assign(TOKEN_POLICY, Rotation.Assign.tag(TOKEN_TAG)).type()).isEqualTo("tag");
        assertThat(rotation.policy(TOKEN_POLICY).secrets()).as("the tag covers app/token").isEqualTo(1);

        // both first rotate one period after their assignment: due within 2 h, not within 30 min, neither overdue
        List<Rotation.Due> due = rotation.due(Duration.ofHours(2)).data();
        assertThat(due).extracting(Rotation.Due::path, Rotation.Due::policy, Rotation.Due::overdue)
                .containsExactlyInAnyOrder(tuple("app/db", DB_POLICY, false), tuple("app/token", TOKEN_POLICY, false));
        assertThat(rotation.due(Duration.ofMinutes(30)).data()).isEmpty();
        Rotation.Due dbDue = due.stream().filter(d -> d.path().equals("app/db")).findFirst().orElseThrow();
        SecretMetadata metadata = root.secrets().metadata("app/db");
        assertThat(metadata.rotation()).as("the metadata shows the rotation state").isNotNull();
        assertThat(metadata.rotation().policy()).isEqualTo(DB_POLICY);
        assertThat(metadata.rotation().nextRotationAt()).isEqualTo(dbDue.nextRotationAt());
        assertThat(root.secrets().metadata("app/token").rotation()).isNotNull()
                .extracting(Rotation.State::policy).isEqualTo(TOKEN_POLICY);

        try (Arca machine = watcher()) {
            BlockingQueue<WatchEvent> dbEvents = new LinkedBlockingQueue<>();
            BlockingQueue<WatchEvent> tokenEvents = new LinkedBlockingQueue<>();
            machine.watch(dbId, dbEvents::add);
            machine.watch(token.id(), tokenEvents::add);
            streamIsOpen(tokenEvents);

            Rotation.Triggered triggered = rotation.trigger(DB_POLICY, Rotation.Trigger.all());
            assertThat(triggered.runs()).extracting(Rotation.Run::path, Rotation.Run::policy)
                    .containsExactly(tuple("app/db", DB_POLICY));
            Rotation.Run run = rotation.awaitRun(triggered.runs().get(0).id(), RUN_DEADLINE);
            assertThat(run.status()).as("run error: %s", run.error()).isEqualTo(Rotation.FINISHED);
            assertThat(run.version()).isEqualTo(2);
            assertThat(run.secretId()).isEqualTo(dbId);

            WatchEvent rotated = dbEvents.poll(20, TimeUnit.SECONDS);
            assertThat(rotated).as("an event for app/db within 20 s").isNotNull();
            assertThat(rotated.status()).isEqualTo(WatchStatus.ROTATED);
            assertThat(rotated.isNewValue()).isTrue();
            assertThat(rotated.secretId()).isEqualTo(dbId);
            assertThat(rotated.rotation()).isNotNull();
            assertThat(rotated.rotation().policy()).isEqualTo(DB_POLICY);
            assertThat(rotated.rotation().runId()).isEqualTo(run.id());
            assertThat(rotated.toString()).doesNotContain(oldPassword);
            Map<String, String> current = machine.getFields("app/db");
            String newPassword = current.get("password");
            assertThat(newPassword).isNotEqualTo(oldPassword).matches("[A-Za-z0-9_.~-]{24}");
            assertThat(current).containsEntry("username", user);
            assertThat(rotated.fields()).as("the event carries the new version's fields")
                    .containsExactlyInAnyOrderEntriesOf(current);
            assertThat(root.secrets().read("app/db", SecretOperations.PREVIOUS).fields().get("password").reveal())
                    .as("the grace keeps the replaced version readable").isEqualTo(oldPassword);

            try (Connection session = mariadbLogIn(user, newPassword);
                    ResultSet who = session.createStatement().executeQuery("SELECT CURRENT_USER()")) {
                assertThat(who.next()).isTrue();
                assertThat(who.getString(1)).startsWith(user + "@");
            }
            assertThatThrownBy(() -> mariadbLogIn(user, oldPassword)).as("the old password no longer logs in")
                    .isInstanceOf(SQLException.class).hasMessageContaining("Access denied");

            List<Rotation.Run> history = rotation.history(RotationRunQuery.all().policy(DB_POLICY)).data();
            assertThat(history).extracting(Rotation.Run::id, Rotation.Run::status, Rotation.Run::trigger,
                    Rotation.Run::version).containsExactly(tuple(run.id(), Rotation.FINISHED, "trigger", 2));

            Rotation.Triggered tokenTriggered = rotation.trigger(TOKEN_POLICY,
                    Rotation.Trigger.only(List.of("app/token")));
            assertThat(tokenTriggered.runs()).extracting(Rotation.Run::path).containsExactly("app/token");
            Rotation.Run tokenRun = rotation.awaitRun(tokenTriggered.runs().get(0).id(), RUN_DEADLINE);
            assertThat(tokenRun.status()).as("run error: %s", tokenRun.error()).isEqualTo(Rotation.FINISHED);
            WatchEvent tokenRotated = next(tokenEvents, WatchStatus.ROTATED);
            assertThat(tokenRotated.rotation()).isNotNull();
            assertThat(tokenRotated.rotation().policy()).isEqualTo(TOKEN_POLICY);
            assertThat(tokenRotated.value()).isEqualTo(machine.getSecret("app/token")).doesNotStartWith("token-");
        }

        assertThatThrownBy(() -> rotation.putPolicy("too-often", Rotation.PolicyWrite.every(Duration.ofSeconds(1))
                .build())).isInstanceOfSatisfying(ValidationException.class,
                        refused -> assertThat(refused.field()).isEqualTo("interval"))
                .hasMessageContaining("interval");
        assertThatThrownBy(() -> rotation.policy("too-often")).as("nothing was stored")
                .isInstanceOf(NotFoundException.class);

        rotation.putPolicy("pushed", Rotation.PolicyWrite.every(Duration.ofDays(30)).push().build());
        assertThatThrownBy(() -> rotation.trigger("pushed", Rotation.Trigger.all()))
                .as("a push policy's values come from callers").isInstanceOf(ConflictException.class)
                .hasMessageContaining("pushed");

        assertThatThrownBy(() -> rotation.assign(TOKEN_POLICY, Rotation.Assign.secret("app/db")))
                .isInstanceOf(ConflictException.class).hasMessageContaining(DB_POLICY);
        assertThat(rotation.policy(TOKEN_POLICY).secrets()).as("the refused assignment changed nothing").isEqualTo(1);
        assertThat(root.secrets().metadata("app/db").rotation().policy()).isEqualTo(DB_POLICY);
    }

    /** A machine enrolled for the project {@code app} with an in-memory key: it may read, and so watch, its secrets. */
    private Arca watcher() {
        EnrollmentToken.Created token = root.machines().createEnrollmentToken(EnrollmentToken.Create.builder()
                .ephemeral().maxUses(1).projects(List.of("app")).autoApprove(true).build());
        return Arca.bootstrapInMemory("default", token.token().reveal(), BootstrapOptions.builder()
                .apiUrl(server.address()).name("rotation-watcher").build());
    }

    /**
     * Waits until the watch stream (opened on an SDK thread) is open: writes app/token until its change is heard, so
     * no rotation event after this can be missed.
     */
    private void streamIsOpen(BlockingQueue<WatchEvent> tokenEvents) throws InterruptedException {
        WatchEvent changed = null;
        for (int attempt = 2; changed == null && attempt < 12; attempt++) {
            root.secrets().write("app/token", "token-" + attempt);
            changed = tokenEvents.poll(2, TimeUnit.SECONDS);
        }
        assertThat(changed).as("a change of app/token heard within 20 s").isNotNull();
        assertThat(changed.status()).isEqualTo(WatchStatus.CHANGED);
        // a write heard late may still be queued behind the first: drain so the next event is a rotation's
        while (tokenEvents.poll(500, TimeUnit.MILLISECONDS) != null) {
            // only changes of the probing writes can be queued here
        }
    }

    private static WatchEvent next(BlockingQueue<WatchEvent> events, WatchStatus status) throws InterruptedException {
        WatchEvent event = events.poll(20, TimeUnit.SECONDS);
        assertThat(event).as("a %s event within 20 s", status).isNotNull();
        assertThat(event.status()).isEqualTo(status);
        return event;
    }

    private static void mariadbRoot(String statement) throws SQLException {
        try (Connection session = mariadbLogIn("root", "")) {
            session.createStatement().execute(statement);
        }
    }

    private static Connection mariadbLogIn(String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/?sslMode=disable", user, password);
    }

    /** Skips loudly when the server is not listening; fails instead with {@code ARCA_REQUIRE_<name>=1}. */
    private static void require(String name, int port) {
        boolean up;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            up = true;
        } catch (java.io.IOException e) {
            up = false;
        }
        if (!up && "1".equals(System.getenv("ARCA_REQUIRE_" + name))) {
            throw new IllegalStateException(name + " on 127.0.0.1:" + port + " is required (ARCA_REQUIRE_" + name
                    + "=1) but not reachable");
        }
        Assumptions.assumeTrue(up, name + " on 127.0.0.1:" + port + " is not reachable: skipping");
    }
}
