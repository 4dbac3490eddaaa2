package dev.arca.sdk;

import dev.arca.api.Durations;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP request {@link UseOperations#httpRequest} asks the vault to make with a secret injected: a method, an
 * absolute URL (allowed by the secret's egress rules), headers, a UTF-8 body and how long to wait. Immutable; each
 * setter answers a copy.
 */
public final class UpstreamRequest {
    /** The longest the vault waits for an upstream. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    private final String method;
    private final String url;
    private final Map<String, String> headers;
    private final @Nullable String body;
    private final @Nullable Duration timeout;

    private UpstreamRequest(String method, String url, Map<String, String> headers, @Nullable String body,
            @Nullable Duration timeout) {
        this.method = method;
        this.url = url;
        this.headers = headers;
        this.body = body;
        this.timeout = timeout;
    }

    /** A {@code GET} of {@code url} without headers or body, with the server's default timeout (10 s). */
    public static UpstreamRequest get(String url) {
        return to("GET", url);
    }

    /** A request with this method ({@code GET}, {@code POST}…) to {@code url}. */
    public static UpstreamRequest to(String method, String url) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(url, "url");
        return new UpstreamRequest(method.toUpperCase(Locale.ROOT), url, Map.of(), null, null);
    }

    /** The same request with one more header (the injected one is added by the vault). */
    public UpstreamRequest header(String name, String value) {
        var more = new LinkedHashMap<>(headers);
        more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return new UpstreamRequest(method, url, Collections.unmodifiableMap(more), body, timeout);
    }

    /** The same request with this UTF-8 body. */
    public UpstreamRequest body(String body) {
        return new UpstreamRequest(method, url, headers, Objects.requireNonNull(body, "body"), timeout);
    }

    /**
     * The same request waiting at most {@code timeout} (whole seconds, up to {@link #MAX_TIMEOUT}) for the upstream.
     * The client's own timeout ({@link ArcaClient.Builder#timeout}) must be longer, or it gives up first.
     */
    public UpstreamRequest timeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0
                || timeout.getNano() != 0) {
            throw new IllegalArgumentException("the upstream timeout is whole seconds from 1 s to 60 s, not " + timeout);
        }
        return new UpstreamRequest(method, url, headers, body, timeout);
    }

    public String method() {
        return method;
    }

    public String url() {
        return url;
    }

    /** The caller's headers, by name, in the order they were added. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The body, or null. */
    public @Nullable String body() {
        return body;
    }

    /** The timeout, or null for the server's default. */
    public @Nullable Duration timeout() {
        return timeout;
    }

    /** The timeout as a wire duration ({@code 30s}), or null. */
    @Nullable String timeoutText() {
        return timeout == null ? null : Durations.format(timeout);
    }

    @Override
    public String toString() {
        // The URL may carry a query with something private, the headers and body too: only the method.
        return "UpstreamRequest[method=" + method + "]";
    }
}
