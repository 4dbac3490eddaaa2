package dev.arca.server.use;

import dev.arca.server.http.ArcaException;
import dev.arca.server.http.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The one HTTP client {@code use http_request} sends with, started with the server and stopped with it. It never
 * follows a redirect, keeps no cookies (one client serves every caller and secret), asks for no compression (the
 * body is answered as received), resolves only through {@link EgressAddressResolver}, reads at most
 * {@code maxResponseBytes} of an answer and gives up after the request's timeout.
 */
public final class UpstreamClient implements AutoCloseable {
    /** {@code use_response_max_bytes} of the contract. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

    private final HttpClient client;
    private final int maxResponseBytes;

    /** A request as it leaves: already checked against the secret's egress and with the credential injected. */
    record Outgoing(String method, URI uri, List<Map.Entry<String, String>> headers, String body, Duration timeout,
            EgressAddressResolver.Allowance allowance) {}

    /** The upstream's answer, as received (not yet redacted). Repeated headers are repeated entries. */
    record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) {}

    private UpstreamClient(HttpClient client, int maxResponseBytes) {
        this.client = client;
        this.maxResponseBytes = maxResponseBytes;
    }

    /** A started client resolving with the system's resolver. */
    public static UpstreamClient start() {
        return start(InetAddress::getAllByName, DEFAULT_MAX_RESPONSE_BYTES);
    }

    static UpstreamClient start(EgressAddressResolver.Lookup lookup, int maxResponseBytes) {
        var client = new HttpClient();
        client.setName("arca-use");
        client.setExecutor(new VirtualThreadPool());
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setSocketAddressResolver(new EgressAddressResolver(lookup));
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Arca"));
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client of use http_request", e);
        }
        client.getContentDecoderFactories().clear(); // starting adds gzip when none is configured

        return new UpstreamClient(client, maxResponseBytes);
    }

    /** Sends and reads the whole answer; 403, 502 or 504 as the contract says when that fails. */
    Answer send(Outgoing out) {
        Request request = client.newRequest(out.uri()).method(out.method()).tag(out.allowance())
                .timeout(out.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .headers(fields -> {
                    // the caller's first value of a name replaces the client's default (User-Agent); more are added
                    var named = new TreeSet<String>(String.CASE_INSENSITIVE_ORDER);
                    out.headers().forEach(h -> {
                        if (named.add(h.getKey())) {
                            fields.put(h.getKey(), h.getValue());
                        } else {
                            fields.add(h.getKey(), h.getValue());
                        }
                    });
                });
        if (out.body() != null) {
            request.body(new StringRequestContent(out.body()));
        }
        var listener = new InputStreamResponseListener();
        request.send(listener);
        Response response;
        try {
            // the request's own timeout fires first; this bound only guards against a listener never completed
            response = listener.get(out.timeout().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), out);
        } catch (TimeoutException e) {
            request.abort(e);
            throw failure(e, out);
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw ArcaException.unavailable("the server is stopping; the request was not completed");
        }
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        response.getHeaders().forEach(field -> headers.add(Map.entry(field.getName(), field.getValue())));
        return new Answer(response.getStatus(), headers, body(listener, request, out));
    }

    private byte[] body(InputStreamResponseListener listener, Request request, Outgoing out) {
        try (InputStream in = listener.getInputStream()) {
            byte[] body = in.readNBytes(maxResponseBytes + 1);
            if (body.length > maxResponseBytes) {
                request.abort(new IOException("answer larger than the cap"));
                throw new ArcaException(ErrorCode.UPSTREAM_FAILED, "the upstream " + origin(out) + " answered more "
                        + "than " + maxResponseBytes + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw failure(e, out);
        }
    }

    private static ArcaException failure(Throwable failure, Outgoing out) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            switch (cause) {
                case TimeoutException t -> {
                    return new ArcaException(ErrorCode.UPSTREAM_TIMEOUT, "the upstream " + origin(out)
                            + " did not answer within " + out.timeout().toMillis() + " ms");
                }
                case EgressAddressResolver.RefusedAddressException refused -> {
                    return ArcaException.denied("access denied: " + refused.getMessage());
                }
                case UnknownHostException unknown -> {
                    return new ArcaException(ErrorCode.UPSTREAM_FAILED, "the host of " + origin(out)
                            + " does not resolve");
                }
                case ConnectException refused -> {
                    return new ArcaException(ErrorCode.UPSTREAM_FAILED, "the upstream " + origin(out)
                            + " refused the connection");
                }
                case SSLException tls -> {
                    return new ArcaException(ErrorCode.UPSTREAM_FAILED, "the TLS handshake with " + origin(out)
                            + " failed (its certificate must be valid for the host)");
                }
                default -> {
                    // look further down the chain
                }
            }
        }
        return new ArcaException(ErrorCode.UPSTREAM_FAILED, "the upstream " + origin(out) + " closed the connection "
                + "or broke the HTTP protocol");
    }

    private static String origin(Outgoing out) {
        URI uri = out.uri();
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the HTTP client of use http_request did not stop cleanly", e);
        }
    }
}
