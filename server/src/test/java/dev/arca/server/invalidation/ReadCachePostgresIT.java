package dev.arca.server.invalidation;

import dev.arca.server.storage.TestDatabases;
import org.junit.jupiter.api.Assumptions;

/** {@link ReadCacheIT} on PostgreSQL at 127.0.0.1:5432 (skipped, loudly, when none is reachable). */
class ReadCachePostgresIT extends ReadCacheIT {
    @Override
    String storage() {
        var url = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(url.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        return url.get();
    }
}
