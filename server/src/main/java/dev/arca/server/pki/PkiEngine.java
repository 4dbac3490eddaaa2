package dev.arca.server.pki;

import dev.arca.server.engine.Engine;
import dev.arca.server.jobs.PeriodicJob;
import dev.arca.server.lease.DynamicLeases;
import dev.arca.server.lease.LeaseBackend;
import dev.arca.server.route.Route;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.vaults.VaultService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * PKI as an engine: mounted at {@code /v1/vaults/{vault}/pki/…} ({@code docs/API-pki.md}), its CA and CSR keys in
 * the key-material store under engine {@value IssuerService#ENGINE}.
 */
public final class PkiEngine implements Engine {
    private final List<Route> routes;
    private final List<PeriodicJob> jobs;

    private final PkiLeaseBackend leaseBackend;
    private final ValidatedNameSigning validatedNameSigning;

    private PkiEngine(List<Route> routes, List<PeriodicJob> jobs, PkiLeaseBackend leaseBackend,
            ValidatedNameSigning validatedNameSigning) {
        this.routes = List.copyOf(routes);
        this.jobs = List.copyOf(jobs);
        this.leaseBackend = leaseBackend;
        this.validatedNameSigning = validatedNameSigning;
    }

    public static PkiEngine mount(Database db, VaultService vaults, SealService seal, Clock clock) {
        IssuerService issuers = IssuerService.create(db, vaults, seal, clock);
        var routes = new ArrayList<Route>();
        routes.addAll(IssuerRoutes.routes(issuers));
        routes.addAll(CaRoutes.routes(issuers));
        RoleService roles = new RoleService(db, issuers, clock);
        routes.addAll(RoleRoutes.routes(roles));
        routes.addAll(IssueRoutes.routes(new IssueService(roles, issuers, new DynamicLeases(db, clock), clock)));
        routes.addAll(CsrRoutes.routes(new CsrService(db, seal, issuers, clock)));
        routes.addAll(ValidateRoutes.routes(new CertificateValidator(db, issuers, clock)));
        var jobs = new ArrayList<PeriodicJob>();
        var crls = new CrlService(db, issuers, seal, clock);
        var revocations = new RevocationService(db, issuers, clock);
        routes.addAll(CertificateRoutes.routes(new CertificateService(db, issuers), revocations,
                new CertificateTidy(db, issuers, crls, clock)));
        routes.addAll(CrlRoutes.routes(issuers, crls));
        routes.addAll(OcspRoutes.routes(new OcspResponder(db, issuers, seal, clock)));
        jobs.add(CrlJob.of(crls));
        return new PkiEngine(routes, jobs, new PkiLeaseBackend(db, revocations),
                new ValidatedNameSigning(db, issuers, roles, clock));
    }

    /** What signs for names a front door validated itself: the CA behind the ACME server. */
    public ValidatedNameSigning validatedNameSigning() {
        return validatedNameSigning;
    }

    /** What revokes the certificates of {@code generate_lease} roles when their leases end. */
    public LeaseBackend leaseBackend() {
        return leaseBackend;
    }

    @Override
    public String mount() {
        return IssuerService.ENGINE;
    }

    @Override
    public List<Route> routes() {
        return routes;
    }

    @Override
    public List<PeriodicJob> jobs() {
        return jobs;
    }
}
