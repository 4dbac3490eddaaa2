package dev.arca.sdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.arca.api.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.ProtocolException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/**
 * Every request of the SDK goes through here: it adds the credential (a bearer token, or a machine signature made
 * afresh for each attempt over the exact bytes sent), writes the body with {@link Json#strict()},
 * reads the answer with {@link Json#lenient()} (newer servers may add fields) and turns every failure into one of
 * the SDK's exceptions ({@link ErrorDecoder} reads error answers). This is the only place that sends requests and
 * reads statuses; the bytes travel through an {@link Exchange}: TCP ({@link JdkExchange}) or a Unix domain socket ({@link UnixSocketExchange}).
 */
final class HttpTransport implements AutoCloseable {
    private static final ObjectMapper OUT = Json.strict();
    private static final ObjectMapper IN = Json.lenient();

    /** How a request proves who sends it; applied to each attempt just before it is sent. */
    @FunctionalInterface
    interface Credential {
        /** No credential: public routes (health, init, unseal, enroll, login…). */
        Credential NONE = (header, method, pathWithQuery, body) -> {};

        /** Adds this credential's headers to one attempt: {@code pathWithQuery} and {@code body} as sent. */
        void apply(BiConsumer<String, String> header, String method, String pathWithQuery, byte @Nullable [] body);

        /**
         * After the server refused {@code refused} with 401: gets a new credential if this kind can (an OAuth
         * client's token can be exchanged again) and says whether to send the request once more.
         */
        default boolean renew(Exchange.Request refused) {
            return false;
        }

        /** {@code Authorization: Bearer <token>}. */
        static Credential bearer(String token) {
            return (header, method, pathWithQuery, body) -> header.accept("Authorization", "Bearer " + token);
        }

        /** The four machine-signature headers of DESIGN §6. */
        static Credential signature(RequestSigner signer) {
            return (header, method, pathWithQuery, body) -> signer.sign(method, pathWithQuery, body).forEach(header);
        }
    }

    /**
     * One way of sending an attempt and reading what the retry loop needs from its answer: a whole answer, or
     * (for event streams) one whose body is still arriving.
     */
    private interface Attempt<R> {
        R send(Exchange.Request request) throws IOException, InterruptedException;

        int status(R response);

        Optional<String> header(R response, String name);

        /** Drops an answer that will be sent again. */
        @SuppressWarnings("UnusedVariable") // an answer of the JDK client holds nothing to release
        default void discard(R response) {}
    }

    /** An attempt whose answer is read whole ({@link Exchange.Answer}); only how it is sent differs. */
    private abstract static class WholeAnswer implements Attempt<Exchange.Answer> {
        @Override
        public int status(Exchange.Answer answer) {
            return answer.status();
        }

        @Override
        public Optional<String> header(Exchange.Answer answer, String name) {
            return answer.header(name);
        }
    }

    private final Exchange exchange;
    private final Credential credential;
    private final Duration timeout;
    private final RetryPolicy retryPolicy;
    private final ExecutorService executor;
    private final Attempt<Exchange.Answer> whole;

    HttpTransport(URI address, Credential credential, Duration timeout) {
        this(address, credential, timeout, RetryPolicy.DEFAULT);
    }

    /** Over TCP to {@code address} ({@code http[s]://host:port}). */
    HttpTransport(URI address, Credential credential, Duration timeout, RetryPolicy retryPolicy) {
        this(address, credential, timeout, retryPolicy, null);
    }

    /** Over TCP, trusting {@code tls}'s certificates for HTTPS (null: the JDK's). */
    HttpTransport(URI address, Credential credential, Duration timeout, RetryPolicy retryPolicy,
            @Nullable SSLContext tls) {
        this(executor -> new JdkExchange(address, timeout, executor, tls), credential, timeout, retryPolicy);
    }

    /** Over the Unix domain socket at {@code socket} ({@code arca server --socket}). */
    static HttpTransport unixSocket(Path socket, Credential credential, Duration timeout, RetryPolicy retryPolicy) {
        return new HttpTransport(executor -> new UnixSocketExchange(socket, executor), credential, timeout,
                retryPolicy);
    }

