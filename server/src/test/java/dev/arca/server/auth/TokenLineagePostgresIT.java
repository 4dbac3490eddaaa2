package dev.arca.server.auth;

import dev.arca.server.storage.TestDatabases;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/** {@link TokenLineageIT} on PostgreSQL at 127.0.0.1:5432; skipped, loudly, when none is reachable (outside CI). */
class TokenLineagePostgresIT extends TokenLineageIT {
    @Override
    Map<String, String> storage() {
        var url = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(url.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        return Map.of("storage", url.get());
    }
}
