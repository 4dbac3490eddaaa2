package dev.arca.server.frontend.acme.challenge;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.VirtualThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * {@code http-01} (RFC 8555 §8.3): fetches {@code http://<identifier>:<port>/.well-known/acme-challenge/<token>} and
 * expects the key authorization, trailing whitespace aside.
 *
 * <p>Guarantees: names resolve through {@link ChallengeTargets} only (the configured resolver, the address policy),
 * also for every redirect; at most {@value #MAX_REDIRECTS} redirects, each to {@code http} or {@code https} on port
 * 80, 443 or the configured port; at most {@value #MAX_BODY_BYTES} bytes of an answer are read; a fetch gives up
 * after the timeout. An {@code https} redirect target's certificate is not checked (RFC 8555 §8.3 does not ask it
 * to be valid). Each validation uses a fresh client, so no connection outlives it.
 */
final class Http01Validator implements ChallengeValidator {
    static final int MAX_REDIRECTS = 10;
    static final int MAX_BODY_BYTES = 8 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]+");

    private final ChallengeTargets targets;
    private final int port;
    private final Duration timeout;

    Http01Validator(ChallengeTargets targets, int port) {
        this(targets, port, TIMEOUT);
    }

    /** With another timeout per fetch: tests make it short. */
    Http01Validator(ChallengeTargets targets, int port, Duration timeout) {
        this.targets = targets;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public String type() {
        return "http-01";
    }

    @Override
    public void validate(AcmeIdentifier identifier, String token, String keyAuthorization)
            throws ChallengeFailedException {
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalArgumentException("an ACME token is base64url, not " + token);
        }
        String host = AcmeIdentifier.IP.equals(identifier.type()) && identifier.value().contains(":")
                ? "[" + identifier.value() + "]" : identifier.value();
        URI uri = URI.create("http://" + host + ":" + port + "/.well-known/acme-challenge/" + token);
        HttpClient client = startClient();
        try {
            Fetched answer = fetchFollowingRedirects(client, uri);
            if (answer.status() != 200) {
                throw new ChallengeFailedException("incorrectResponse", answer.uri() + " answered HTTP "
                        + answer.status() + ", not 200 with the key authorization");
            }
            String body = answer.body().stripTrailing();
            if (!body.equals(keyAuthorization)) {
                throw new ChallengeFailedException("incorrectResponse", answer.uri() + " answered \""
                        + printable(body) + "\", not the key authorization \"" + keyAuthorization + "\"");
            }
        } finally {
            stop(client);
        }
    }

    /** One answer: where it came from, its status, its Location header and (at most the cap of) its body. */
    private record Fetched(URI uri, int status, @Nullable String location, String body) {}

    private Fetched fetchFollowingRedirects(HttpClient client, URI first) throws ChallengeFailedException {
        Fetched answer = fetch(client, first);
        for (int redirects = 0; isRedirect(answer.status()); redirects++) {
            if (redirects == MAX_REDIRECTS) {
                throw new ChallengeFailedException("connection", "more than " + MAX_REDIRECTS + " redirects, the last "
                        + "from " + answer.uri());
            }
            answer = fetch(client, redirectTarget(answer));
        }
        return answer;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private URI redirectTarget(Fetched answer) throws ChallengeFailedException {
        if (answer.location() == null) {
            throw new ChallengeFailedException("connection", answer.uri() + " redirected without a Location");
        }
        URI target;
        try {
            target = answer.uri().resolve(answer.location());
        } catch (IllegalArgumentException e) {
            throw new ChallengeFailedException("connection", answer.uri() + " redirected to the unusable location \""
                    + printable(answer.location()) + "\"");
        }
        String scheme = String.valueOf(target.getScheme());
        int targetPort = target.getPort() != -1 ? target.getPort() : "https".equals(scheme) ? 443 : 80;
        if (!Set.of("http", "https").contains(scheme) || target.getHost() == null
                || !Set.of(80, 443, port).contains(targetPort)) {
            throw new ChallengeFailedException("connection", answer.uri() + " redirected to " + target
                    + "; a redirect may go only to http or https on port 80, 443 or " + port);
        }
        return target;
    }

    private Fetched fetch(HttpClient client, URI uri) throws ChallengeFailedException {
        Request request = client.newRequest(uri).timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        var listener = new InputStreamResponseListener();
        request.send(listener);
        try {
            // the request's own timeout fires first; this bound only guards against a listener never completed
            Response response = listener.get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            try (InputStream in = listener.getInputStream()) {
                byte[] body = in.readNBytes(MAX_BODY_BYTES);
                request.abort(new IOException("the rest of the answer is not read"));
                return new Fetched(uri, response.getStatus(), response.getHeaders().get(HttpHeader.LOCATION),
                        new String(body, StandardCharsets.UTF_8));
            }
        } catch (ExecutionException | IOException e) {
            throw failure(uri, e instanceof ExecutionException ? e.getCause() : e);
        } catch (TimeoutException e) {
            request.abort(e);
            throw failure(uri, e);
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new ChallengeFailedException("connection", "the validation of " + uri + " was interrupted");
        }
    }

    private ChallengeFailedException failure(URI uri, @Nullable Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ChallengeFailedException refused) {
                return refused;
            }
            if (cause instanceof TimeoutException) {
                return new ChallengeFailedException("connection", uri + " did not answer within "
                        + timeout.toSeconds() + " s");
            }
            if (cause instanceof ConnectException) {
                return new ChallengeFailedException("connection", "cannot connect to " + uri + ": "
                        + cause.getMessage());
            }
        }
        return new ChallengeFailedException("connection", "fetching " + uri + " failed: "
                + (failure == null ? "no reason given" : failure.getMessage()));
    }

    private HttpClient startClient() {
        var client = new HttpClient();
        client.setName("arca-acme-http01");
        client.setExecutor(new VirtualThreadPool());
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setSocketAddressResolver(new TargetResolver());
        client.setConnectTimeout(timeout.toMillis());
        client.setIdleTimeout(timeout.toMillis());
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "Arca ACME validator"));
        var tls = new SslContextFactory.Client();
        tls.setSslContext(CapturingTrustManager.context(new CapturingTrustManager()));
        client.setSslContextFactory(tls);
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP client of the http-01 validator", e);
        }
        return client;
    }

    private static void stop(HttpClient client) {
        try {
            client.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the HTTP client of the http-01 validator", e);
        }
    }

    /** Jetty's resolver: the addresses {@link ChallengeTargets} allows, looked up off the client's selector. */
    private final class TargetResolver implements SocketAddressResolver {
        @Override
        public void resolve(String host, int port, Map<String, Object> context,
                Promise<List<InetSocketAddress>> promise) {
            Thread.ofVirtual().name("arca-acme-resolve").start(() -> {
                try {
                    promise.succeeded(targets.addresses(host).stream()
                            .map(address -> new InetSocketAddress(address, port)).toList());
                } catch (ChallengeFailedException e) {
                    promise.failed(e);
                }
            });
        }
    }

    private static String printable(String text) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "…" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }
}