    private HttpTransport(Function<ExecutorService, Exchange> exchange, Credential credential, Duration timeout,
            RetryPolicy retryPolicy) {
        this.credential = credential;
        this.timeout = timeout;
        this.retryPolicy = retryPolicy;
        this.executor = Executors.newCachedThreadPool(runnable -> {
            var thread = new Thread(runnable, "arca-sdk-http");
            thread.setDaemon(true);
            return thread;
        });
        this.exchange = exchange.apply(executor);
        this.whole = new WholeAnswer() {
            @Override
            public Exchange.Answer send(Exchange.Request request) throws IOException, InterruptedException {
                return HttpTransport.this.exchange.send(request);
            }
        };
    }

    /** How long each request may take (a long poll: plus its wait). */
    Duration timeout() {
        return timeout;
    }

    /** When and how long requests are sent again. */
    RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The server's address: {@code https://…}, or {@code unix:/…} for a socket. */
    URI address() {
        return exchange.address();
    }

    /** Sends a request and reads a 2xx answer as {@code answer}. */
    <T> T call(String method, RequestTarget target, @Nullable Object body, Class<T> answer) {
        return decode(exchange(method, target, body), method, target, IN.constructType(answer), Set.of());
    }

    /** Sends a request and reads a 2xx answer as a generic type such as {@code Page<Vault>}. */
    <T> T call(String method, RequestTarget target, @Nullable Object body, TypeReference<T> answer) {
        return decode(exchange(method, target, body), method, target, IN.constructType(answer), Set.of());
    }

    /** Sends a request whose success has no body (204). */
    void call(String method, RequestTarget target, @Nullable Object body) {
        requireAnswer(exchange(method, target, body), target, Set.of());
    }

    /** A 2xx answer read as its type, and how long the server asked to wait before reading again. */
    record Polled<T>(T value, Duration retryAfter) {}

    /**
     * A GET of something that moves on in the server's background (an ACME order): the answer, and its
     * {@code Retry-After} (zero when none came), which says when reading again is worth it.
     */
    <T> Polled<T> poll(RequestTarget target, Class<T> answer) {
        return polled(exchange("GET", target, null), target, answer);
    }

    /** {@link #poll} without blocking. */
    <T> CompletableFuture<Polled<T>> pollAsync(RequestTarget target, Class<T> answer) {
        return exchangeAsync("GET", target, null).thenApply(response -> polled(response, target, answer));
    }

    private <T> Polled<T> polled(Exchange.Answer response, RequestTarget target, Class<T> answer) {
        T value = decode(response, "GET", target, IN.constructType(answer), Set.of());
        return new Polled<>(value, retryAfter(response.header("Retry-After").orElse(null)));
    }

    /**
     * Like {@link #call(String, RequestTarget, Object, Class)}, but also reads {@code answer} on the given non-2xx
     * statuses unless the body is an error envelope: health reports sealed as 503 with a health body.
     */
    <T> T callReadingStatuses(String method, RequestTarget target, Class<T> answer, Set<Integer> statuses) {
        var response = send(method, target, null, null, "application/json", timeout, whole, statuses);
        return decode(response, method, target, IN.constructType(answer), statuses);
    }

    /**
     * Posts an {@code application/x-www-form-urlencoded} body (the OAuth token endpoint) and reads a 2xx answer;
     * the form's values are never part of an exception message.
     */
    <T> T callForm(RequestTarget target, Map<String, String> form, Class<T> answer) {
        var encoded = new StringJoiner("&");
        form.forEach((name, value) -> encoded.add(RequestTarget.encode(name) + "=" + RequestTarget.encode(value)));
        byte[] bytes = encoded.toString().getBytes(StandardCharsets.UTF_8);
        return decode(send("POST", target, bytes, "application/x-www-form-urlencoded"), "POST", target,
                IN.constructType(answer), Set.of());
    }

    /**
     * A GET that may legitimately wait for {@code wait} before answering (a long poll): the timeout is stretched by
     * that much. A {@code 204 No Content} answer is empty.
     */
    <T> Optional<T> callWaiting(RequestTarget target, Duration wait, Class<T> answer) {
        var response = send("GET", target, null, null, "application/json", timeout.plus(wait), whole, Set.of());
        if (response.status() == 204) {
            return Optional.empty();
        }
        return Optional.of(decode(response, "GET", target, IN.constructType(answer), Set.of()));
    }

