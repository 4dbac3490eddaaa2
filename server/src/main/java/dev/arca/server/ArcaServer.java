package dev.arca.server;

import dev.arca.server.agent.AgentRoutes;
import dev.arca.server.agent.AgentService;
import dev.arca.server.audit.AuditTrail;
import dev.arca.server.auth.AccessGuard;
import dev.arca.server.auth.Authentication;
import dev.arca.server.policy.PolicyCatalog;
import dev.arca.server.policy.PolicyEngine;
import dev.arca.server.policy.PolicyRoutes;
import dev.arca.server.policy.PolicyService;
import dev.arca.server.ratelimit.RateLimiter;
import dev.arca.server.auth.TokenRoutes;
import dev.arca.server.auth.TokenService;
import dev.arca.server.client.ClientJwtAuthenticator;
import dev.arca.server.client.ClientRoutes;
import dev.arca.server.client.ClientService;
import dev.arca.server.config.ServerConfig;
import dev.arca.server.http.HttpMetrics;
import dev.arca.server.http.HttpServer;
import dev.arca.server.http.Route;
import dev.arca.server.machine.EnrollmentService;
import dev.arca.server.machine.EphemeralMachineReaper;
import dev.arca.server.machine.MachineRoutes;
import dev.arca.server.machine.MachineService;
import dev.arca.server.machine.MachineSignatureAuthenticator;
import dev.arca.server.seal.SealService;
import dev.arca.server.secrets.SecretRoutes;
import dev.arca.server.secrets.SecretService;
import dev.arca.server.storage.Database;
import dev.arca.server.sys.SysRoutes;
import dev.arca.server.user.UserGroups;
import dev.arca.server.user.UserRoutes;
import dev.arca.server.user.UserService;
import dev.arca.server.vaults.VaultRoutes;
import dev.arca.server.vaults.VaultService;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The whole server, wired explicitly in one place: storage, seal, audit, features, HTTP. */
public final class ArcaServer implements AutoCloseable {
    public static final String VERSION = "0.1.0";
    private static final Logger LOG = LoggerFactory.getLogger(ArcaServer.class);

    private final ServerConfig config;
    private final Database db;
    private final AuditTrail audit;
    private final HttpServer http;
    private final Optional<DevMode.Credentials> devCredentials;
    private final EphemeralMachineReaper machineReaper;

    private ArcaServer(ServerConfig config, Database db, AuditTrail audit, HttpServer http,
            Optional<DevMode.Credentials> devCredentials, EphemeralMachineReaper machineReaper) {
        this.config = config;
        this.db = db;
        this.audit = audit;
        this.http = http;
        this.devCredentials = devCredentials;
        this.machineReaper = machineReaper;
    }

    public static ArcaServer start(ServerConfig config) {
        Clock clock = Clock.systemUTC();
        Database db = Database.open(config.storage());
        AuditTrail audit = null;
        try {
            audit = AuditTrail.open(config.auditFile(),
                    config.auditFsync() ? AuditTrail.Durability.SYNCED : AuditTrail.Durability.BUFFERED);
            var seal = new SealService(db, VERSION);
            var tokens = new TokenService(db, clock);
            var vaults = new VaultService(db, seal, clock);
            var secrets = new SecretService(db, vaults, seal, clock);
            var groups = new UserGroups(db);
            var users = new UserService(db, seal, tokens, groups, clock);
            var policyCatalog = new PolicyCatalog(db);
            var policyEngine = new PolicyEngine(policyCatalog, groups);
            var policies = new PolicyService(policyCatalog, policyEngine, vaults, tokens, clock);
            var clients = new ClientService(db, vaults, tokens, clock);
            var agents = new AgentService(db, vaults, tokens, clock, AgentService.DEFAULT_SESSION_TTL);
            var machines = new MachineService(db, tokens, clock);
            var enrollment = new EnrollmentService(db, vaults, machines, policies, clock);
            var metrics = new HttpMetrics(seal::isSealed);
            List<Route> routes = new ArrayList<>();
            routes.addAll(SysRoutes.routes(seal, tokens, metrics, config.auditFile(), VERSION));
            routes.addAll(TokenRoutes.routes(tokens, vaults::idOf));
            routes.addAll(VaultRoutes.routes(vaults));
            routes.addAll(SecretRoutes.routes(secrets));
            routes.addAll(PolicyRoutes.routes(policies));
            routes.addAll(ClientRoutes.routes(clients, seal));
            routes.addAll(AgentRoutes.routes(agents, seal));
            routes.addAll(MachineRoutes.routes(seal, vaults, enrollment, machines));
            Optional<DevMode.Credentials> dev = config.dev()
                    ? Optional.of(new DevMode(config, db, seal, tokens, vaults).bootstrap()) : Optional.empty();
            var authentication = new Authentication(List.of(tokens, new MachineSignatureAuthenticator(machines, clock),
                    new ClientJwtAuthenticator(clients)), vaults::allows);
            var limits = new AccessGuard.Limits(
                    new RateLimiter("this address", config.rateLimits().perSourceIp()),
                    new RateLimiter("this principal", config.rateLimits().perPrincipal()));
            var guard = new AccessGuard(seal, authentication, limits, policyEngine, vaults::idOf, clock);
            routes.addAll(UserRoutes.routes(users, groups, vaults, guard));
            HttpServer http = HttpServer.start(config, routes, guard, audit,
                    value -> auditHmac(seal, value), db, metrics);
            LOG.info("Arca {} listening on {} (storage {}, audit {})", VERSION, config.address(http.port()),
                    config.storage(), config.auditFile());
            return new ArcaServer(config, db, audit, http, dev, new EphemeralMachineReaper(machines).start());
        } catch (java.io.IOException e) {
            db.close();
            throw new IllegalStateException("cannot open the audit file " + config.auditFile() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (audit != null) {
                audit.close();
            }
            db.close();
            throw e;
        }
    }

    /** Sensitive identifiers in the audit trail: HMAC-SHA256 under the audit key, or withheld while sealed. */
    private static String auditHmac(SealService seal, String value) {
        if (seal.isSealed()) {
            return "withheld";
        }
        return "hmac-sha256:" + HexFormat.of().formatHex(
                seal.keyring().auditHmac(value.getBytes(StandardCharsets.UTF_8)));
    }

    public int port() {
        return http.port();
    }

    /** The URL a client on this host uses: {@code http://127.0.0.1:8420}. */
    public String address() {
        return config.address(port());
    }

    /** In dev mode: the root token and where the dev credentials are kept. */
    public Optional<DevMode.Credentials> devCredentials() {
        return devCredentials;
    }

    /** Graceful stop: in-flight requests finish, then the audit trail and the database are closed. */
    @Override
    public void close() {
        http.close();
        machineReaper.close();
        audit.close();
        db.close();
        LOG.info("Arca stopped");
    }
}
