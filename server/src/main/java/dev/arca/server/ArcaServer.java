package dev.arca.server;

import dev.arca.server.audit.AuditForwarder;
import dev.arca.server.audit.AuditTrail;
import dev.arca.server.config.AuditOutputs;
import dev.arca.server.config.ServerConfig;
import dev.arca.server.frontend.arca.ArcaDoor;
import dev.arca.server.frontend.http.HttpServer;
import dev.arca.server.frontend.sikkerkey.SikkerKeyDoor;
import dev.arca.server.frontend.sanctum.SanctumListener;
import dev.arca.server.metrics.Metrics;
import dev.arca.server.pipeline.Pipeline;
import dev.arca.server.route.Route;
import dev.arca.server.seal.SealService;
import dev.arca.server.storage.Database;
import dev.arca.server.storage.PrivateFiles;
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
    /** The SikkerKey door's own listener, when {@code sikkerkey_listen} is set. */
    private final Optional<HttpServer> sikkerkey;
    private final Optional<SanctumListener> sanctum;
    private final Optional<DevMode.Credentials> devCredentials;
    private final Wiring wiring;

    private ArcaServer(ServerConfig config, Database db, AuditTrail audit, HttpServer http,
            Optional<HttpServer> sikkerkey, Optional<SanctumListener> sanctum,
            Optional<DevMode.Credentials> devCredentials, Wiring wiring) {
        this.config = config;
        this.db = db;
        this.audit = audit;
        this.http = http;
        this.sikkerkey = sikkerkey;
        this.sanctum = sanctum;
        this.devCredentials = devCredentials;
        this.wiring = wiring;
    }

    public static ArcaServer start(ServerConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Starts on {@code clock}: tests move time by hand (lease expiry) with a clock of their own. */
    static ArcaServer start(ServerConfig config, Clock clock) {
        narrowServerFiles(config);
        Database db = Database.open(config.storage());
        AuditTrail audit = null;
        Wiring wiring = null;
        HttpServer http = null;
        Optional<SanctumListener> sanctum = Optional.empty();
        Optional<HttpServer> sikkerkey = Optional.empty();
        try {
            wiring = new Wiring(config, db, clock);
            audit = wiring.auditContinuity.open(
                    config.auditFsync() ? AuditTrail.Durability.SYNCED : AuditTrail.Durability.BUFFERED,
                    config.auditOutputs().rotation(), auditCollectors(config.auditOutputs(), wiring.metrics));
            Optional<DevMode.Credentials> dev = config.dev()
                    ? Optional.of(new DevMode(config, db, wiring.seal, wiring.tokens, wiring.vaults).bootstrap())
                    : Optional.empty();
            SealService seal = wiring.seal;
            var pipeline = new Pipeline(wiring.guard, audit, wiring.auditHeads, value -> auditHmac(seal, value), db,
                    wiring.metrics, config.maxBodyBytes());
            // the Arca door first: it answers what no route matches; the ACME door's table sits beside it
            http = HttpServer.start(config, pipeline, List.of(
                    new HttpServer.DoorRoutes(new ArcaDoor(), ArcaDoor.routeTable(wiring.routes)),
                    new HttpServer.DoorRoutes(wiring.acme.door(), wiring.acme.routes())));
            // the compatible doors, each on listeners of its own when configured
            sanctum = SanctumListener.start(config.doors(), pipeline, wiring.sanctum);
            sikkerkey = startSikkerKeyDoor(config, pipeline, wiring);
            LOG.info("Arca {} listening on {}{} (storage {}, audit {})", VERSION, config.address(http.port()),
                    config.socket().map(path -> " and unix:" + path).orElse(""), config.storage(), config.auditFile());
            sanctum.ifPresent(door -> LOG.info("SanctumAI door on {}", door.describe()));
            return new ArcaServer(config, db, audit, http, sikkerkey, sanctum, dev, wiring.startJobs());
        } catch (java.io.IOException e) {
            wiring.afterDrain();
            db.close();
            throw new IllegalStateException("cannot open the audit file " + config.auditFile() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // e.g. a door's port or socket was taken: what started is stopped
            sikkerkey.ifPresent(HttpServer::close);
            sanctum.ifPresent(SanctumListener::close);
            if (http != null) {
                http.close();
            }
            if (wiring != null) {
                wiring.afterDrain(); // e.g. the socket was taken: the upstream client must not outlive the failure
            }
            if (audit != null) {
                audit.close();
            }
            db.close();
            throw e;
        }
    }

    /** The SikkerKey door on its own address (DESIGN §11), when configured: its route table only, its error format. */
    private static Optional<HttpServer> startSikkerKeyDoor(ServerConfig config, Pipeline pipeline, Wiring wiring) {
        return config.doors().sikkerkeyListen().map(address -> {
            HttpServer door = HttpServer.startDoor(config, address, pipeline,
                    new HttpServer.DoorRoutes(new SikkerKeyDoor(), wiring.sikkerkeyRoutes));
            LOG.info("SikkerKey door on {}", sikkerkeyAddress(config, address.host(), door.port()));
            return door;
        });
    }

    /**
     * Files an earlier start (or an older version) left open to others: the audit trail and the dev credentials are
     * narrowed to 0600 before they are opened, the database files by {@link Database#open}, and a data directory
     * open to others is warned about. New files and directories are created private by whoever makes them.
     */
    private static void narrowServerFiles(ServerConfig config) {
        try {
            PrivateFiles.warnIfOpen(config.dataDir());
            PrivateFiles.narrow(List.of(config.auditFile(), config.dataDir().resolve(DevMode.CREDENTIALS_FILE)));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot make the data directory " + config.dataDir() + " private: "
                    + e.getMessage(), e);
        }
    }

    /** The collectors of {@code audit_syslog} and {@code audit_socket}; what they could not send is a metric. */
    private static List<AuditTrail.Sink> auditCollectors(AuditOutputs outputs, Metrics metrics) {
        var collectors = new ArrayList<AuditForwarder>();
        outputs.syslog().ifPresent(target -> collectors.add(
                AuditForwarder.to(target, AuditForwarder.Format.SYSLOG, outputs.syslogRequired())));
        outputs.socket().ifPresent(target -> collectors.add(
                AuditForwarder.to(target, AuditForwarder.Format.JSON_LINES, false)));
        metrics.gauge("arca_audit_lines_undelivered", "audit lines a best-effort collector (audit_syslog, "
                + "audit_socket) could not be sent; they are in the audit file", () -> (int) Math.min(
                        Integer.MAX_VALUE, collectors.stream().mapToLong(AuditForwarder::undelivered).sum()));
        return List.copyOf(collectors);
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

    /** The server's storage, for tests that count the statements a request runs ({@link Database#logStatements}). */
    public Database database() {
        return db;
    }

    /** The URL a client on this host uses: {@code http://127.0.0.1:8420}. */
    public String address() {
        return config.address(port());
    }

    /** The SikkerKey door's port, when it runs. */
    public Optional<Integer> sikkerkeyPort() {
        return sikkerkey.map(HttpServer::port);
    }

    /**
     * The SikkerKey door's URL as its clients must use it, when it runs: {@code http://localhost:PORT} on a loopback
     * address (the clients accept no other plain-HTTP URL), {@code https://HOST:PORT} with TLS.
     */
    public Optional<String> sikkerkeyAddress() {
        return sikkerkey.map(door -> sikkerkeyAddress(config, config.doors().sikkerkeyListen().orElseThrow().host(),
                door.port()));
    }

    private static String sikkerkeyAddress(ServerConfig config, String host, int port) {
        if (!config.tls()) {
            return "http://localhost:" + port;
        }
        String shown = "0.0.0.0".equals(host) || "::".equals(host) ? "localhost"
                : host.contains(":") ? "[" + host + "]" : host;
        return "https://" + shown + ":" + port;
    }

    /** The Unix socket the server also listens on, if any (removed at {@link #close}). */
    public Optional<java.nio.file.Path> socket() {
        return config.socket();
    }

    /** The SanctumAI door's listeners, when configured (removed at {@link #close}). */
    public Optional<SanctumListener> sanctum() {
        return sanctum;
    }

    /** Every route the server declares (the OpenAPI route aside): for tests that hold each of them to a rule. */
    List<Route> routes() {
        return List.copyOf(wiring.routes);
    }

    /** In dev mode: the root token and where the dev credentials are kept. */
    public Optional<DevMode.Credentials> devCredentials() {
        return devCredentials;
    }

    /**
     * Has the audit trail look at its path now ({@code SIGHUP} after logrotate renamed the file): a file renamed away
     * is continued in a new one that starts with a {@code rotated} entry. Returns at once.
     */
    public void reopenAuditFile() {
        audit.reopen();
    }

    /** Graceful stop: in-flight requests finish, then the audit trail and the database are closed. */
    @Override
    public void close() {
        wiring.beforeDrain();
        sikkerkey.ifPresent(HttpServer::close);
        sanctum.ifPresent(SanctumListener::close); // no new calls; those being served finish in the drain below
        http.close();
        wiring.afterDrain();
        audit.close();
        db.close();
        LOG.info("Arca stopped");
    }
}