    /**
     * A GET whose 2xx answer is not JSON (a certificate or a CRL, DER or PEM): its bytes as they came, asking for
     * {@code accept}. Errors are read and thrown as for {@link #call}.
     */
    byte[] callBytes(RequestTarget target, String accept) {
        var response = send("GET", target, null, null, accept, timeout, whole, Set.of());
        requireAnswer(response, target, Set.of());
        return response.body();
    }

    /** {@link #callBytes} without blocking. */
    CompletableFuture<byte[]> callBytesAsync(RequestTarget target, String accept) {
        return sendAsync("GET", target, null, null, accept, timeout, 1, false).thenApply(response -> {
            requireAnswer(response, target, Set.<Integer>of());
            return response.body();
        });
    }

    /**
     * Opens a {@code text/event-stream}: returns once the answer's headers have arrived, with its lines to read as
     * they come. An error answer is read whole and thrown as usual. Only the wait for the headers is timed.
     */
    HttpResponse<Stream<String>> openStream(RequestTarget target) {
        if (!(exchange instanceof JdkExchange jdk)) {
            throw new ConfigurationException("event streams are served over TCP only; connect to an http(s) address");
        }
        var response = send("GET", target, null, null, "text/event-stream", timeout, new Attempt<HttpResponse<Stream<String>>>() {
            @Override
            public HttpResponse<Stream<String>> send(Exchange.Request request)
                    throws IOException, InterruptedException {
                return jdk.openLines(request);
            }

            @Override
            public int status(HttpResponse<Stream<String>> response) {
                return response.statusCode();
            }

            @Override
            public Optional<String> header(HttpResponse<Stream<String>> response, String name) {
                return response.headers().firstValue(name);
            }

            @Override
            public void discard(HttpResponse<Stream<String>> response) {
                response.body().close();
            }
        }, Set.of());
        if (response.statusCode() / 100 != 2) {
            byte[] body;
            try (Stream<String> lines = response.body()) {
                body = lines.collect(Collectors.joining("\n")).getBytes(StandardCharsets.UTF_8);
            }
            throw error(response.statusCode(), name -> response.headers().firstValue(name), body, target);
        }
        return response;
    }

    /**
     * A GET whose 2xx body is copied to {@code out} as it comes (a snapshot, of any size), {@code progress} told the
     * bytes so far. An error answer is read whole and thrown as usual. Only the wait for the headers is timed.
     */
    void download(RequestTarget target, String accept, OutputStream out, LongConsumer progress) {
        var jdk = tcpOnly("a snapshot");
        var response = send("GET", target, null, null, accept, timeout,
                new Attempt<HttpResponse<InputStream>>() {
                    @Override
                    public HttpResponse<InputStream> send(Exchange.Request request)
                            throws IOException, InterruptedException {
                        return jdk.openBody(request);
                    }

                    @Override
                    public int status(HttpResponse<InputStream> response) {
                        return response.statusCode();
                    }

                    @Override
                    public Optional<String> header(HttpResponse<InputStream> response, String name) {
                        return response.headers().firstValue(name);
                    }

                    @Override
                    public void discard(HttpResponse<InputStream> response) {
                        try {
                            response.body().close();
                        } catch (IOException ignored) {
                            // the answer is dropped anyway
                        }
                    }
                }, Set.of());
        try (var in = new JdkExchange.CountingInputStream(response.body(), progress)) {
            if (response.statusCode() / 100 != 2) {
                throw error(response.statusCode(), name -> response.headers().firstValue(name), in.readAllBytes(),
                        target);
            }
            in.transferTo(out);
        } catch (IOException e) {
            throw new ConnectionException("the answer from Arca at " + address() + " to GET " + target
                    + " broke off: " + e.getMessage(), e);
        }
    }

