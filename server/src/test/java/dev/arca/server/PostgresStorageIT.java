package dev.arca.server;

import dev.arca.server.storage.TestDatabases;
import org.junit.jupiter.api.Assumptions;

/**
 * The storage contract on PostgreSQL at 127.0.0.1:5432, each test in a database of its own. Skipped, loudly,
 * when no PostgreSQL is reachable; CI sets ARCA_REQUIRE_POSTGRES=1 so that it fails instead of skipping.
 */
class PostgresStorageIT extends StorageContract {
    @Override
    String freshStorage() {
        var url = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(url.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        return url.get();
    }
}
