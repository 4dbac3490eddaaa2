package dev.arca.server.pki;

import dev.arca.server.jobs.PeriodicJob;
import java.time.Duration;

/**
 * The CRL job: every {@link #INTERVAL}, the full and delta CRLs that are due built ({@link CrlService#rebuildDue}).
 * With several nodes on PostgreSQL each build takes the CRL advisory lock and decides again under it, so a CRL is
 * built once whichever nodes run the round.
 */
final class CrlJob {
    static final Duration INTERVAL = Duration.ofSeconds(60);

    private CrlJob() {}

    static PeriodicJob of(CrlService crls) {
        return new PeriodicJob("arca-pki-crl", INTERVAL, crls::rebuildDue);
    }
}
