package dev.arca.server.machine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.arca.api.EnrollmentToken;
import dev.arca.api.ErrorCode;
import dev.arca.api.Machine;
import dev.arca.api.SecretText;
import dev.arca.server.TestClock;
import dev.arca.server.auth.TokenService;
import dev.arca.server.error.ArcaException;
import dev.arca.server.policy.Grants;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.storage.TestDatabases;
import dev.arca.server.vaults.VaultService;
import dev.arca.server.storage.Paging;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Enrollment against both real databases (SQLite and PostgreSQL at 127.0.0.1:5432, skipped loudly when absent):
 * the V4 schema, the atomic last use under concurrent enrollments, the live-machine limit, and the grants made.
 */
class EnrollmentServiceIT {
    private static final String VAULT = "vault_it";

    @TempDir
    Path dir;
    Database db;
    TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    MachineService machines;
    List<String> granted = new CopyOnWriteArrayList<>();

    private EnrollmentService open(String backend, int machineLimit) {
        StorageUrl url;
        if (backend.equals("sqlite")) {
            url = StorageUrl.sqlite(dir.resolve("arca.db"));
        } else {
            Optional<String> postgres = TestDatabases.freshPostgres();
            Assumptions.assumeTrue(postgres.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
            url = StorageUrl.parse(postgres.get());
        }
        db = Database.open(url);
        db.write(h -> h.execute("INSERT INTO vaults (id, name, created_at) VALUES (?, 'default', 0)", VAULT));
        machines = new MachineService(db, new TokenService(db, clock), clock);
        Grants grants = new Grants() {
            @Override
            public void grantRead(String vaultId, String policy, java.util.List<String> paths, String subject) {
                granted.add(vaultId + " " + policy + " " + paths + " " + subject);
            }

            @Override
            public void forgetSubject(String vaultId, String subject) {
                granted.removeIf(grant -> grant.endsWith(" " + subject));
            }
        };
        return new EnrollmentService(db, new VaultService(db, new SealService(db, "test"), clock), machines, grants,
                clock, machineLimit);
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    private static EnrollmentToken.Create settings(Boolean ephemeral, Integer maxUses, List<String> projects,
            List<String> secrets) {
        return new EnrollmentToken.Create(ephemeral, null, maxUses, null, null, null, null, projects, secrets, null);
    }

    private Machine.Enrolled enroll(EnrollmentService enrollment, String token) {
        var request = new Machine.Enroll("default", SecretText.of(token), MachineKeys.generate().publicKeyBase64(),
                null, null);
        return db.inTransaction(() -> enrollment.enroll(request, "10.1.2.3").answer());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void concurrentEnrollments_takeExactlyMaxUses(String backend) throws Exception {
        EnrollmentService enrollment = open(backend, 100);
        String token = enrollment.create(VAULT, settings(null, 3, null, null)).token().reveal();
        int attempts = 12;
        var start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(attempts)) {
            for (int i = 0; i < attempts; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        return enroll(enrollment, token).status();
                    } catch (ArcaException e) {
                        return e.code().wire() + ": " + e.getMessage();
                    }
                }));
            }
            start.countDown();
        }
        List<String> answers = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
            answers.add(outcome.get());
        }
        assertThat(answers).filteredOn(a -> a.equals("pending")).hasSize(3);
        assertThat(answers).filteredOn(a -> !a.equals("pending"))
                .allMatch(a -> a.startsWith("unauthenticated: the enrollment token has been used its 3 times"));
        assertThat(machines.countLive(VAULT)).isEqualTo(3);
        assertThat(enrollment.list(VAULT, Paging.Query.first()).data().getFirst().uses()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void fullVault_is409_untilAnEphemeralMachineExpires(String backend) {
        EnrollmentService enrollment = open(backend, 2);
        String ephemeral = enrollment.create(VAULT, new EnrollmentToken.Create(true, "10m", null, null, null, null,
                null, null, null, null)).token().reveal();
        String persistent = enrollment.create(VAULT, settings(null, null, null, null)).token().reveal();
        enroll(enrollment, ephemeral);
        enroll(enrollment, persistent);
        assertThatThrownBy(() -> enroll(enrollment, persistent))
                .isInstanceOfSatisfying(ArcaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                .hasMessageContaining("the vault has its maximum of 2 live machines");
        assertThat(machines.countLive(VAULT)).isEqualTo(2);

        clock.advance(Duration.ofMinutes(10));
        assertThat(enroll(enrollment, persistent).status()).isEqualTo("pending");
        assertThat(new EphemeralMachineReaper(machines).reapNow()).isEqualTo(1);
        assertThat(machines.list(VAULT, Optional.of(MachineStatus.EXPIRED), Paging.Query.first()).data())
                .hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void projectsAndSecrets_becomeOneReadPolicyBoundToTheMachine(String backend) {
        EnrollmentService enrollment = open(backend, 100);
        String token = enrollment.create(VAULT, settings(null, null, List.of("app", "web"), List.of("ops/db")))
                .token().reveal();
        String id = enroll(enrollment, token).machineId();
        assertThat(granted).containsExactly(VAULT + " " + EnrollmentService.policyName(id)
                + " [app/**, web/**, ops/db] machine:" + id);
        assertThat(EnrollmentService.policyName(id)).matches("machine-[0-9a-f]{32}");

        String noGrants = enrollment.create(VAULT, settings(null, null, null, null)).token().reveal();
        enroll(enrollment, noGrants);
        assertThat(granted).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void refusedEnrollment_changesNothing(String backend) {
        EnrollmentService enrollment = open(backend, 100);
        String token = enrollment.create(VAULT, EnrollmentToken.Create.builder().maxUses(1)
                .cidrs(List.of("192.168.0.0/16")).projects(List.of("app")).build()).token().reveal();
        assertThatThrownBy(() -> enroll(enrollment, token))
                .isInstanceOfSatisfying(ArcaException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED));
        assertThat(machines.countLive(VAULT)).isZero();
        assertThat(granted).isEmpty();
        assertThat(enrollment.list(VAULT, Paging.Query.first()).data().getFirst().uses()).isZero();
    }

    private Machine.Enrolled enrollAs(EnrollmentService enrollment, String token, String name) {
        var request = new Machine.Enroll("default", SecretText.of(token), MachineKeys.generate().publicKeyBase64(),
                name, null);
        return db.inTransaction(() -> enrollment.enroll(request, "10.1.2.3").answer());
    }

    private List<String> race(int attempts, java.util.concurrent.Callable<String> enrollOnce) throws Exception {
        var start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        try (var pool = Executors.newFixedThreadPool(attempts)) {
            for (int i = 0; i < attempts; i++) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        return enrollOnce.call();
                    } catch (ArcaException e) {
                        return e.code().wire() + ": " + e.getMessage();
                    }
                }));
            }
            start.countDown();
        }
        List<String> answers = new ArrayList<>();
        for (Future<String> outcome : outcomes) {
            answers.add(outcome.get());
        }
        return answers;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void racingEnrollments_askingOneName_onlyOneGetsIt_andTheOthersSpendNoUse(String backend) throws Exception {
        EnrollmentService enrollment = open(backend, 100);
        String token = enrollment.create(VAULT, settings(null, null, null, null)).token().reveal();
        List<String> answers = race(12, () -> enrollAs(enrollment, token, "web-1").machineName());
        assertThat(answers).filteredOn(a -> a.equals("web-1")).hasSize(1);
        assertThat(answers).filteredOn(a -> !a.equals("web-1")).hasSize(11).allMatch(a -> a.equals("conflict: a "
                + "pending or active machine in this vault is already named 'web-1' (names are unique per vault, "
                + "ignoring case): enroll with another name, or revoke or reject that machine first"));
        assertThat(machines.countLive(VAULT)).isEqualTo(1);
        assertThat(enrollment.list(VAULT, Paging.Query.first()).data().getFirst().uses()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void racingEnrollments_withAFixedNamePattern_onlyOneGetsTheName(String backend) throws Exception {
        EnrollmentService enrollment = open(backend, 100);
        String token = enrollment.create(VAULT, EnrollmentToken.Create.builder().namePattern("runner")
                .build()).token().reveal();
        List<String> answers = race(12, () -> enrollAs(enrollment, token, null).machineName());
        assertThat(answers).filteredOn(a -> a.equals("runner")).hasSize(1);
        assertThat(answers).filteredOn(a -> !a.equals("runner")).hasSize(11)
                .allMatch(a -> a.startsWith("conflict: this enrollment token's name_pattern runner gave 'runner'"));
        assertThat(machines.list(VAULT, Optional.empty(), Paging.Query.first()).data())
                .extracting(Machine::name).containsExactly("runner");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void impostor_cannotTakeAnApprovedMachinesName_inAnyCase(String backend) {
        EnrollmentService enrollment = open(backend, 100);
        String token = enrollment.create(VAULT, settings(null, null, null, null)).token().reveal();
        String real = enrollAs(enrollment, token, "web-1").machineId();
        machines.approve(VAULT, real);
        for (String name : List.of("web-1", "WEB-1", "Web-1")) {
            assertThatThrownBy(() -> enrollAs(enrollment, token, name))
                    .isInstanceOfSatisfying(ArcaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT))
                    .hasMessageContaining("already named '" + name + "'");
        }
        assertThat(machines.list(VAULT, Optional.empty(), Paging.Query.first()).data())
                .extracting(Machine::id).containsExactly(real);
        assertThat(enrollment.list(VAULT, Paging.Query.first()).data().getFirst().uses()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void revokedOrRejectedMachinesName_isFreeForTheOneReplacingIt(String backend) {
        EnrollmentService enrollment = open(backend, 100);
        String token = enrollment.create(VAULT, settings(null, null, null, null)).token().reveal();
        machines.revoke(VAULT, enrollAs(enrollment, token, "web-1").machineId());
        machines.reject(VAULT, enrollAs(enrollment, token, "web-1").machineId());
        assertThat(enrollAs(enrollment, token, "web-1").machineName()).isEqualTo("web-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgres"})
    void migrationV11_renamesNamesAlreadyShared_keepingTheActiveMachines(String backend) {
        StorageUrl url;
        if (backend.equals("sqlite")) {
            url = StorageUrl.sqlite(dir.resolve("old.db"));
        } else {
            Optional<String> postgres = TestDatabases.freshPostgres();
            Assumptions.assumeTrue(postgres.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
            url = StorageUrl.parse(postgres.get());
        }
        boolean sqlite = url.kind() == StorageUrl.Kind.SQLITE;
        var dataSource = new com.zaxxer.hikari.HikariDataSource();
        dataSource.setJdbcUrl(url.jdbcUrl());
        url.user().ifPresent(dataSource::setUsername);
        url.password().ifPresent(dataSource::setPassword);
        try (dataSource) {
            org.flywaydb.core.Flyway.configure().dataSource(dataSource).locations("classpath:db/migration")
                    .placeholders(sqlite ? java.util.Map.of("bytes", "BLOB", "binary", "BINARY")
                            : java.util.Map.of("bytes", "BYTEA", "binary", "\"C\""))
                    .target("8").load().migrate();
            var jdbi = org.jdbi.v3.core.Jdbi.create(dataSource);
            jdbi.useHandle(h -> {
                h.execute("INSERT INTO vaults (id, name, created_at) VALUES (?, 'default', 0)", VAULT);
                String insert = "INSERT INTO machines (id, vault_id, name, public_key, status, ephemeral, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, 0, ?)";
                h.execute(insert, "mach_AAAAAAAApending", VAULT, "web-1", new byte[32], "pending", 1);
                h.execute(insert, "mach_BBBBBBBBactive1", VAULT, "WEB-1", new byte[32], "active", 2);
                h.execute(insert, "mach_CCCCCCCCrevoked", VAULT, "web-1", new byte[32], "revoked", 0);
                h.execute(insert, "mach_DDDDDDDDpending", VAULT, "db", new byte[32], "pending", 3);
                h.execute(insert, "mach_EEEEEEEEpending", VAULT, "db", new byte[32], "pending", 4);
            });
        }
        db = Database.open(url);
        var names = db.read(h -> h.createQuery("SELECT id, name FROM machines ORDER BY id")
                .map((rs, ctx) -> rs.getString("id") + "=" + rs.getString("name")).list());
        assertThat(names).containsExactly("mach_AAAAAAAApending=web-1-Apending", "mach_BBBBBBBBactive1=WEB-1",
                "mach_CCCCCCCCrevoked=web-1", "mach_DDDDDDDDpending=db", "mach_EEEEEEEEpending=db-Epending");
    }
}
