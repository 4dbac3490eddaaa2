package dev.arca.sdk;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request and its answer, over some connection: {@link JdkExchange} over TCP ({@code java.net.http}),
 * {@link UnixSocketExchange} over a Unix domain socket. Only moves bytes: signing, retries and turning answers into
 * the SDK's exceptions happen once, in {@link HttpTransport}.
 */
interface Exchange extends AutoCloseable {
    /** Where the server is, for messages: {@code https://arca.example.com} or {@code unix:/home/me/.arca/arca.sock}. */
    URI address();

    /**
     * The request target as it goes on the wire for {@code target} (with the address's base path, if any): what a
     * machine signature covers.
     */
    String wireTarget(RequestTarget target);

    /** Sends one request and reads its whole answer; an {@link java.net.http.HttpTimeoutException} after timeout. */
    Answer send(Request request) throws IOException, InterruptedException;

    /** {@link #send} without blocking the caller; the future fails with the {@link IOException}. */
    CompletableFuture<Answer> sendAsync(Request request);

    @Override
    void close();

    /**
     * What to send.
     *
     * @param target the request target from {@link #wireTarget}
     * @param headers header names and values, in the order to send them
     * @param body the body, or null for none
     */
    record Request(String method, String target, Map<String, String> headers, byte @Nullable [] body,
            Duration timeout) {
        public Request {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        /** Never the headers (a token, a signature) nor the body (a secret). */
        @Override
        public String toString() {
            return "Exchange.Request[" + method + " " + target + "]";
        }
    }

    /** A whole answer; header names in any case. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        public Answer {
            var byName = new TreeMap<String, List<String>>(String.CASE_INSENSITIVE_ORDER);
            headers.forEach((name, values) -> byName.merge(name, List.copyOf(values), (a, b) -> {
                var both = new java.util.ArrayList<>(a);
                both.addAll(b);
                return List.copyOf(both);
            }));
            headers = Collections.unmodifiableMap(byName);
        }

        /** Never the body: it may hold a secret. */
        @Override
        public String toString() {
            return "Exchange.Answer[status=" + status + ", body=<" + body.length + " bytes>]";
        }

        Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }
    }
}