    /**
     * A POST whose body is {@code file}, sent as it is read ({@code progress} told the bytes so far), and whose 2xx
     * answer is read as {@code answer}. No timeout: a large body takes the time it takes.
     */
    <T> T upload(RequestTarget target, Path file, String contentType, LongConsumer progress, Class<T> answer) {
        var jdk = tcpOnly("a snapshot");
        var response = send("POST", target, null, contentType, "application/json", timeout, new WholeAnswer() {
            @Override
            public Exchange.Answer send(Exchange.Request request) throws IOException, InterruptedException {
                return jdk.sendFile(request, file, progress);
            }
        }, Set.of());
        return decode(response, "POST", target, IN.constructType(answer), Set.of());
    }

    private JdkExchange tcpOnly(String what) {
        if (!(exchange instanceof JdkExchange jdk)) {
            throw new ConfigurationException(what + " is streamed over TCP only; connect to an http(s) address");
        }
        return jdk;
    }

    /** Reads a value of a JSON text received outside {@link #call} (an event's data), leniently. */
    <T> T read(String json, Class<T> type, String what) {
        try {
            return IN.readValue(json, type);
        } catch (IOException e) {
            // No cause attached: a parser message quotes the input, which may hold a secret value.
            throw new ArcaException("Arca at " + address() + " sent " + what + " that is not a " + type.getSimpleName());
        }
    }

    private Exchange.Answer exchange(String method, RequestTarget target, @Nullable Object body) {
        return send(method, target, encode(body, target), body == null ? null : "application/json");
    }

    private Exchange.Answer send(String method, RequestTarget target, byte @Nullable [] body,
            @Nullable String contentType) {
        return send(method, target, body, contentType, "application/json", timeout, whole, Set.of());
    }

