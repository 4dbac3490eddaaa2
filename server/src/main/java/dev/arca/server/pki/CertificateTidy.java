package dev.arca.server.pki;

import dev.arca.api.Pki;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code POST …/pki/tidy}: forgets the certificates and revocation entries of a vault that expired more than a
 * safety buffer ago (default 72h), so the table and the CRLs stop growing with certificates nobody can use
 * (vault#21042). Revocation entries removed leave the CRLs at once: the vault's full CRLs are rebuilt then. Tidy runs
 * only when asked; there is no automatic tidy.
 */
final class CertificateTidy {
    static final Duration DEFAULT_SAFETY_BUFFER = Duration.ofDays(3);

    private final IssuerService issuers;
    private final RevocationStore revocations;
    private final CrlService crls;
    private final Clock clock;

    CertificateTidy(Database db, IssuerService issuers, CrlService crls, Clock clock) {
        this.issuers = issuers;
        this.revocations = new RevocationStore(db);
        this.crls = crls;
        this.clock = clock;
    }

    Pki.Tidied tidy(String vaultRef, Pki.Tidy request) {
        String vaultId = issuers.vaultId(vaultRef);
        Duration buffer = request.safetyBuffer() == null ? DEFAULT_SAFETY_BUFFER
                : IssuerService.duration("safety_buffer", request.safetyBuffer());
        Instant before = clock.instant().minus(buffer);
        int certificates = Boolean.FALSE.equals(request.certificates()) ? 0
                : revocations.deleteExpired(vaultId, before, false);
        int revoked = Boolean.FALSE.equals(request.revokedCertificates()) ? 0
                : revocations.deleteExpired(vaultId, before, true);
        if (revoked > 0) {
            crls.rotate(vaultRef);
        }
        return new Pki.Tidied(certificates, revoked);
    }
}
