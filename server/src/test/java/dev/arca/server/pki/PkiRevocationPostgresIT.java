package dev.arca.server.pki;

import dev.arca.server.storage.TestDatabases;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Every revocation, CRL and OCSP test of {@link PkiRevocationIT} on PostgreSQL (127.0.0.1:5432; skipped loudly when
 * absent, failing with {@code ARCA_REQUIRE_POSTGRES=1}), where CRL builds run under an advisory lock.
 */
class PkiRevocationPostgresIT extends PkiRevocationIT {
    @Override
    String storage() {
        Optional<String> postgres = TestDatabases.freshPostgres();
        Assumptions.assumeTrue(postgres.isPresent(), "PostgreSQL on 127.0.0.1:5432 is not reachable: skipping");
        return postgres.get();
    }
}
