package dev.arca.server;

import dev.arca.server.access.AccessGuard;
import dev.arca.server.access.LoginThrottle;
import dev.arca.server.access.RateLimiter;
import dev.arca.server.acme.AcmeClientEngine;
import dev.arca.server.agent.AgentRoutes;
import dev.arca.server.agent.AgentService;
import dev.arca.server.audit.AuditContinuity;
import dev.arca.server.audit.AuditHeadCheck;
import dev.arca.server.audit.AuditHeadStore;
import dev.arca.server.audit.AuditVerifier;
import dev.arca.server.auth.TokenRoutes;
import dev.arca.server.auth.TokenService;
import dev.arca.server.client.ClientJwtAuthenticator;
import dev.arca.server.client.ClientRoutes;
import dev.arca.server.client.ClientService;
import dev.arca.server.config.ServerConfig;
import dev.arca.server.database.DatabaseEngine;
import dev.arca.server.database.DatabasePlugins;
import dev.arca.server.engine.Engines;
import dev.arca.server.frontend.acme.AcmeServer;
import dev.arca.server.frontend.sanctum.SanctumCredentials;
import dev.arca.server.frontend.sanctum.SanctumMethods;
import dev.arca.server.frontend.acme.challenge.ChallengeValidators;
import dev.arca.server.frontend.sikkerkey.MachineSecrets;
import dev.arca.server.frontend.sikkerkey.SikkerKeyEnrollment;
import dev.arca.server.frontend.sikkerkey.SikkerKeyRoutes;
import dev.arca.server.identity.Authentication;
import dev.arca.server.identity.DisabledIdentities;
import dev.arca.server.invalidation.Invalidation;
import dev.arca.server.invalidation.Invalidations;
import dev.arca.server.jobs.PeriodicJob;
import dev.arca.server.keymaterial.KeyMaterialStore;
import dev.arca.server.lease.LeaseReaper;
import dev.arca.server.lease.LeaseRevocations;
import dev.arca.server.lease.LeaseRoutes;
import dev.arca.server.lease.LeaseService;
import dev.arca.server.machine.EnrollmentService;
import dev.arca.server.machine.EphemeralMachineReaper;
import dev.arca.server.machine.MachineRoutes;
import dev.arca.server.machine.MachineService;
import dev.arca.server.machine.MachineSignatureAuthenticator;
import dev.arca.server.metrics.Metrics;
import dev.arca.server.policy.PolicyCatalog;
import dev.arca.server.policy.PolicyEngine;
import dev.arca.server.policy.PolicyRoutes;
import dev.arca.server.policy.PolicyService;
import dev.arca.server.route.Route;
import dev.arca.server.seal.AuditChainKey;
import dev.arca.server.seal.KeyringRewrap;
import dev.arca.server.seal.KeyringRotation;
import dev.arca.server.seal.RootGeneration;
import dev.arca.server.seal.SealService;
import dev.arca.server.seal.SealedColumn;
import dev.arca.server.secrets.BatchRead;
import dev.arca.server.secrets.NotationResolver;
import dev.arca.server.secrets.SecretExport;
import dev.arca.server.secrets.SecretListing;
import dev.arca.server.secrets.SecretQueryRoutes;
import dev.arca.server.secrets.SecretIdRoutes;
import dev.arca.server.secrets.SecretRoutes;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.snapshot.SnapshotRoutes;
import dev.arca.server.storage.Database;
import dev.arca.server.sys.BrowserRequestGuard;
import dev.arca.server.sys.SysRoutes;
import dev.arca.server.pki.PkiEngine;
import dev.arca.server.rotation.RotationEngine;
import dev.arca.server.transit.TransitEngine;
import dev.arca.server.use.EgressService;
import dev.arca.server.use.UpstreamClient;
import dev.arca.server.use.UseRoutes;
import dev.arca.server.use.UseService;
import dev.arca.server.user.UserGroups;
import dev.arca.server.user.UserRoutes;
import dev.arca.server.user.UserService;
import dev.arca.server.vaults.VaultRoutes;
import dev.arca.server.vaults.VaultService;
import dev.arca.server.watch.ChangeBus;
import dev.arca.server.watch.PrincipalLiveness;
import dev.arca.server.watch.WatchRoutes;
import dev.arca.server.watch.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every feature of the server, constructed and connected in one place, explicitly: no container, no scanning.
 * Reading this class top to bottom shows what depends on what.
 */
