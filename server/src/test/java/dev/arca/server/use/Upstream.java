package dev.arca.server.use;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An upstream for {@code use http_request} tests on 127.0.0.1: it records every request it gets and answers by path.
 * {@code /echo} puts the request's Authorization and X-API-Key headers in its answer headers and every request
 * header in its body; {@code /redirect} answers 302 to {@code redirectTo}; {@code /slow} never answers until closed;
 * {@code /big} answers 1 MiB + 1 byte; {@code /binary} answers bytes that are not UTF-8.
 */
final class Upstream implements AutoCloseable {
    /** One request as the upstream saw it. */
    record Seen(String method, String uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final CountDownLatch closing = new CountDownLatch(1);
    volatile String redirectTo = "http://127.0.0.1:9/";

    Upstream() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                Map.copyOf(exchange.getRequestHeaders()), body));
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/echo" -> {
                for (String name : List.of("Authorization", "X-API-Key", "X-Custom")) {
                    String value = exchange.getRequestHeaders().getFirst(name);
                    if (value != null) {
                        exchange.getResponseHeaders().add("X-Echo-" + name, value);
                    }
                }
                exchange.getResponseHeaders().add("X-Multi", "one");
                exchange.getResponseHeaders().add("X-Multi", "two");
                answer(exchange, 200, ("method=" + exchange.getRequestMethod() + " headers="
                        + exchange.getRequestHeaders() + " body=" + body).getBytes(StandardCharsets.UTF_8));
            }
            case "/redirect" -> {
                exchange.getResponseHeaders().add("Location", redirectTo);
                answer(exchange, 302, new byte[0]);
            }
            case "/slow" -> {
                try {
                    closing.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                answer(exchange, 200, new byte[0]);
            }
            case "/big" -> answer(exchange, 200, new byte[UpstreamClient.DEFAULT_MAX_RESPONSE_BYTES + 1]);
            case "/binary" -> answer(exchange, 200, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
            default -> answer(exchange, 200, ("ok " + path).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        } catch (IOException gone) {
            // the client gave up (cap, timeout): nothing to tell it
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
