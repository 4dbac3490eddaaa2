package dev.arca.server.lease;

import dev.arca.server.storage.TestDatabases;
import org.junit.jupiter.api.Assumptions;

/** {@link LeaseIT} on PostgreSQL at 127.0.0.1:5432 (skipped loudly when it is not reachable). */
class LeasePostgresIT extends LeaseIT {
    @Override
    String storage() {
        var url = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(url.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        return url.get();
    }
}