    /**
     * Sends a request, again after a wait when {@link RetryPolicy} says so; each attempt is built and signed afresh.
     * A status in {@code answered} is the caller's answer, never retried (health reports sealed as 503).
     */
    private <R> R send(String method, RequestTarget target, byte @Nullable [] body, @Nullable String contentType,
            String accept,
            Duration requestTimeout, Attempt<R> attempt, Set<Integer> answered) {
        if (executor.isShutdown()) {
            throw new IllegalStateException("this ArcaClient is closed");
        }
        boolean renewed = false;
        for (int retry = 1; ; retry++) {
            Exchange.Request request = request(method, target, body, contentType, accept, requestTimeout);
            try {
                R response = attempt.send(request);
                int status = attempt.status(response);
                if (status == 401 && !renewed && credential.renew(request)) {
                    renewed = true;
                    retry--; // sending with a renewed credential is not one of the retries
                    attempt.discard(response);
                    continue;
                }
                Duration wait = answered.contains(status) ? null
                        : statusDelay(retry, method, status, attempt.header(response, "Retry-After"));
                if (wait == null) {
                    return response;
                }
                attempt.discard(response);
                pause(wait);
            } catch (IOException e) {
                Duration wait = retryPolicy.delayBefore(retry, Duration.ZERO);
                if (wait == null || !RetryPolicy.retriesFailure(method, connectionNeverMade(e))) {
                    throw failure(method, target, requestTimeout, e);
                }
                pause(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ArcaException("interrupted while waiting for Arca at " + address(), e);
            }
        }
    }

    /**
     * {@link #call(String, RequestTarget, Object, Class)} without blocking: the same attempts, retries (waited for
     * on a timer, not a sleeping thread) and error mapping; the future fails with the SDK's exception.
     */
    <T> CompletableFuture<T> callAsync(String method, RequestTarget target, @Nullable Object body, Class<T> answer) {
        return callAsync(method, target, body, IN.constructType(answer));
    }

    /** {@link #callAsync(String, RequestTarget, Object, Class)} for a generic answer such as {@code Page<…>}. */
    <T> CompletableFuture<T> callAsync(String method, RequestTarget target, @Nullable Object body,
            TypeReference<T> answer) {
        return callAsync(method, target, body, IN.constructType(answer));
    }

    /** {@link #call(String, RequestTarget, Object)} without blocking: a success that has no body (204). */
    CompletableFuture<Void> callAsync(String method, RequestTarget target, @Nullable Object body) {
        return exchangeAsync(method, target, body)
                .thenAccept(response -> requireAnswer(response, target, Set.<Integer>of()));
    }

    private <T> CompletableFuture<T> callAsync(String method, RequestTarget target, @Nullable Object body,
            JavaType answer) {
        return exchangeAsync(method, target, body)
                .thenApply(response -> decode(response, method, target, answer, Set.<Integer>of()));
    }

    private CompletableFuture<Exchange.Answer> exchangeAsync(String method, RequestTarget target,
            @Nullable Object body) {
        byte[] bytes;
        try {
            bytes = encode(body, target);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return sendAsync(method, target, bytes, body == null ? null : "application/json", "application/json", timeout,
                1, false);
    }

    /**
     * {@link #callWaiting} without blocking: a long poll whose timeout is stretched by {@code wait}, no thread held
     * meanwhile; a {@code 204 No Content} answer is empty.
     */
    <T> CompletableFuture<Optional<T>> callWaitingAsync(RequestTarget target, Duration wait, Class<T> answer) {
        JavaType type = IN.constructType(answer);
        return sendAsync("GET", target, null, null, "application/json", timeout.plus(wait), 1, false)
                .thenApply(response ->
                response.status() == 204 ? Optional.<T>empty()
                        : Optional.of(decode(response, "GET", target, type, Set.<Integer>of())));
    }

    private CompletableFuture<Exchange.Answer> sendAsync(String method, RequestTarget target, byte @Nullable [] body,
            @Nullable String contentType, String accept, Duration requestTimeout, int retry, boolean renewed) {
        if (executor.isShutdown()) {
            return CompletableFuture.failedFuture(new IllegalStateException("this ArcaClient is closed"));
        }
        Exchange.Request request;
        try {
            request = request(method, target, body, contentType, accept, requestTimeout);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return exchange.sendAsync(request).handle((response, thrown) -> {
            if (thrown != null) {
                Throwable cause = thrown instanceof CompletionException && thrown.getCause() != null
                        ? thrown.getCause() : thrown;
                if (!(cause instanceof IOException io)) {
                    return CompletableFuture.<Exchange.Answer>failedFuture(cause);
                }
                Duration wait = retryPolicy.delayBefore(retry, Duration.ZERO);
                if (wait == null || !RetryPolicy.retriesFailure(method, connectionNeverMade(io))) {
                    return CompletableFuture.<Exchange.Answer>failedFuture(failure(method, target, requestTimeout, io));
                }
                return later(wait, () -> sendAsync(method, target, body, contentType, accept, requestTimeout,
                        retry + 1, renewed));
            }
            if (response.status() == 401 && !renewed && credential.renew(request)) {
                return sendAsync(method, target, body, contentType, accept, requestTimeout, retry, true);
            }
            Duration wait = statusDelay(retry, method, response.status(), response.header("Retry-After"));
            if (wait == null) {
                return CompletableFuture.completedFuture(response);
            }
            return later(wait, () -> sendAsync(method, target, body, contentType, accept, requestTimeout,
                    retry + 1, renewed));
        }).thenCompose(next -> next);
    }

    /** Runs {@code next} after {@code wait} on a timer: no thread sleeps meanwhile. */
    <T> CompletableFuture<T> later(Duration wait, Supplier<CompletableFuture<T>> next) {
        var delayed = CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS, executor);
        return CompletableFuture.supplyAsync(next, delayed).thenCompose(future -> future);
    }

    /** One attempt's request, with the credential applied to exactly these bytes now (a fresh signature each time). */
    private Exchange.Request request(String method, RequestTarget target, byte @Nullable [] body,
            @Nullable String contentType, String accept, Duration requestTimeout) {
        String wireTarget = exchange.wireTarget(target);
        var headers = new LinkedHashMap<String, String>();
        headers.put("Accept", accept);
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        credential.apply(headers::put, method, wireTarget, body);
        return new Exchange.Request(method, wireTarget, headers, body, requestTimeout);
    }

    /** The wait before sending again after this answer, or null to keep the answer. */
    private @Nullable Duration statusDelay(int retry, String method, int status, Optional<String> retryAfter) {
        if (!RetryPolicy.retriesStatus(method, status)) {
            return null;
        }
        return retryPolicy.delayBefore(retry, retryAfter(retryAfter.orElse(null)));
    }

    /** Refused, or the connect timeout: the request never reached the server. */
    private static boolean connectionNeverMade(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private ConnectionException failure(String method, RequestTarget target, Duration requestTimeout, IOException e) {
        if (e instanceof HttpTimeoutException && !(e instanceof HttpConnectTimeoutException)) {
            return new ConnectionException("Arca at " + address() + " did not answer " + method + " " + target.path()
                    + " within " + requestTimeout.toMillis() + " ms", e);
        }
        if (e instanceof ProtocolException) {
            return new ConnectionException("Arca at " + address() + " sent a broken HTTP answer to " + method + " "
                    + target.path() + ": " + e.getMessage() + "; is it an Arca server?", e);
        }
        return unreachable(e);
    }

    private void pause(Duration wait) {
        try {
            retryPolicy.sleeper().sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ArcaException("interrupted while waiting to retry a request to Arca at " + address(), e);
        }
    }

    private static byte @Nullable [] encode(@Nullable Object body, RequestTarget target) {
        if (body == null) {
            return null;
        }
        try {
            return OUT.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            // The message could quote the body, which may hold a secret.
            throw new ArcaException("cannot encode the request body for " + target.path());
        }
    }

    private ConnectionException unreachable(IOException e) {
        if ("http".equals(address().getScheme()) && reason(e).contains("status line")) {
            // TLS bytes read as HTTP: the usual cause is an http:// address of an HTTPS listener (its bytes are
            // binary, so they are not repeated)
            return new ConnectionException("Arca at " + address() + " did not answer in plain HTTP; if it serves "
                    + "HTTPS, use " + address().toString().replaceFirst("^http:", "https:"), e);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLHandshakeException) {
                return new ConnectionException("cannot reach Arca at " + address() + " over TLS: " + reason(e)
                        + "; if its certificate comes from a private CA, trust that CA's PEM file (CLI: --ca-cert FILE "
                        + "or ARCA_CACERT; SDK: ArcaClient.Builder.trustCertificates)", e);
            }
        }
        return new ConnectionException("cannot reach Arca at " + address() + ": " + reason(e) + "; is the server running?", e);
    }

    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    private <T> T decode(Exchange.Answer response, String method, RequestTarget target, JavaType answer,
            Set<Integer> answerStatuses) {
        requireAnswer(response, target, answerStatuses);
        int status = response.status();
        try {
            return IN.readValue(response.body(), answer);
        } catch (IOException e) {
            // No cause attached: a parser message quotes the input, which may be a secret.
            throw new ArcaException("Arca at " + address() + " sent an answer to " + method + " "
                    + target.path() + " that is not a " + answer.getRawClass().getSimpleName()
                    + " (HTTP " + status + ")");
        }
    }

    /** Throws the error a response carries, unless it is a 2xx or one of {@code answerStatuses} with no envelope. */
    private void requireAnswer(Exchange.Answer response, RequestTarget target, Set<Integer> answerStatuses) {
        int status = response.status();
        boolean success = status / 100 == 2;
        if (!success && !(answerStatuses.contains(status) && !ErrorDecoder.isErrorEnvelope(response.body()))) {
            throw error(status, response::header, response.body(), target);
        }
    }

    private ApiException error(int status, Function<String, Optional<String>> headers, byte[] body,
            RequestTarget target) {
        return ErrorDecoder.answer(status, headers, body, address(), namesSecret(target), target.secret());
    }

    /**
     * {@code /v1/vaults/{vault}/secrets/{path…}…}, {@code …/transit/{path…}…} or a target marked as about a secret
     * ({@code /v1/secrets/{id}…}): a route about one secret.
     */
    private static boolean namesSecret(RequestTarget target) {
        if (target.secret() != null) {
            return true;
        }
        String[] segments = target.path().split("/");
        return segments.length > 5 && segments[1].equals("v1") && segments[2].equals("vaults")
                && (segments[4].equals("secrets") || segments[4].equals("transit"));
    }

    /** {@code Retry-After} is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
    static Duration retryAfter(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return Duration.ZERO;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                var until = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                var wait = Duration.between(ZonedDateTime.now(until.getZone()), until);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return Duration.ZERO;
            }
        }
    }

    @Override
    public void close() {
        exchange.close();
        executor.shutdownNow();
    }
}
