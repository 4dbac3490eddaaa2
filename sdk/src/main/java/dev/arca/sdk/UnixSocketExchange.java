package dev.arca.sdk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Exchange} over a Unix domain socket ({@code arca server --socket}), which {@code java.net.http} cannot
 * reach: plain HTTP/1.1, one request per connection ({@code Connection: close}), the answer read by
 * {@link Http11AnswerReader}. The socket file's mode (0600) is the protection: there is no TLS on it.
 *
 * <p>A request's timeout covers connecting, sending and reading the whole answer: when it passes, a timer closes
 * the connection, which ends the blocked read.
 */
final class UnixSocketExchange implements Exchange {
    /** Answers larger than this are refused: the largest Arca answers (pages, exports) stay far below. */
    static final int DEFAULT_MAX_ANSWER_BYTES = 32 * 1024 * 1024;

    private final Path socket;
    private final URI address;
    private final int maxAnswerBytes;
    private final Executor executor;
    private final ScheduledThreadPoolExecutor timer;

    UnixSocketExchange(Path socket, Executor executor) {
        this(socket, executor, DEFAULT_MAX_ANSWER_BYTES);
    }

    UnixSocketExchange(Path socket, Executor executor, int maxAnswerBytes) {
        this.socket = socket.toAbsolutePath();
        this.address = URI.create("unix:" + RequestTarget.encode(this.socket.toString()).replace("%2F", "/"));
        this.maxAnswerBytes = maxAnswerBytes;
        this.executor = executor;
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            var thread = new Thread(runnable, "arca-sdk-socket-timeout");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    @Override
    public URI address() {
        return address;
    }

    @Override
    public String wireTarget(RequestTarget target) {
        return target.toString();
    }

    @Override
    public Answer send(Request request) throws IOException, InterruptedException {
        byte[] head = head(request);
        var timedOut = new AtomicBoolean();
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            var deadline = timer.schedule(() -> {
                timedOut.set(true);
                closeQuietly(channel);
            }, request.timeout().toNanos(), TimeUnit.NANOSECONDS);
            try {
                connect(channel);
                write(channel, head);
                if (request.body() != null) {
                    write(channel, request.body());
                }
                return Http11AnswerReader.read(Channels.newInputStream(channel), request.method(), maxAnswerBytes);
            } catch (ClosedByInterruptException e) {
                throw new InterruptedException("interrupted while talking to " + address);
            } catch (IOException e) {
                if (timedOut.get()) {
                    throw new HttpTimeoutException("no answer from " + address + " within "
                            + request.timeout().toMillis() + " ms");
                }
                throw e;
            } finally {
                deadline.cancel(false);
            }
        }
    }

    @Override
    public CompletableFuture<Answer> sendAsync(Request request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return send(request);
            } catch (IOException e) {
                throw new CompletionException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
            }
        }, executor);
    }

    /** A missing file or a socket nobody accepts on: the request never left, so it may be sent again. */
    private void connect(SocketChannel channel) throws IOException {
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
        } catch (ClosedByInterruptException e) {
            throw e;
        } catch (IOException e) {
            var refused = new ConnectException("cannot connect to the socket " + socket + ": "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            refused.initCause(e);
            throw refused;
        }
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** The request line and headers; the body is framed by Content-Length, always given when a body may follow. */
    private static byte[] head(Request request) {
        var head = new ByteArrayOutputStream();
        line(head, request.method() + " " + request.target() + " HTTP/1.1");
        line(head, "Host: localhost");
        line(head, "Connection: close");
        request.headers().forEach((name, value) -> {
            if (name.equalsIgnoreCase("host") || name.equalsIgnoreCase("connection")
                    || name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("transfer-encoding")) {
                throw new IllegalArgumentException("header " + name + " is set by the exchange itself");
            }
            line(head, name + ": " + value);
        });
        boolean bodyExpected = request.body() != null || switch (request.method().toUpperCase(Locale.ROOT)) {
            case "POST", "PUT", "PATCH" -> true;
            default -> false;
        };
        if (bodyExpected) {
            line(head, "Content-Length: " + (request.body() == null ? 0 : request.body().length));
        }
        line(head, "");
        return head.toByteArray();
    }

    /** One CRLF-terminated line; CR, LF or NUL inside it would split the request, so they are refused. */
    private static void line(ByteArrayOutputStream head, String line) {
        if (line.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("a request line or header contains CR, LF or NUL");
        }
        head.writeBytes((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is how the timeout ends the blocked read; a failure to close changes nothing more
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
