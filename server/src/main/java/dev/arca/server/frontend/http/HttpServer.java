package dev.arca.server.frontend.http;

import dev.arca.server.config.DoorSettings;
import dev.arca.server.config.ServerConfig;
import dev.arca.server.error.ArcaException;
import dev.arca.server.pipeline.FrontDoor;
import dev.arca.server.pipeline.Pipeline;
import dev.arca.server.route.Route;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTP listener of the front doors: Javalin on Jetty with virtual threads, every route of every door's table
 * behind the one {@link Pipeline} (each served as its own door), and a catch-all so unknown routes (and requests
 * Jetty itself refuses) are audited and answered in the first door's error format.
 */
public final class HttpServer implements AutoCloseable {
    /** One door's route table. */
    public record DoorRoutes(FrontDoor door, List<Route> routes) {
        public DoorRoutes {
            routes = List.copyOf(routes);
        }
    }

    /** A route and the door it belongs to, for the one routing table of the listener. */
    private record DoorRoute(FrontDoor door, Route route) {}

    /**
     * Where a listener binds: a TCP address (TLS when the configuration has a certificate), and maybe a socket.
     *
     * @param setting the option that chooses the address, named when its port is taken
     */
    private record Listener(String host, int port, Optional<Path> socket, String setting) {}

    private static final int MAX_HEADER_BYTES = 32 * 1024; // an event stream names up to 1000 secret ids in its URL
    /** Longer than the longest long poll (60 s of silence), so Jetty never treats a waiting watcher as idle. */
    private static final long IDLE_TIMEOUT_MS = 75_000;
    /** Watchers come back in bursts (every long poll and stream reconnects after a restart): queue, don't drop. */
    private static final int ACCEPT_QUEUE = 4096;

    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final Javalin app;
    private final Pipeline pipeline;

    private HttpServer(Javalin app, Pipeline pipeline) {
        this.app = app;
        this.pipeline = pipeline;
    }

    /**
     * Starts listening; {@code config.listenPort()} 0 picks a free port (see {@link #port()}). The first table's door
     * answers what no route matches and what Jetty refuses; the routes of all tables are matched in one
     * {@link RouteOrder}, so no door's paths shadow another's.
     */
    public static HttpServer start(ServerConfig config, Pipeline pipeline, List<DoorRoutes> tables) {
        return start(config, new Listener(config.listenHost(), config.listenPort(), config.socket(), "--listen"),
                pipeline, tables);
    }

    /**
     * Starts a listener of its own for one door ({@code table}) on {@code address}: TLS with the main listener's
     * certificate and key when they are configured, no Unix socket; what no route of the table matches is answered
     * in that door's error format.
     */
    public static HttpServer startDoor(ServerConfig config, DoorSettings.HostPort address, Pipeline pipeline,
            DoorRoutes table) {
        return start(config, new Listener(address.host(), address.port(), Optional.empty(), "--sikkerkey-listen"),
                pipeline, List.of(table));
    }

