package dev.arca.server.acme;

import dev.arca.server.storage.Database;
import dev.arca.server.storage.Ids;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.RenewalInfo;
import org.shredzone.acme4j.exception.AcmeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts orders for managed certificates, on request and when an auto-renewed one is due; after a failed order
 * schedules the next attempt (backoff, never giving up while auto-renew is on).
 */
final class Renewals {
    private static final Logger LOG = LoggerFactory.getLogger(Renewals.class);
    private static final int BATCH = 16;

    private final Database db;
    private final CertificateStore certificates;
    private final OrderStore orders;
    private final RenewalSchedule schedule;
    private final Clock clock;

    Renewals(Database db, RenewalSchedule schedule, Clock clock) {
        this.db = db;
        this.certificates = new CertificateStore(db);
        this.orders = new OrderStore(db);
        this.schedule = schedule;
        this.clock = clock;
    }

    /** A new order for {@code certificate}, due at once (inside the caller's transaction, if any). */
    OrderStore.Row start(CertificateStore.Row certificate, boolean renewal) {
        String id = Ids.newId("acmeord_");
        Instant now = clock.instant();
        orders.insert(id, certificate.vaultId(), certificate.id(), certificate.request(), renewal, now);
        certificates.lastOrder(certificate.id(), id);
        return orders.byId(id).orElseThrow();
    }

    /** Starts a renewal order for each auto-renewed certificate that is due and has none open. */
    void startDue() {
        for (CertificateStore.Row due : certificates.due(clock.instant(), BATCH)) {
            Instant renewAt = due.renewAt();
            if (renewAt == null || orders.openFor(due.id()).isPresent()) {
                continue;
            }
            db.inTransaction(() -> {
                if (certificates.claimRenewal(due.id(), renewAt)) {
                    start(due, due.serial() != null);
                }
                return null;
            });
        }
    }

    /** An order of {@code certificateId} failed: the next attempt, with backoff, while auto-renew is on. */
    void failed(String certificateId) {
        certificates.byId(certificateId).ifPresent(certificate -> {
            Duration lifetime = certificate.notBefore() == null || certificate.notAfter() == null ? null
                    : Duration.between(certificate.notBefore(), certificate.notAfter());
            Instant retry = certificate.autoRenew()
                    ? schedule.retryAt(clock.instant(), certificate.renewAttempts() + 1, lifetime, null) : null;
            certificates.failed(certificateId, retry);
        });
    }

    /** The CA's suggested renewal window (ACME renewal information), when its directory offers it. */
    Optional<RenewalSchedule.Window> suggestedWindow(Certificate certificate) {
        try {
            if (!certificate.hasRenewalInfo()) {
                return Optional.empty();
            }
            RenewalInfo info = certificate.getRenewalInfo();
            info.fetch();
            return Optional.of(new RenewalSchedule.Window(info.getSuggestedWindowStart(),
                    info.getSuggestedWindowEnd()));
        } catch (AcmeException | RuntimeException e) {
            LOG.info("no renewal information from the CA for certificate {} ({}); renewing at two thirds",
                    CertificateSecret.serial(certificate.getCertificate()), e.getMessage());
            return Optional.empty();
        }
    }
}
