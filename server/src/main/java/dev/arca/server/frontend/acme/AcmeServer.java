package dev.arca.server.frontend.acme;

import dev.arca.server.frontend.acme.challenge.ChallengeValidators;
import dev.arca.server.jobs.PeriodicJob;
import dev.arca.server.pki.ValidatedNameSigning;
import dev.arca.server.route.Call;
import dev.arca.server.route.Route;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The ACME server of every vault, in front of its PKI engine: the {@link AcmeDoor} with its route table
 * ({@link #door}, {@link #routes}) beside the Arca door on the one listener, the admin routes of the Arca door
 * ({@link #adminRoutes}: {@code …/pki/config/acme}, {@code …/pki/eab}), and the background jobs (expired nonces
 * swept, lapsed validations taken over).
 */
public final class AcmeServer {
    private final boolean tls;
    private final Nonces nonces;
    private final AcmeConfigStore configs;
    private final ValidatedNameSigning signing;
    private final JwsVerifier verifier;
    private final AcmeAccounts accounts;
    private final AcmeOrders orders;
    private final AcmeCertificates certificates;
    private final ChallengeRunner runner;
    private final EabKeys eab;
    private final AcmeDoor door;
    private final List<PeriodicJob> jobs;
    private final Clock clock;

    /**
     * @param tls whether the listener speaks TLS: the scheme of the directory's absolute URLs
     * @param validators the challenge types offered, and how each is validated
     */
    public AcmeServer(Database db, SealService seal, ValidatedNameSigning signing,
            ChallengeValidators validators, boolean tls, Clock clock) {
        this.tls = tls;
        this.clock = clock;
        this.nonces = new Nonces(db, clock);
        this.configs = new AcmeConfigStore(db);
        this.signing = signing;
        var accountStore = new AccountStore(db);
        var orderStore = new OrderStore(db);
        this.verifier = new JwsVerifier(nonces, accountStore);
        this.eab = new EabKeys(db, seal, clock);
        this.accounts = new AcmeAccounts(accountStore, eab, clock);
        this.runner = new ChallengeRunner(orderStore, accountStore, validators, clock);
        this.orders = new AcmeOrders(orderStore, signing, runner, db, clock);
        this.certificates = new AcmeCertificates(orderStore, orders, signing, clock);
        this.door = new AcmeDoor(nonces, tls);
        this.jobs = List.of(new PeriodicJob("acme-nonce-sweep", Duration.ofMinutes(1), nonces::sweep),
                new PeriodicJob("acme-validation-resume", Duration.ofSeconds(10), runner::resume));
    }

    public AcmeDoor door() {
        return door;
    }

    /** The door's route table: every directory of every vault. */
    public List<Route> routes() {
        return AcmeRoutes.routes(this);
    }

    /** The Arca door's routes that set the ACME server up: its settings and its EAB keys. */
    public List<Route> adminRoutes() {
        return AcmeAdminRoutes.routes(new AcmeAdmin(configs, eab, signing, tls, clock));
    }

    public List<PeriodicJob> jobs() {
        return jobs;
    }

    AcmeDirectory directory(Call call, AcmeScope scope) {
        return AcmeDirectory.of(call, scope, tls, configs, signing);
    }

    Nonces nonces() {
        return nonces;
    }

    JwsVerifier verifier() {
        return verifier;
    }

    AcmeAccounts accounts() {
        return accounts;
    }

    AcmeOrders orders() {
        return orders;
    }

    AcmeCertificates certificates() {
        return certificates;
    }
}