final class Wiring {
    final SealService seal;
    final TokenService tokens;
    final VaultService vaults;
    final Metrics metrics;
    final AccessGuard guard;
    final AuditHeadStore auditHeads;
    final AuditContinuity auditContinuity;
    final List<Route> routes = new ArrayList<>();
    /** The ACME server of every vault: its own door and route table beside the Arca door's, and its admin routes. */
    final AcmeServer acme;
    /** The SikkerKey-compatible door's routes, served on their own listener when {@code sikkerkey_listen} is set. */
    final List<Route> sikkerkeyRoutes;
    /** The SanctumAI door's method table; its listeners are ArcaServer's, started only when configured. */
    final SanctumMethods sanctum;
    private final EphemeralMachineReaper machineReaper;
    private final LeaseReaper leaseReaper;
    /** Drops the database users of ended dynamic leases, with retries. */
    private final LeaseRevocations leaseRevocations;
    private final DatabaseEngine database;
    /** The ACME client: its order worker is an engine job, its http-01 listener starts and stops with the jobs. */
    private final AcmeClientEngine acmeClient;
    /** Drops the audit head rows no start or verify reads any more (every committed write inserts one). */
    private final PeriodicJob auditHeadPruner;
    /**
     * The engines mounted in every vault (transit, pki, database, rotation, acme); each brings its routes, jobs and
     * key material.
     */
    private final Engines engines;
    private final ChangeBus changes = new ChangeBus();
    /** The HTTP client of use http_request; stopped with the server, its calls cut by a seal. */
    private final UpstreamClient upstream;
    /** Re-encrypts the stored values under the newest keys after a keyring rotation, resuming where it stopped. */
    private final KeyringRewrap keyringRewrap;

    Wiring(ServerConfig config, Database db, Clock clock) {
        seal = new SealService(db, ArcaServer.VERSION);
        upstream = UpstreamClient.start(seal::isSealed);
        seal.onChange(() -> {
            if (seal.isSealed()) {
                upstream.cutInFlight();
            }
        });
        // the one change feed of this node's caches (tokens, disabled identities, policies, secrets); a seal clears
        // them all, and issue 2·11's shared change log is to feed other nodes' changes into it
        var invalidations = new Invalidations(db);
        seal.onChange(() -> {
            if (seal.isSealed()) {
                invalidations.deliver(new Invalidation.Everything());
            }
        });
        tokens = new TokenService(db, clock, invalidations);
        vaults = new VaultService(db, seal, clock, invalidations);
        metrics = new Metrics(seal::isSealed);
        auditHeads = new AuditHeadStore(db, config.auditFile());
        auditHeadPruner = new PeriodicJob("audit-head-pruner", Duration.ofMinutes(1), auditHeads::prune);
        var auditChainKey = new AuditChainKey(seal);
        auditContinuity = new AuditContinuity(config.auditFile(), auditHeads, auditChainKey,
                config.auditOnMismatch() == ServerConfig.AuditOnMismatch.REFUSE);
        // the audit trail is checked with the key an unseal opens, before that unseal serves anything
        seal.checkBeforeUnseal(opened -> auditContinuity.checkAtUnseal(AuditChainKey.of(opened))
                .map(AuditHeadCheck.Mismatch::message));
        seal.onChange(() -> {
            if (!seal.isSealed()) {
                auditContinuity.recordBreakFoundAtUnseal();
            }
        });
        var secrets = new SecretService(db, vaults, seal, changes, clock, invalidations);

        var groups = new UserGroups(db);
        var users = new UserService(db, seal, tokens, groups, clock);
        var policyCatalog = new PolicyCatalog(db, invalidations);
        var policyEngine = new PolicyEngine(policyCatalog, groups);
        var policies = new PolicyService(policyCatalog, policyEngine, vaults, tokens::lookupAccessor, clock);
        var machines = new MachineService(db, tokens, clock);
        var enrollment = new EnrollmentService(db, vaults, machines, policies, clock);
        var clients = new ClientService(db, vaults, tokens, clock);
        var agents = new AgentService(db, vaults, tokens, clock, AgentService.DEFAULT_SESSION_TTL);
        machineReaper = new EphemeralMachineReaper(machines);

        var authentication = new Authentication(List.of(tokens,
                new MachineSignatureAuthenticator(machines, clock), new ClientJwtAuthenticator(clients)),
                vaults::allows, new DisabledIdentities(db, clock, invalidations));
        var limits = new AccessGuard.Limits(
                new RateLimiter("this address", config.rateLimits().perSourceIp()),
                new RateLimiter("this principal", config.rateLimits().perPrincipal()));
        guard = new AccessGuard(seal, authentication, limits, policyEngine, vaults::idOf, clock);

        var rootGeneration = new RootGeneration(seal, () -> tokens.createRoot().token());
        List<SealedColumn> sealed = sealedColumns();
        keyringRewrap = new KeyringRewrap(db, seal, sealed, clock);
        var keyringRotation = new KeyringRotation(db, seal, sealed, clock);
        var browsers = new BrowserRequestGuard(config.listenHost(), config.allowedHosts());
        routes.addAll(SysRoutes.routes(seal, rootGeneration, keyringRotation, tokens, metrics,
                () -> AuditVerifier.verify(config.auditFile(), auditHeads.find(), auditChainKey), ArcaServer.VERSION,
                browsers));
        routes.addAll(SnapshotRoutes.routes(db, seal, auditHeads, ArcaServer.VERSION, config.dataDir(), browsers));
        routes.addAll(TokenRoutes.routes(tokens, vaults::idOf));
        routes.addAll(VaultRoutes.routes(vaults, secrets));
        // the router orders routes by their paths (http.RouteOrder), so …/secrets/app/db/use reaches the use route
        // whatever this order is
        var transit = TransitEngine.mount(db, vaults, seal, clock);
        var pki = PkiEngine.mount(db, vaults, seal, clock);
        database = DatabaseEngine.mount(db, vaults, seal, clock, DatabasePlugins.all());
        var rotation = RotationEngine.mount(db, vaults, seal, clock, secrets, changes, database.users());
        secrets.useRotationHooks(rotation.hooks());
        acmeClient = AcmeClientEngine.mount(db, vaults, seal, clock, secrets, config.acme());
        engines = new Engines(List.of(transit, pki, database, rotation, acmeClient));
        routes.addAll(engines.routes());
        acme = new AcmeServer(db, seal, pki.validatedNameSigning(), ChallengeValidators.from(config.acme()),
                config.tls(), clock);
        routes.addAll(acme.adminRoutes());
        var egress = new EgressService(db, secrets, vaults, clock);
        var use = new UseService(secrets, egress, upstream);
        routes.addAll(UseRoutes.routes(use, egress));
        leaseRevocations = new LeaseRevocations(db, List.of(database.leaseBackend(), pki.leaseBackend()), clock,
                LeaseRevocations.Retry.DEFAULT);
        var leases = new LeaseService(db, leaseRevocations, secrets, vaults, guard, clock);
        routes.addAll(LeaseRoutes.routes(leases));
        leaseReaper = new LeaseReaper(db, clock);
        routes.addAll(SecretRoutes.routes(secrets, guard));
        routes.addAll(SecretIdRoutes.routes(secrets));
        var listing = new SecretListing(db, vaults, guard);
        routes.addAll(SecretQueryRoutes.routes(listing,
                new BatchRead(secrets, vaults, guard), new SecretExport(db, secrets, vaults, guard),
                new NotationResolver(secrets, vaults, guard)));
        routes.addAll(PolicyRoutes.routes(policies));
        routes.addAll(MachineRoutes.routes(vaults, enrollment, machines));
        sikkerkeyRoutes = new SikkerKeyRoutes(new MachineSecrets(listing, secrets, vaults, guard),
                new SikkerKeyEnrollment(enrollment, config.doors().sikkerkeyPublicUrl(), config.tls()), secrets, db,
                clock).routes();
        routes.addAll(ClientRoutes.routes(clients));
        routes.addAll(AgentRoutes.routes(agents));
        sanctum = new SanctumMethods(agents, new SanctumCredentials(listing, leases, use, transit.service()), clock);
        routes.addAll(UserRoutes.routes(users, groups, vaults, policies, new LoginThrottle(clock)));
        var liveness = new PrincipalLiveness(db, tokens, vaults::allows, clock);
        var watch = new WatchService(db, changes, secrets, guard, liveness);
        routes.addAll(WatchRoutes.routes(watch, secrets, vaults::idOf));
        metrics.gauge("arca_watchers", "watchers waiting on this node, counted once per secret watched",
                changes::listenerCount);
    }