    private static HttpServer start(ServerConfig config, Listener listener, Pipeline pipeline,
            List<DoorRoutes> tables) {
        FrontDoor door = tables.getFirst().door();
        Javalin app = Javalin.create(javalin -> {
            javalin.concurrency.useVirtualThreads = true;
            javalin.startup.showJavalinBanner = false;
            javalin.http.maxRequestSize = config.maxBodyBytes();
            // Answers carry secrets next to what a caller chose (paths, names): compressed together, their sizes
            // would leak the secret to whoever can watch them (BREACH). They are small anyway, and checking every
            // answer for compression cost a read 5 % of its CPU.
            javalin.http.compressionStrategy = CompressionStrategy.NONE;
            javalin.jetty.addConnector((server, http) -> connector(server, http, config, listener));
            // after the TCP connector: Javalin reads its port from the first connector
            listener.socket().ifPresent(path -> javalin.jetty.addConnector((server, http) -> socketConnector(server, path)));
            javalin.jetty.modifyServer(server -> {
                server.setStopTimeout(10_000);
                server.setErrorHandler(new JsonErrorHandler(pipeline, door));
            });
            javalin.routes.before(ctx -> refuseAmbiguousTarget(pipeline, door, ctx));
            for (DoorRoute served : ordered(tables)) {
                Route route = served.route();
                javalin.routes.addHttpHandler(HandlerType.findOrCreate(route.method().name()), route.path(),
                        ctx -> pipeline.serve(route, new JavalinExchange(ctx), served.door(),
                                answer -> ReplyWriter.send(ctx, route, answer)));
            }
            // no route answers OPTIONS (no CORS), TRACE, or HEAD but where one is declared: without these Javalin
            // would answer them unaudited
            var unmatched = new java.util.LinkedHashSet<HandlerType>();
            for (Route.Method method : Route.Method.values()) {
                unmatched.add(HandlerType.findOrCreate(method.name()));
            }
            unmatched.addAll(List.of(HandlerType.OPTIONS, HandlerType.HEAD, HandlerType.TRACE));
            for (HandlerType method : unmatched) {
                javalin.routes.addHttpHandler(method, "/<unmatched>", ctx -> unmatched(pipeline, door, ctx));
                javalin.routes.addHttpHandler(method, "/", ctx -> unmatched(pipeline, door, ctx));
            }
        });
        try {
            app.start();
        } catch (io.javalin.util.JavalinBindException e) {
            throw new dev.arca.server.config.ConfigException("cannot listen on " + listener.host() + ":"
                    + listener.port() + ": the port is in use (another Arca, or another program); stop it, or "
                    + "choose another port with " + listener.setting());
        }
        return new HttpServer(app, pipeline);
    }

    /** Every door's routes in one matching order ({@link RouteOrder}), each with its door. */
    private static List<DoorRoute> ordered(List<DoorRoutes> tables) {
        var all = new java.util.ArrayList<DoorRoute>();
        for (DoorRoutes table : tables) {
            table.routes().forEach(route -> all.add(new DoorRoute(table.door(), route)));
        }
        return RouteOrder.ordered(all, DoorRoute::route);
    }

    /** A request no route matches: 404 in the door's error format, audited like any other. */
    private static void unmatched(Pipeline pipeline, FrontDoor door, Context ctx) {
        pipeline.refuse(new JavalinExchange(ctx), door, ArcaException.notFound("no route " + ctx.method().name() + " "
                + ctx.path() + door.noRouteHint()), answer -> ReplyWriter.send(ctx, answer));
    }

    /**
     * Runs before routing, so a path or query spelt ambiguously ({@link RawPath}, {@link RawQuery}: a parameter given
     * twice among them) is answered 400 before the router decodes it (a broken escape would otherwise fail inside
     * the router as a 500), for every route alike.
     */
    private static void refuseAmbiguousTarget(Pipeline pipeline, FrontDoor door, Context ctx) {
        try {
            RawPath.check(ctx.req().getRequestURI());
            RawQuery.check(ctx.req().getQueryString());
        } catch (ArcaException e) {
            pipeline.refuse(new JavalinExchange(ctx), door, e, answer -> ReplyWriter.send(ctx, answer));
            ctx.skipRemainingHandlers();
        }
    }

    private static ServerConnector connector(Server server, HttpConfiguration http, ServerConfig config,
            Listener listener) {
        limit(http);
        ServerConnector connector;
        if (config.tls()) {
            http.addCustomizer(new SecureRequestCustomizer());
            var ssl = new SslContextFactory.Server();
            ssl.setKeyStore(PemKeyStore.load(config.tlsCert().orElseThrow(), config.tlsKey().orElseThrow()));
            ssl.setKeyStorePassword(PemKeyStore.PASSWORD);
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
            connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            connector = new ServerConnector(server, new HttpConnectionFactory(http));
        }
        connector.setHost(listener.host());
        connector.setPort(listener.port());
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        return connector;
    }

    /** Plain HTTP on the socket: its own configuration, so no TLS customizer of the TCP listener applies. */
    private static UnixSocketConnector socketConnector(Server server, Path path) {
        var http = new HttpConfiguration();
        limit(http);
        var connector = UnixSocketConnector.create(server, http, path);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        return connector;
    }

    private static void limit(HttpConfiguration http) {
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
    }

    public int port() {
        return app.port();
    }

    /** Stops accepting, lets in-flight requests finish (up to 10 s), then stops. */
    @Override
    public void close() {
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof AbstractConnector acceptor) {
                acceptor.shutdown();
            }
        }
        try {
            pipeline.awaitIdle(DRAIN_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        app.stop();
    }
}
