package dev.arca.bench.jmh;

import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import dev.arca.server.vaults.VaultService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/** A SQLite file in a temporary directory with an unsealed seal and one vault, as the server would have them. */
final class UnsealedDatabase implements AutoCloseable {
    final Database db;
    final SealService seal;
    final VaultService vaults;
    final String vaultId;
    private final Path dir;

    UnsealedDatabase() throws IOException {
        dir = Files.createTempDirectory("arca-jmh-");
        db = Database.open(StorageUrl.sqlite(dir.resolve("arca.db")));
        seal = new SealService(db, "jmh");
        seal.unsealWith(seal.init(1, 1).unsealKeys());
        vaults = new VaultService(db, seal, Clock.systemUTC());
        vaultId = vaults.create("bench").id();
    }

    @Override
    public void close() throws IOException {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