    /**
     * Every column a feature encrypts with a vault's data key: the keyring rewrap re-encrypts only these
     * ({@code SealedColumnsTest} holds the schema to this list).
     */
    static List<SealedColumn> sealedColumns() {
        List<SealedColumn> sealed = new ArrayList<>(List.of(SecretService.SEALED_VALUES,
                KeyMaterialStore.SEALED_MATERIAL, UserService.SEALED_TOTP));
        sealed.addAll(RotationEngine.SEALED_CANDIDATES);
        return List.copyOf(sealed);
    }

    /**
     * Starts the background jobs: the reapers of expired machines and of due leases, the audit head pruner, the
     * engines' jobs and the keyring rewrap.
     */
    Wiring startJobs() {
        machineReaper.start();
        leaseReaper.start();
        leaseRevocations.start();
        auditHeadPruner.start();
        engines.startJobs();
        acme.jobs().forEach(PeriodicJob::start);
        acmeClient.start();
        keyringRewrap.start();
        return this;
    }

    /** Before the HTTP drain: long polls answer and event streams end, so they do not hold the drain up. */
    void beforeDrain() {
        changes.close();
    }

    /** After the HTTP drain (in-flight use calls have finished): the upstream client and the jobs stop. */
    void afterDrain() {
        upstream.close();
        machineReaper.close();
        leaseReaper.close();
        leaseRevocations.close();
        auditHeadPruner.close();
        engines.stopJobs();
        acme.jobs().forEach(PeriodicJob::close);
        acmeClient.close();
        keyringRewrap.close();
        database.close();
    }
}
