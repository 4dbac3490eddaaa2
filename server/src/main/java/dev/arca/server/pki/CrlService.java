package dev.arca.server.pki;

import dev.arca.api.Durations;
import dev.arca.api.ErrorCode;
import dev.arca.api.Pki;
import dev.arca.server.error.ArcaException;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.StorageUrl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CRLs of every issuer with a key: a full CRL of all its revoked certificates, and a delta CRL of those revoked
 * since that full CRL was built (RFC 5280 §5.2.4), both kept in {@code pki_crls}. A revocation never builds a CRL:
 * {@link #rebuildDue} (the CRL job) builds a full CRL shortly before the stored one's nextUpdate, and a delta CRL
 * every delta interval when revocations are missing from it; {@link #rotate} builds full CRLs on request, and
 * {@link #served} builds the first one when a CRL is asked for before any was built.
 *
 * <p>Guarantees: full and delta CRLs of an issuer share one increasing number sequence; a stored CRL is never
 * replaced by one with a lower number; builds never run two at a time, each in one transaction: on PostgreSQL under
 * a transaction-scoped advisory lock (so with several nodes one builds), on SQLite under its one writer lock (a
 * full build of 100,000 entries holds it about a second, every {@code expiry - grace}; deltas are small).
 */
final class CrlService {
    /** How long before a CRL's nextUpdate it is rebuilt: OpenBao's auto-rebuild grace period, at most half the expiry. */
    static final Duration GRACE = Duration.ofHours(12);
    /**
     * How far back of its base a delta CRL reaches: a revocation timestamped just before a CRL was read but
     * committed just after is still in the next delta (an entry also on the base is harmless).
     */
    static final Duration OVERLAP = Duration.ofMinutes(1);
    private static final Duration MIN_PERIOD = Duration.ofMinutes(1);
    private static final long BUILD_LOCK = 0x61726361_706b6963L; // "arcapkic": one key for every issuer's builds
    private static final Logger LOG = LoggerFactory.getLogger(CrlService.class);

    private final Database db;
    private final IssuerService issuers;
    private final IssuerStore issuerRows;
    private final CrlStore crls;
    private final RevocationStore revocations;
    private final PkiConfigStore config;
    private final SealService seal;
    private final Clock clock;

    CrlService(Database db, IssuerService issuers, SealService seal, Clock clock) {
        this.db = db;
        this.issuers = issuers;
        this.seal = seal;
        this.issuerRows = new IssuerStore(db);
        this.crls = new CrlStore(db);
        this.revocations = new RevocationStore(db);
        this.config = new PkiConfigStore(db);
        this.clock = clock;
    }

    /** How a vault's CRLs are built, parsed. */
    record Settings(Duration expiry, Duration deltaInterval, boolean disabled) {
        static Settings of(Pki.CrlConfig config) {
            return new Settings(Durations.parse(config.expiry()), Durations.parse(config.deltaInterval()),
                    config.disabled());
        }

        Duration grace() {
            return GRACE.compareTo(expiry.dividedBy(2)) < 0 ? GRACE : expiry.dividedBy(2);
        }
    }

    /** {@code GET …/pki/config/crl}. */
    Pki.CrlConfig config(String vaultRef) {
        return config.crl(issuers.vaultId(vaultRef));
    }

    /**
     * {@code PUT …/pki/config/crl}: a part left out keeps its value. The expiry and the delta interval are at least
     * a minute, the delta interval shorter than the expiry. Stored CRLs keep their nextUpdate; the job rebuilds
     * them under the new settings when due (at once when the new expiry is shorter).
     */
    Pki.CrlConfig configure(String vaultRef, Pki.CrlConfigWrite write) {
        String vaultId = issuers.vaultId(vaultRef);
        Settings current = settings(vaultId);
        Duration expiry = write.expiry() == null ? current.expiry() : IssuerService.duration("expiry", write.expiry());
        Duration delta = write.deltaInterval() == null ? current.deltaInterval()
                : IssuerService.duration("delta_interval", write.deltaInterval());
        if (expiry.compareTo(MIN_PERIOD) < 0) {
            throw ArcaException.invalid("expiry", "expiry must be at least 1m");
        }
        if (delta.compareTo(MIN_PERIOD) < 0 || delta.compareTo(expiry) >= 0) {
            throw ArcaException.invalid("delta_interval", "delta_interval must be at least 1m and shorter than "
                    + "expiry (" + Durations.format(expiry) + ")");
        }
        config.writeCrl(vaultId, expiry, delta, write.disabled() == null ? current.disabled() : write.disabled());
        return config.crl(vaultId);
    }

    /** {@code POST …/pki/crl/rotate}: a full CRL (and its delta) of every issuer of the vault that has a key. */
    List<Pki.CrlBuilt> rotate(String vaultRef) {
        String vaultId = issuers.vaultId(vaultRef);
        var built = new ArrayList<Pki.CrlBuilt>();
        for (IssuerRow row : issuerRows.list(vaultId)) {
            if (row.active() && row.hasKey()) {
                built.addAll(exclusively(() -> buildFull(row)));
            }
        }
        return built;
    }

    /**
     * The DER of an issuer's latest full or delta CRL. When none was built yet, it is built now, unless sealed
     * (503 saying so: there is no key to sign with).
     */
    byte[] served(IssuerRow row, boolean delta) {
        if (!row.hasKey()) {
            throw ArcaException.notFound("issuer " + row.name() + " was imported without its key: Arca publishes no "
                    + "CRL for it");
        }
        Optional<byte[]> stored = crls.der(row.id(), delta);
        if (stored.isPresent()) {
            return stored.get();
        }
        if (seal.isSealed()) {
            throw new ArcaException(ErrorCode.SEALED, "no CRL of issuer " + row.name() + " was built yet and Arca is "
                    + "sealed: unseal it and ask again (a CRL once built is served sealed too)");
        }
        exclusively(() -> crls.find(row.id(), delta).isPresent() ? List.of() : buildFull(row));
        return crls.der(row.id(), delta).orElseThrow(() -> new IllegalStateException("a CRL just built is missing"));
    }

    /** One round of the CRL job: every issuer's full or delta CRL that is due, built. Nothing while sealed. */
    int rebuildDue() {
        if (seal.isSealed()) {
            return 0;
        }
        int built = 0;
        for (IssuerRow row : issuers.signingIssuers()) {
            try {
                built += exclusively(() -> rebuildIfDue(row)).size();
            } catch (RuntimeException e) {
                // one issuer's failure (a key that cannot be opened) must not keep the others' CRLs from renewal
                LOG.warn("the CRL of issuer {} was not rebuilt ({})", row.id(), e.getClass().getSimpleName());
            }
        }
        return built;
    }

    /** What is due of one issuer, decided under the build lock so two nodes never build the same CRL twice. */
    private List<Pki.CrlBuilt> rebuildIfDue(IssuerRow row) {
        Settings settings = settings(row.vaultId());
        Instant now = clock.instant();
        Optional<CrlStore.Crl> full = crls.find(row.id(), false);
        if (full.isEmpty() || !now.isBefore(full.get().nextUpdate().minus(settings.grace()))
                || full.get().nextUpdate().isAfter(now.plus(settings.expiry()))) {
            return buildFull(row);
        }
        Optional<CrlStore.Crl> delta = crls.find(row.id(), true);
        if (delta.isEmpty() || !Long.valueOf(full.get().number()).equals(delta.get().baseNumber())) {
            return List.of(buildDelta(row, full.get(), settings));
        }
        boolean intervalPassed = !now.isBefore(delta.get().thisUpdate().plus(settings.deltaInterval()));
        if (intervalPassed && !settings.disabled()
                && revocations.countRevoked(row.id(), deltaStart(full.get())) != delta.get().entries()) {
            return List.of(buildDelta(row, full.get(), settings));
        }
        return List.of();
    }

    /** A full CRL of the issuer, then a delta CRL on it (so the served delta always extends the served full CRL). */
    private List<Pki.CrlBuilt> buildFull(IssuerRow row) {
        Settings settings = settings(row.vaultId());
        SigningIssuer signer = issuers.signer(row);
        Instant now = clock.instant();
        long number = crls.nextNumber(row.id());
        var crl = CrlBuilder.start(signer, number, null, now, now.plus(settings.expiry()));
        if (!settings.disabled()) {
            crl.addAll(each -> revocations.revoked(row.id(), Instant.EPOCH, each));
        }
        var full = new CrlStore.Crl(row.id(), false, number, null, now, now.plus(settings.expiry()), crl.entries());
        crls.save(full, crl.sign());
        return List.of(view(full), buildDelta(row, full, settings));
    }

    private Pki.CrlBuilt buildDelta(IssuerRow row, CrlStore.Crl base, Settings settings) {
        SigningIssuer signer = issuers.signer(row);
        Instant now = clock.instant();
        long number = crls.nextNumber(row.id());
        var crl = CrlBuilder.start(signer, number, base.number(), now, now.plus(settings.expiry()));
        if (!settings.disabled()) {
            crl.addAll(each -> revocations.revoked(row.id(), deltaStart(base), each));
        }
        var delta = new CrlStore.Crl(row.id(), true, number, base.number(), now, now.plus(settings.expiry()),
                crl.entries());
        crls.save(delta, crl.sign());
        return view(delta);
    }

    private static Instant deltaStart(CrlStore.Crl base) {
        return base.thisUpdate().minus(OVERLAP);
    }

    private Settings settings(String vaultId) {
        return Settings.of(config.crl(vaultId));
    }

    /**
     * Runs a build alone, in one transaction (the request's, when it is one): on PostgreSQL under the advisory lock,
     * which also lets the driver stream the rows; on SQLite the transaction holds the one writer lock.
     */
    private <T> T exclusively(Supplier<T> build) {
        return db.inTransaction(() -> {
            if (db.url().kind() == StorageUrl.Kind.POSTGRESQL) {
                db.read(h -> h.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) AS held")
                        .bind("key", BUILD_LOCK).mapTo(Integer.class).one());
            }
            return build.get();
        });
    }

    private static Pki.CrlBuilt view(CrlStore.Crl crl) {
        return new Pki.CrlBuilt(crl.issuerId(), crl.number(), crl.delta(), crl.entries(), crl.thisUpdate(),
                crl.nextUpdate());
    }
}
