package dev.arca.server.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.storage.TestDatabases;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Database#inReadSnapshot} on both backends: a write commits while the snapshot is open (on SQLite the reader
 * takes no writer lock, so the writer is not kept waiting into {@code SQLITE_BUSY}), and the snapshot does not see it.
 */
class ReadSnapshotIT {
    @TempDir
    Path dir;

    @Test
    void sqlite_writesCommitDuringTheSnapshot_whichDoesNotSeeThem() throws Exception {
        check(StorageUrl.sqlite(dir.resolve("arca.db")));
    }

    @Test
    void postgresql_writesCommitDuringTheSnapshot_whichDoesNotSeeThem() throws Exception {
        var url = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(url.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        check(StorageUrl.parse(url.get()));
    }

    private static void check(StorageUrl url) throws Exception {
        try (Database db = Database.open(url)) {
            long during = db.inReadSnapshot(() -> {
                long before = count(db);
                // another thread, another connection: it commits while this read transaction stays open
                CompletableFuture.runAsync(() -> db.write(h -> h.createUpdate(
                        "INSERT INTO acme_nonces (nonce, expires_at) VALUES ('n1', 1)").execute())).get();
                assertThat(before).isZero();
                return count(db);
            });
            assertThat(during).as("the snapshot keeps the state it began with").isZero();
            assertThat(count(db)).as("the write committed").isEqualTo(1);
        }
    }

    private static long count(Database db) {
        return db.read(h -> h.createQuery("SELECT COUNT(*) FROM acme_nonces").mapTo(Long.class).one());
    }
}
