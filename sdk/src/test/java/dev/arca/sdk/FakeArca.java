package dev.arca.sdk;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP peer on loopback with canned answers per {@code "METHOD /raw/path?query"}, for testing the SDK's and
 * the CLI's handling of answers without a server. Every other route gets the {@link #otherwise} answer, by default
 * {@code 404 not_found}. Shared with the CLI's tests through the SDK's test jar.
 */
public final class FakeArca implements AutoCloseable {
    /**
     * What a request carried: {@code route} is {@code "METHOD /raw/path?query"}; {@code headers} has lower-case
     * names and the first value of each.
     */
    public record Request(String route, String authorization, String body, Map<String, String> headers) {
        /** The raw request target as received: {@code /raw/path?query}. */
        public String target() {
            return route.substring(route.indexOf(' ') + 1);
        }

        /** The method: {@code GET}, {@code POST}… */
        public String method() {
            return route.substring(0, route.indexOf(' '));
        }

        /** A header by its name in any case, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private record Answer(int status, String body, Map<String, String> headers) {}

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, java.util.Queue<Answer>> onceAnswers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Answer otherwise = new Answer(404,
            "{\"error\":{\"code\":\"not_found\",\"message\":\"no such route\",\"request_id\":\"req_404\"}}", Map.of());

    public FakeArca() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            var uri = exchange.getRequestURI();
            String route = exchange.getRequestMethod() + " " + uri.getRawPath()
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            var headers = new java.util.TreeMap<String, String>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
            requests.add(new Request(route, exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), Map.copyOf(headers)));
            var queued = onceAnswers.get(route);
            var first = queued == null ? null : queued.poll();
            var answer = first != null ? first : answers.getOrDefault(route, otherwise);
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        });
        server.start();
    }

    /** Answers {@code route} ({@code "GET /v1/vaults"}) with this status and body. */
    public FakeArca on(String route, int status, String body) {
        answers.put(route, new Answer(status, body, Map.of()));
        return this;
    }

    /**
     * Answers the next request to {@code route} with this status, body and headers, once; later ones get the
     * route's other answers (queued {@code once} answers first, in order).
     */
    public FakeArca once(String route, int status, String body, Map<String, String> headers) {
        onceAnswers.computeIfAbsent(route, r -> new java.util.concurrent.ConcurrentLinkedQueue<>())
                .add(new Answer(status, body, Map.copyOf(headers)));
        return this;
    }

    /** Answers every route without its own answer with this status, body and headers. */
    public FakeArca otherwise(int status, String body, Map<String, String> headers) {
        otherwise = new Answer(status, body, Map.copyOf(headers));
        return this;
    }

    /** Same as {@link #otherwise(int, String, Map)} without headers. */
    public FakeArca otherwise(int status, String body) {
        return otherwise(status, body, Map.of());
    }

    /** Every request so far, oldest first. */
    public List<Request> requests() {
        return requests;
    }

    /** The latest request. */
    public Request last() {
        return requests.get(requests.size() - 1);
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
