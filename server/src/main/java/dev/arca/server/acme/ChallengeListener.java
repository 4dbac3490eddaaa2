package dev.arca.server.acme;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Arca's answer to http-01 (RFC 8555 §8.3): a plain-HTTP listener at {@code acme_challenge_listen} serving
 * {@code GET /.well-known/acme-challenge/{token}} with the key authorization of an open order, read from the
 * database, so any node behind the name answers for orders any node started. Everything else is 404. Key
 * authorizations are public by design (token + account key thumbprint), so nothing here needs protecting.
 */
final class ChallengeListener implements AutoCloseable {
    private static final String PREFIX = "/" + Challenges.WELL_KNOWN + "/";

    private final HttpServer server;
    private final ExecutorService executor;

    private ChallengeListener(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts listening at {@code hostPort}; {@code answers} maps a token to its key authorization. */
    static ChallengeListener start(String hostPort, Function<String, Optional<String>> answers) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("acme_challenge_listen must be host:port, got " + hostPort);
        }
        String host = hostPort.substring(0, colon);
        var address = host.isEmpty() || host.equals("*") ? new InetSocketAddress(Integer.parseInt(
                hostPort.substring(colon + 1))) : new InetSocketAddress(host, Integer.parseInt(hostPort.substring(
                colon + 1)));
        try {
            HttpServer server = HttpServer.create(address, 50);
            server.createContext("/", exchange -> answer(exchange, answers));
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.start();
            return new ChallengeListener(server, executor);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for ACME http-01 challenges at " + hostPort, e);
        }
    }

    private static void answer(HttpExchange exchange, Function<String, Optional<String>> answers) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            @Nullable String body = null;
            if ("GET".equals(exchange.getRequestMethod()) && path.startsWith(PREFIX)) {
                body = answers.apply(path.substring(PREFIX.length())).orElse(null);
            }
            byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", body == null ? "text/plain" : "application/octet-stream");
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
