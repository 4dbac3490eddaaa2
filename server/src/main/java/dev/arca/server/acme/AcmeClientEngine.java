package dev.arca.server.acme;

import dev.arca.server.config.AcmeSettings;
import dev.arca.server.engine.Engine;
import dev.arca.server.jobs.PeriodicJob;
import dev.arca.server.route.Route;
import dev.arca.server.seal.SealService;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.storage.Database;
import dev.arca.server.vaults.VaultService;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The ACME client as an engine, mounted at {@code /v1/vaults/{vault}/acme/…}: accounts at ACME CAs (Let's
 * Encrypt, Pebble, step-ca, another Arca), DNS providers for {@code dns-01}, and managed certificates, each kept as
 * a {@code certificate} secret that gains a version on every renewal. The order worker runs every
 * {@link OrderWorker#POLL}; the http-01 challenge listener runs at {@code acme_challenge_listen} from
 * {@link #start} to {@link #close}. Keys (account keys, TSIG secrets, a certificate key in flight) are key material
 * of engine {@code acme}.
 */
public final class AcmeClientEngine implements Engine, AutoCloseable {
    public static final String MOUNT = "acme";
    static final String PREFIX = "/v1/vaults/{vault}/" + MOUNT;

    private final List<Route> routes;
    private final PeriodicJob job;
    private final Optional<String> listen;
    private final ChallengeStore challenges;
    private @Nullable ChallengeListener listener;

    private AcmeClientEngine(List<Route> routes, PeriodicJob job, Optional<String> listen, ChallengeStore challenges) {
        this.routes = List.copyOf(routes);
        this.job = job;
        this.listen = listen;
        this.challenges = challenges;
    }

    /** @param secrets where certificates are written, as new versions of their secrets */
    public static AcmeClientEngine mount(Database db, VaultService vaults, SealService seal, Clock clock,
            SecretService secrets, AcmeSettings settings) {
        var keys = new AcmeKeys(db, seal, clock);
        var accounts = new AccountService(db, vaults, keys, clock);
        var dns = new DnsProviderService(db, vaults, keys, settings.dnsHook(), clock);
        var challengeStore = new ChallengeStore(db);
        var schedule = new RenewalSchedule(new SecureRandom());
        var renewals = new Renewals(db, schedule, clock);
        var certificateStore = new CertificateStore(db);
        var certificates = new CertificateService(certificateStore, new OrderStore(db), vaults, accounts, dns,
                renewals, settings.challengeListen().isPresent(), clock);
        var worker = new OrderWorker(db, seal, accounts, new Challenges(challengeStore, dns, clock), keys,
                new CertificateSecret(secrets), schedule, renewals, clock);
        return new AcmeClientEngine(AcmeRoutes.routes(accounts, dns, certificates, certificateStore),
                new PeriodicJob("arca-acme-orders", OrderWorker.POLL, worker::round), settings.challengeListen(),
                challengeStore);
    }

    /** Starts the http-01 challenge listener, when {@code acme_challenge_listen} is set. */
    public synchronized void start() {
        if (listener == null && listen.isPresent()) {
            listener = ChallengeListener.start(listen.get(), challenges::httpAnswer);
        }
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }

    @Override
    public String mount() {
        return MOUNT;
    }

    @Override
    public List<Route> routes() {
        return routes;
    }

    @Override
    public List<PeriodicJob> jobs() {
        return List.of(job);
    }
}
