package dev.arca.server.user;

import dev.arca.server.storage.TestDatabases;
import org.junit.jupiter.api.Assumptions;

/** {@link UserApiIT} on PostgreSQL at 127.0.0.1:5432; skipped, loudly, when none is reachable (outside CI). */
class UserApiPostgresIT extends UserApiIT {
    @Override
    String storage() {
        var url = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(url.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        return url.get();
    }
}
