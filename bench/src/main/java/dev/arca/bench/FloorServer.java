package dev.arca.bench;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import java.net.URI;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The floor: a bare Javalin hello route in this JVM, on a loopback port, with the listener settings the server's
 * {@code frontend.http.HttpServer} uses (the same Javalin and Jetty, virtual threads, its header limit, idle timeout
 * and accept queue). Nothing of Arca runs behind it, so a scenario's ratio to it is what Arca's own work costs on
 * top of HTTP itself on this machine, measured in the same window and by the same load driver.
 */
final class FloorServer implements AutoCloseable {
    static final String PATH = "/hello";
    // HttpServer's values (private there): kept equal so the floor's Jetty is configured as the server's is
    private static final int MAX_HEADER_BYTES = 32 * 1024;
    private static final long IDLE_TIMEOUT_MS = 75_000;
    private static final int ACCEPT_QUEUE = 4096;

    private final Javalin app;

    private FloorServer(Javalin app) {
        this.app = app;
    }

    static FloorServer start() {
        Javalin app = Javalin.create(javalin -> {
            javalin.concurrency.useVirtualThreads = true;
            javalin.startup.showJavalinBanner = false;
            javalin.http.compressionStrategy = CompressionStrategy.NONE; // as the server: answers are never compressed
            javalin.jetty.addConnector((server, http) -> {
                http.setRequestHeaderSize(MAX_HEADER_BYTES);
                http.setSendServerVersion(false);
                var connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost("127.0.0.1");
                connector.setPort(0);
                connector.setIdleTimeout(IDLE_TIMEOUT_MS);
                connector.setAcceptQueueSize(ACCEPT_QUEUE);
                return connector;
            });
            javalin.routes.get(PATH, ctx -> ctx.result("hello"));
        });
        app.start();
        return new FloorServer(app);
    }

    URI address() {
        return URI.create("http://127.0.0.1:" + app.port());
    }

    @Override
    public void close() {
        app.stop();
    }
}
