package dev.arca.sdk;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/** {@link Exchange} over TCP with {@code java.net.http}: HTTP/1.1 or HTTP/2, TLS, no redirects followed. */
final class JdkExchange implements Exchange {
    /** {@code HttpClient.shutdownNow()} where the JDK has it (Java 21+). */
    private static final @Nullable Method SHUTDOWN_NOW = shutdownNow();

    private final URI address;
    private final HttpClient http;

    /** @param tls the trust for HTTPS, or null for the JDK's default trust store */
    JdkExchange(URI address, Duration connectTimeout, Executor executor, @Nullable SSLContext tls) {
        this.address = address;
        var builder = HttpClient.newBuilder().connectTimeout(connectTimeout).executor(executor)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (tls != null) {
            builder.sslContext(tls);
        } else if ("http".equalsIgnoreCase(address.getScheme())) {
            builder.sslContext(TrustedCertificates.trustingNothing());
        }
        this.http = builder.build();
    }

    @Override
    public URI address() {
        return address;
    }

    @Override
    public String wireTarget(RequestTarget target) {
        // exactly as java.net.http sends it: the raw path (base path included) and raw query
        URI uri = URI.create(address + target.toString());
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    @Override
    public Answer send(Request request) throws IOException, InterruptedException {
        return answer(http.send(jdk(request), HttpResponse.BodyHandlers.ofByteArray()));
    }

    @Override
    public CompletableFuture<Answer> sendAsync(Request request) {
        return http.sendAsync(jdk(request), HttpResponse.BodyHandlers.ofByteArray()).thenApply(JdkExchange::answer);
    }

    /** A {@code text/event-stream}: the answer's lines as they come; only the wait for the headers is timed. */
    HttpResponse<Stream<String>> openLines(Request request) throws IOException, InterruptedException {
        return http.send(jdk(request), HttpResponse.BodyHandlers.ofLines());
    }

    /** An answer whose body is read as it comes; only the wait for the headers is timed. */
    HttpResponse<InputStream> openBody(Request request) throws IOException, InterruptedException {
        return http.send(jdk(request), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** Sends {@code file} as the body, as it is read (its length announced), and reads the whole answer. */
    Answer sendFile(Request request, Path file, LongConsumer progress) throws IOException, InterruptedException {
        long length = Files.size(file);
        var body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return new CountingInputStream(Files.newInputStream(file), progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), length);
        var jdk = HttpRequest.newBuilder(URI.create(origin() + request.target())).method(request.method(), body);
        request.headers().forEach(jdk::header);
        return answer(http.send(jdk.build(), HttpResponse.BodyHandlers.ofByteArray()));
    }

    /** Tells {@code progress} how many bytes were read so far. */
    static final class CountingInputStream extends FilterInputStream {
        private final LongConsumer progress;
        private long count;

        CountingInputStream(InputStream in, LongConsumer progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                progress.accept(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                progress.accept(count);
            }
            return n;
        }
    }

    private HttpRequest jdk(Request request) {
        var jdk = HttpRequest.newBuilder(URI.create(origin() + request.target()))
                .timeout(request.timeout())
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(jdk::header);
        return jdk.build();
    }

    /** The scheme, host and port: {@link #wireTarget} already carries the base path. */
    private String origin() {
        return address.getScheme() + "://" + address.getRawAuthority();
    }

    private static Answer answer(HttpResponse<byte[]> response) {
        return new Answer(response.statusCode(), response.headers().map(), response.body());
    }

    @Override
    public void close() {
        // The executor's threads are HttpTransport's to shut down; the client's own selector thread is not. A JVM
        // that exits while that thread waits in native code lingers 0.3 s for it (all of a CLI command's start-up
        // budget), so it is stopped here where the JDK can (shutdownNow, Java 21+; Java 17's client cannot be
        // closed and ends with the JVM).
        if (SHUTDOWN_NOW != null) {
            try {
                SHUTDOWN_NOW.invoke(http);
            } catch (ReflectiveOperationException e) {
                // a client that cannot be stopped ends with the JVM, as on Java 17
            }
        }
    }

    private static @Nullable Method shutdownNow() {
        try {
            return HttpClient.class.getMethod("shutdownNow");
        } catch (NoSuchMethodException java17) {
            return null;
        }
    }
}
