package dev.arca.server.machine;

import dev.arca.server.TestClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.auth.TokenService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.storage.Paging;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reaper's rounds on a real SQLite file: it marks expired ephemeral machines, and a failed round is not its end. */
class EphemeralMachineReaperTest {
    private static final String VAULT = "vault_reaper";

    @TempDir
    Path dir;
    Database db;
    TestClock clock = new TestClock(Instant.parse("2030-01-01T00:00:00Z"));
    MachineService machines;

    @BeforeEach
    void open() {
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        db.write(h -> h.execute("INSERT INTO vaults (id, name, created_at) VALUES (?, 'default', 0)", VAULT));
        machines = new MachineService(db, new TokenService(db, clock), clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void insert(String id, boolean ephemeral, Instant expiresAt) {
        assertThat(machines.insertUnlessNameTaken(new MachineStore.Row(id, VAULT, id,
                MachineKeys.generate().rawPublicKey(), MachineStatus.ACTIVE, ephemeral, null, clock.instant(), expiresAt,
                clock.instant(), null))).isTrue();
    }

    private String status(String id) {
        return machines.list(VAULT, Optional.empty(), Paging.Query.first()).data().stream()
                .filter(m -> m.id().equals(id)).findFirst().orElseThrow().status();
    }

    @Test
    void reapNow_marksOnlyEphemeralMachinesPastTheirLifetime() {
        insert("mach_old", true, clock.instant().plusSeconds(60));
        insert("mach_young", true, clock.instant().plusSeconds(600));
        insert("mach_persistent", false, null);
        clock.advance(Duration.ofSeconds(60));
        var reaper = new EphemeralMachineReaper(machines);
        assertThat(reaper.reapNow()).isEqualTo(1);
        assertThat(reaper.reapNow()).isZero();
        assertThat(status("mach_old")).isEqualTo("expired");
        assertThat(status("mach_young")).isEqualTo("active");
        assertThat(status("mach_persistent")).isEqualTo("active");
    }

    @Test
    void backgroundRounds_carryOnAfterAFailedRound() throws InterruptedException {
        insert("mach_a", true, clock.instant().plusSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        db.write(h -> h.execute("ALTER TABLE machines RENAME TO machines_away"));
        var reaper = new EphemeralMachineReaper(machines, Duration.ofMillis(20)).start();
        try {
            Thread.sleep(200);
            db.write(h -> h.execute("ALTER TABLE machines_away RENAME TO machines"));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!status("mach_a").equals("expired") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } finally {
            reaper.close();
        }
        assertThat(status("mach_a")).isEqualTo("expired");
    }
}
