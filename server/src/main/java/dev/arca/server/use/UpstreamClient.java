package dev.arca.server.use;

import dev.arca.api.ErrorCode;
import dev.arca.server.error.ArcaException;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
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
import org.jspecify.annotations.Nullable;

/**
 * The one HTTP client {@code use http_request} sends with, started with the server and stopped with it. It never
 * follows a redirect, keeps no cookies (one client serves every caller and secret), asks for no compression and
 * decodes what comes compressed anyway ({@link ContentDecoding}, so that redaction sees the plain bytes), resolves
 * only through {@link EgressAddressResolver}, reads at most {@code maxResponseBytes} of an answer (before and after
 * decoding) and gives up after the request's timeout.
 *
 * <p>A seal cuts every call under way ({@link #cutInFlight}): each answers 503 {@code sealed} and nothing of what
 * the upstream answered; a call that had not gone out yet never sends the credential.
 */
public final class UpstreamClient implements AutoCloseable {
    /** {@code use_response_max_bytes} of the contract. */
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

    private final HttpClient client;
    private final int maxResponseBytes;
    private final BooleanSupplier sealed;
    private final Set<Request> inFlight = ConcurrentHashMap.newKeySet();

    /** A request as it leaves: already checked against the secret's egress and with the credential injected. */
    record Outgoing(String method, URI uri, List<Map.Entry<String, String>> headers, @Nullable String body,
            Duration timeout, EgressAddressResolver.Allowance allowance) {}

    /**
     * The upstream's answer, its body decoded (not yet redacted). Repeated headers are repeated entries; once a coding
     * was undone, the answer's Content-Encoding and Content-Length are left out.
     */
    record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) {}

    /** What a call under way is aborted with when the vault seals. */
    private static final class CutBySeal extends Exception {
        CutBySeal() {
            super("the vault was sealed", null, false, false);
        }
    }

    private UpstreamClient(HttpClient client, int maxResponseBytes, BooleanSupplier sealed) {
        this.client = client;
        this.maxResponseBytes = maxResponseBytes;
        this.sealed = sealed;
    }

    /** A started client resolving with the system's resolver; {@code sealed} tells whether the vault is sealed. */
    public static UpstreamClient start(BooleanSupplier sealed) {
        return start(InetAddress::getAllByName, DEFAULT_MAX_RESPONSE_BYTES, sealed);
    }

    static UpstreamClient start(EgressAddressResolver.Lookup lookup, int maxResponseBytes, BooleanSupplier sealed) {
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

        return new UpstreamClient(client, maxResponseBytes, sealed);
    }

    /**
     * Aborts every call under way: run once the vault is sealed (after {@code sealed} answers true), so a call
     * registered later sees the seal before it sends and one registered earlier is cut here.
     */
    public void cutInFlight() {
        inFlight.forEach(request -> request.abort(new CutBySeal()));
    }

    /**
     * Sends and reads the whole answer, decoded; 403, 502 or 504 as the contract says when that fails, 503
     * {@code sealed} when the vault is sealed before the answer is complete.
     */
    Answer send(Outgoing out) {
        Request request = request(out);
        inFlight.add(request);
        try {
            if (sealed.getAsBoolean()) {
                throw cut(out, "before it was sent; the credential did not leave the vault");
            }
            Answer answer;
            try {
                answer = exchange(request, out);
            } catch (ArcaException failed) {
                if (sealed.getAsBoolean()) {
                    throw cut(out, "while it was under way; it was cut and nothing of its answer is returned");
                }
                throw failed;
            }
            if (sealed.getAsBoolean()) {
                throw cut(out, "as its answer came back; nothing of it is returned");
            }
            return answer;
        } finally {
            inFlight.remove(request);
        }
    }

    private static ArcaException cut(Outgoing out, String when) {
        return new ArcaException(ErrorCode.SEALED, "Arca was sealed: the call to " + origin(out) + " stopped " + when
                + "; unseal it with `arca operator unseal`");
    }

    private Request request(Outgoing out) {
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
        return request;
    }

    private Answer exchange(Request request, Outgoing out) {
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
        byte[] received = body(listener, request, out);
        List<String> codings = response.getHeaders().getValuesList(HttpHeader.CONTENT_ENCODING);
        byte[] decoded = ContentDecoding.decode(codings, received, maxResponseBytes, origin(out));
        // once decoded, the coding and the length the upstream gave describe bytes the caller does not get
        boolean recoded = ContentDecoding.changes(codings);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        response.getHeaders().forEach(field -> {
            if (!recoded || !(field.is(HttpHeader.CONTENT_ENCODING.asString())
                    || field.is(HttpHeader.CONTENT_LENGTH.asString()))) {
                headers.add(Map.entry(field.getName(), field.getValue()));
            }
        });
        return new Answer(response.getStatus(), headers, decoded);
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

    private static ArcaException failure(@Nullable Throwable failure, Outgoing out) {
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
